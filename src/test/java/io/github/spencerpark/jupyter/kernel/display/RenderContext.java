package io.github.spencerpark.jupyter.kernel.display;

/** Test stand-in for IJava 1.3 (jupyter-jvm-basekernel 2.3)'s RenderContext: only the output container. */
public class RenderContext {
    private final DisplayData out;

    public RenderContext(DisplayData out) {
        this.out = out;
    }

    public DisplayData getOutputContainer() {
        return out;
    }
}
