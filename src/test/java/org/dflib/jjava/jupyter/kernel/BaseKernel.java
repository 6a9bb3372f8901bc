package org.dflib.jjava.jupyter.kernel;

import java.util.Objects;

import org.dflib.jjava.jupyter.kernel.display.Renderer;

/** Test stand-in for newer JJava's BaseKernel: notebookKernel() throws outside a kernel, as the real one does. */
public abstract class BaseKernel {
    /** Set by the real kernel at start-up; the test sets it. */
    public static BaseKernel notebookKernel;

    public static BaseKernel notebookKernel() {
        return Objects.requireNonNull(notebookKernel, "No kernel running. Likely called outside of the notebook lifecycle");
    }

    public abstract Renderer getRenderer();
}
