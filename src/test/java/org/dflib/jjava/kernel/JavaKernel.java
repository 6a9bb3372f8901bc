package org.dflib.jjava.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.Renderer;

/** Test stand-in for JJava 1.0's kernel: only getRenderer(). */
public class JavaKernel extends BaseKernel {
    private final Renderer renderer = new Renderer();

    @Override
    public Renderer getRenderer() {
        return renderer;
    }
}
