package org.dlnotes.efficiency;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Times code by wall clock and by this process's CPU time (the JDK's {@code com.sun.management} extension of the
 * operating-system bean).
 *
 * <pre>{@code
 * Timed<Double> t = Timing.measure(() -> train(net));
 * t.wallSeconds();  t.cpuSeconds();  t.cores();
 * double ms = 1000 * Timing.medianSeconds(() -> net.output(x), 7);
 * double[] s = Timing.interleavedMedianSeconds(7, () -> net.output(x), () -> lean.output(x));
 * }</pre>
 */
public final class Timing {

    private Timing() {
    }

    /** Runs {@code work} and returns its value with the elapsed wall and process CPU seconds. */
    public static <T> Timed<T> measure(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        double cpu0 = processCpuSeconds();
        long wall0 = System.nanoTime();
        T value = work.get();
        long wall1 = System.nanoTime();
        double cpu1 = processCpuSeconds();
        return new Timed<>(value, (wall1 - wall0) / 1e9, Math.max(0, cpu1 - cpu0));
    }

    /** Runs {@code work} and returns the elapsed wall and process CPU seconds. */
    public static Timed<Void> measure(Runnable work) {
        Objects.requireNonNull(work, "work");
        return measure(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code work} {@code repeats} times and returns the median wall-clock seconds of one run: a time that one
     * disturbed run (a garbage collection, another process) does not move.
     *
     * @throws IllegalArgumentException if {@code repeats} is below 1
     */
    public static double medianSeconds(Runnable work, int repeats) {
        Objects.requireNonNull(work, "work");
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, but is " + repeats);
        }
        double[] seconds = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            work.run();
            seconds[r] = (System.nanoTime() - start) / 1e9;
        }
        return median(seconds);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /**
     * Times several pieces of work against each other: {@code repeats} rounds, each running every piece once in turn
     * (the order rotating from round to round), and returns each piece's median wall-clock seconds. A burst of load
     * from elsewhere falls on all pieces alike instead of on whichever was timed during it, so their ratio holds on a
     * busy machine where two separate timings would not.
     *
     * <pre>{@code
     * double[] s = Timing.interleavedMedianSeconds(7, () -> slow(x), () -> fast(x));   // s[0] / s[1]: the speed-up
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code repeats} is below 1 or no work is given
     */
    public static double[] interleavedMedianSeconds(int repeats, Runnable... works) {
        Objects.requireNonNull(works, "works");
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, but is " + repeats);
        }
        if (works.length == 0) {
            throw new IllegalArgumentException("give at least one piece of work to time");
        }
        double[][] seconds = new double[works.length][repeats];
        for (int r = 0; r < repeats; r++) {
            for (int k = 0; k < works.length; k++) {
                int w = (r + k) % works.length;
                long start = System.nanoTime();
                Objects.requireNonNull(works[w], "works[" + w + "]").run();
                seconds[w][r] = (System.nanoTime() - start) / 1e9;
            }
        }
        double[] medians = new double[works.length];
        for (int w = 0; w < works.length; w++) {
            medians[w] = median(seconds[w]);
        }
        return medians;
    }

    /**
     * CPU seconds used so far by all threads of this JVM.
     *
     * @throws UnsupportedOperationException on a JVM without the {@code com.sun.management} extension
     */
    public static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            if (nanos >= 0) {
                return nanos / 1e9;
            }
        }
        throw new UnsupportedOperationException("this JVM does not report process CPU time "
                + "(com.sun.management.OperatingSystemMXBean); use a HotSpot/OpenJDK JVM");
    }

    /** Processors available to this JVM. */
    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
