package io.github.spencerpark.ijava;

/** Test stand-in for IJava's main class: the running kernel, null outside a kernel. */
public class IJava {
    /** Not in the real class (it sets the kernel in main): what the test installs. */
    public static JavaKernel kernel;

    public static JavaKernel getKernelInstance() {
        return kernel;
    }
}
