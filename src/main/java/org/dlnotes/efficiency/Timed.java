package org.dlnotes.efficiency;

/**
 * A value with the time it took to compute: wall-clock seconds and the CPU seconds that this JVM's threads spent
 * meanwhile. On a machine shared with other work the wall time grows with the load; the CPU time much less so.
 *
 * @param value what the timed code returned ({@code null} for a {@link Runnable})
 * @param wallSeconds elapsed real time
 * @param cpuSeconds CPU time of the whole process over the same interval (all threads)
 * @param <T> the value's type
 */
public record Timed<T>(T value, double wallSeconds, double cpuSeconds) {

    /** Checks the times. */
    public Timed {
        if (!(wallSeconds >= 0) || !(cpuSeconds >= 0)) {
            throw new IllegalArgumentException("wallSeconds and cpuSeconds must be >= 0, but are " + wallSeconds
                    + " and " + cpuSeconds);
        }
    }

    /**
     * Average number of cores busy for this process: {@code cpuSeconds / wallSeconds} (1.0 for one fully busy
     * thread; below 1 when the process waited, e.g. for a CPU taken by another process).
     */
    public double cores() {
        return wallSeconds == 0 ? 0 : cpuSeconds / wallSeconds;
    }
}
