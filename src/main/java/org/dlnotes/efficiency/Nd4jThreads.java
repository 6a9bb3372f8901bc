package org.dlnotes.efficiency;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads ND4J uses inside one operation: its "master" threads, which split its own loops, and OpenBLAS's
 * threads, which split the matrix products (ND4J's {@code setMaxThreads} has no effect in 1.0.0-M2.1: the native
 * side ignores it, so this class sets the other two). ND4J starts with one per core. On a machine that other processes keep busy, an operation split over all cores waits for the
 * slowest thread at every step and can take several times longer than on one thread; data-parallel training adds
 * threads of its own. {@link #limit(int)} sets the limit for a block and restores it:
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
        private boolean closed;

        private Limit(int threads, int master, int blas) {
            this.threads = threads;
            this.master = master;
            this.blas = blas;
        }

        /** Restores the limits that were in force before (once). */
        @Override
        public void close() {
            if (!closed) {
                set(threads, master, blas);
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
                Nd4j.factory().blas().getMaxThreads());
        if (threads > 0) {
            set(threads, threads, threads);
        }
        return previous;
    }

    private static void set(int threads, int master, int blas) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(master);
        Nd4j.factory().blas().setMaxThreads(blas);
    }
}
