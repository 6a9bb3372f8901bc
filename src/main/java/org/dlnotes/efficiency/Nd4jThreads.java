package org.dlnotes.efficiency;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads ND4J uses inside one operation. Three settings decide it, and this class sets all three: ND4J's
 * "master" threads, which split its own loops (global); OpenBLAS's threads; and OpenMP's thread count, which
 * {@code Nd4j.gemm} and the other OpenMP code follow (per calling thread: a limit applies to operations started from
 * the thread that set it). ND4J's {@code setMaxThreads} alone has no effect in 1.0.0-M2.1. ND4J starts with one per
 * core, or with {@code OMP_NUM_THREADS}; raising a limit above the start value needs {@code SD_MAX_THREADS} (the size
 * of ND4J's thread pool) set at start, as the kernel does (README, "Threads per operation").
 *
 * <p>On a machine that other processes keep busy, an operation split over all cores waits for the slowest thread at
 * every step and can take several times longer than on one thread; data-parallel training adds threads of its own.
 * {@link #limit(int)} sets the limit for a block and restores it:
 *
 * <pre>{@code
 * try (Nd4jThreads.Limit one = Nd4jThreads.limit(1)) {
 *     net.fit(batch);
 * }
 * }</pre>
 */
public final class Nd4jThreads {

    private Nd4jThreads() {
    }

    /** A thread limit in force until {@link #close()}, which restores the previous limits. */
    public static final class Limit implements AutoCloseable {

        private final int threads;
        private final int master;
        private final int blas;
        private final int openMp;
        private boolean closed;

        private Limit(int threads, int master, int blas, int openMp) {
            this.threads = threads;
            this.master = master;
            this.blas = blas;
            this.openMp = openMp;
        }

        /** Restores the limits that were in force before (once). */
        @Override
        public void close() {
            if (!closed) {
                set(threads, master, blas, openMp);
                closed = true;
            }
        }
    }

    /** ND4J's current limit of threads per operation (its master threads). */
    public static int current() {
        return Nd4j.getEnvironment().maxMasterThreads();
    }

    /**
     * Limits ND4J to {@code threads} threads per operation (its loops and OpenBLAS) until the returned limit is
     * closed; 0 keeps the current limits (and closing restores nothing).
     */
    public static Limit limit(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 keeps ND4J's setting), but is " + threads);
        }
        Limit previous = new Limit(Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads(),
                Nd4j.factory().blas().getMaxThreads(), nativeOps().ompGetMaxThreads());
        if (threads > 0) {
            set(threads, threads, threads, threads);
        }
        return previous;
    }

    /** OpenMP's thread count for operations started from the calling thread, which {@code Nd4j.gemm} follows. */
    public static int openMpThreads() {
        return nativeOps().ompGetMaxThreads();
    }

    /**
     * Sets OpenMP's thread count for the calling thread only, leaving ND4J's and OpenBLAS's settings: for threads
     * that another library starts (a data-parallel replica's), after {@link #limit(int)} set the rest. Does nothing
     * when it is already {@code threads}.
     */
    public static void setOpenMpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, but is " + threads);
        }
        NativeOps ops = nativeOps();
        if (ops.ompGetMaxThreads() != threads) {
            ops.setOmpNumThreads(threads);
        }
    }

    private static void set(int threads, int master, int blas, int openMp) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(master);
        Nd4j.factory().blas().setMaxThreads(blas);
        nativeOps().setOmpNumThreads(openMp);
    }

    private static NativeOps nativeOps() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }
}
