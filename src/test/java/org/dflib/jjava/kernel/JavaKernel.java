package org.dflib.jjava.kernel;

import org.dflib.jjava.jupyter.kernel.display.Renderer;

/** Test stand-in for JJava 1.0's kernel: only getRenderer(). */
public class JavaKernel {
    private final Renderer renderer = new Renderer();

    public Renderer getRenderer() {
        return renderer;
    }
}
