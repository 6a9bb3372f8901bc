package org.dlnotes.distributed;

import java.util.Arrays;
import java.util.Objects;

import org.dlnotes.train.History;

/**
 * A data-parallel (or single-worker) training run: per epoch the wall-clock seconds of the training pass
 * ({@value History#SECONDS}), the process CPU seconds ({@value #CPU_SECONDS}), their ratio ({@value #CORES}) and
 * the test accuracy after the epoch ({@value #TEST_ACCURACY}, when test data was given).
 *
 * @param name what ran, e.g. {@code "ParallelWrapper, 2 workers, averaging every 5"}
 * @param workers model replicas trained at once (1 for a plain {@code net.fit} loop)
 * @param history one entry per epoch
 */
public record DataParallelResult(String name, int workers, History history) {

    /** Column: CPU seconds of the process during the training pass. */
    public static final String CPU_SECONDS = "cpu_seconds";
    /** Column: average busy cores, {@code cpu_seconds / seconds}. */
    public static final String CORES = "cores";
    /** Column: accuracy on the test data after the epoch. */
    public static final String TEST_ACCURACY = "test_accuracy";

    /** Checks the fields. */
    public DataParallelResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(history, "history");
        if (history.epochs().isEmpty()) {
            throw new IllegalArgumentException("history must have at least one epoch, but is empty");
        }
    }

    /**
     * Median wall-clock seconds of an epoch's training pass; with three or more epochs the first (warm-up: JIT,
     * workspaces, thread start) is left out.
     */
    public double secondsPerEpoch() {
        return median(history.column(History.SECONDS));
    }

    /** Median CPU seconds of an epoch's training pass, leaving out the first epoch as {@link #secondsPerEpoch()}. */
    public double cpuSecondsPerEpoch() {
        return median(history.column(CPU_SECONDS));
    }

    /** Test accuracy after the last epoch ({@code NaN} without test data). */
    public double finalAccuracy() {
        return history.columns().contains(TEST_ACCURACY) ? history.last().value(TEST_ACCURACY) : Double.NaN;
    }

    private static double median(double[] values) {
        double[] v = values.length >= 3 ? Arrays.copyOfRange(values, 1, values.length) : values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
