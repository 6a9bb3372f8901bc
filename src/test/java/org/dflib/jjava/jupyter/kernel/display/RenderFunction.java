package org.dflib.jjava.jupyter.kernel.display;

/** Test stand-in for JJava 1.0's RenderFunction, same shape. */
@FunctionalInterface
public interface RenderFunction<T> {
    void render(T data, RenderContext context);
}
