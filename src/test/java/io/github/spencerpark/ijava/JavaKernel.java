package io.github.spencerpark.ijava;

import io.github.spencerpark.jupyter.kernel.display.Renderer;

/** Test stand-in for IJava 1.3 (jupyter-jvm-basekernel 2.3)'s kernel: only getRenderer(). */
public class JavaKernel {
    private final Renderer renderer = new Renderer();

    public Renderer getRenderer() {
        return renderer;
    }
}
