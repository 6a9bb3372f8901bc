/**
 * Starts rapaio-jupyter-kernel, and exits when the kernel's shell loop dies so that Jupyter restarts the kernel
 * instead of waiting on it forever.
 *
 * <p>Why: rapaio-jupyter-kernel 3.0.1 starts its shell loop before it registers its message handlers
 * ({@code Channels.connect}). Jupyter sends {@code kernel_info_request} as soon as the kernel starts, so on a busy
 * machine that first request can arrive in between; the shell thread then dies with a NullPointerException in
 * {@code Channels.getHandler} and the kernel hangs without answering. A dead shell loop means the kernel can never
 * answer again, so exiting is the right response: the notebook server restarts a dead kernel by itself, and
 * {@code environment/run_notebooks.py} retries the start. Compiled by {@code environment/setup.sh}.
 */
public final class KernelLauncher {

    /** Exit status that tells a log reader the shell loop died. */
    static final int SHELL_DIED = 75;

    public static void main(String[] args) throws Exception {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            error.printStackTrace();
            if (thread.getName().startsWith("Shell")) {
                System.err.println("[dlnotes] the kernel's shell loop died; exiting so that Jupyter restarts the"
                        + " kernel (see environment/KernelLauncher.java).");
                Runtime.getRuntime().halt(SHELL_DIED);
            }
        });
        org.rapaio.jupyter.kernel.MainApp.main(args);
    }
}
