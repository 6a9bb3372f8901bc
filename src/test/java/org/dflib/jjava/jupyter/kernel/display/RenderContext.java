package org.dflib.jjava.jupyter.kernel.display;

/** Test stand-in for JJava 1.0's RenderContext: only the output container. */
public class RenderContext {
    private final DisplayData out;

    public RenderContext(DisplayData out) {
        this.out = out;
    }

    public DisplayData getOutputContainer() {
        return out;
    }
}
