package org.dflib.jjava.kernel;

import java.util.Objects;

/** Test stand-in for JJava 1.0's JavaNotebookStatics: kernel() throws outside a kernel, as the real one does. */
public class JavaNotebookStatics {
    /** Set by the real kernel's extension install; the test sets it. */
    public static JavaKernel kernel;

    public static JavaKernel kernel() {
        return Objects.requireNonNull(kernel, "No Java kernel running. Likely called outside of the notebook lifecycle");
    }
}
