package io.github.spencerpark.jupyter.kernel.display;

/** Test stand-in for IJava 1.3 (jupyter-jvm-basekernel 2.3)'s RenderFunction, same shape. */
@FunctionalInterface
public interface RenderFunction<T> {
    void render(T data, RenderContext context);
}
