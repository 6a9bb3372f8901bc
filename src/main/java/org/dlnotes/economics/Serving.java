package org.dlnotes.economics;

import java.util.Objects;

/**
 * What generating tokens costs, from a roofline model of one decoding step: every step reads all weights (and each
 * sequence's key/value cache) from memory and does {@code 2N} FLOPs per sequence in the batch, so
 * {@code step time = max(bytes read / bandwidth, 2N·batch / (peak·efficiency))}. A larger batch shares one read of the
 * weights among more tokens: the economy of scale of serving, until compute becomes the bound.
 *
 * <pre>{@code
 * Serving.Step s = Serving.decodeStep(shape, Precision.FP16, Accelerator.h100Sxm(), 1, 64, 2048, 0.6);
 * s.tokensPerSecond();
 * Serving.costPerMillionTokens(2.49, 1, s.tokensPerSecond(), 0.5);   // $ per 1M tokens at 50 % load
 * }</pre>
 */
public final class Serving {

    private Serving() {
    }

    /**
     * One decoding step of {@code batch} sequences, each with {@code contextTokens} of cached context, on
     * {@code accelerators} devices that split the model evenly (ideal tensor parallelism).
     *
     * @param computeEfficiency share of peak FLOP/s reached by the matrix products, in (0, 1]
     * @throws IllegalArgumentException if an argument is out of range or weights plus cache do not fit in memory
     */
    public static Step decodeStep(TransformerShape shape, Precision precision, Accelerator accelerator,
            int accelerators, int batch, int contextTokens, double computeEfficiency) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(accelerator, "accelerator");
        if (accelerators < 1 || batch < 1 || contextTokens < 0) {
            throw new IllegalArgumentException("need accelerators >= 1, batch >= 1, contextTokens >= 0, but got "
                    + accelerators + ", " + batch + ", " + contextTokens);
        }
        Compute.share("computeEfficiency", computeEfficiency);
        double n = shape.parameters().total();
        double weights = precision.weightBytes(n);
        double cache = shape.kvCacheBytesPerToken(2) * contextTokens * batch;   // cache kept in 16-bit
        double memory = accelerator.memoryBytes() * accelerators;
        if (weights + cache > memory) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s at %s with batch %d and %d tokens of context needs %.1f GB, but %d × %s hold %.1f GB; "
                            + "use more accelerators, a smaller batch or a lower precision", shape.name(), precision,
                    batch, contextTokens, (weights + cache) / 1e9, accelerators, accelerator.name(), memory / 1e9));
        }
        double memorySeconds = (weights + cache) / (accelerator.memoryBandwidth() * accelerators);
        double computeSeconds = Compute.inferenceFlopsPerToken(n) * batch
                / (accelerator.peakFlopsPerSecond() * computeEfficiency * accelerators);
        return new Step(batch, accelerators, memorySeconds, computeSeconds);
    }

    /**
     * Cost in dollars per million generated tokens: the hourly price of the accelerators divided by the tokens they
     * produce in an hour at {@code utilisation} (the share of the hour they serve requests).
     */
    public static double costPerMillionTokens(double pricePerAcceleratorHour, int accelerators, double tokensPerSecond,
            double utilisation) {
        Compute.positive("pricePerAcceleratorHour", pricePerAcceleratorHour);
        Compute.positive("tokensPerSecond", tokensPerSecond);
        Compute.share("utilisation", utilisation);
        if (accelerators < 1) {
            throw new IllegalArgumentException("accelerators must be >= 1, but is " + accelerators);
        }
        return pricePerAcceleratorHour * accelerators / (tokensPerSecond * 3600 * utilisation) * 1e6;
    }

    /**
     * A decoding step's timing.
     *
     * @param batch sequences decoded together
     * @param accelerators devices used
     * @param memorySeconds time to read weights and caches
     * @param computeSeconds time for the matrix products
     */
    public record Step(int batch, int accelerators, double memorySeconds, double computeSeconds) {

        /** Step time under the roofline: the larger of the two. */
        public double seconds() {
            return Math.max(memorySeconds, computeSeconds);
        }

        /** Whether memory traffic, not arithmetic, sets the pace. */
        public boolean memoryBound() {
            return memorySeconds >= computeSeconds;
        }

        /** Tokens generated per second by all sequences together. */
        public double tokensPerSecond() {
            return batch / seconds();
        }
    }
}
