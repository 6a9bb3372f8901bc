package org.dlnotes.economics;

/**
 * Rules of thumb for transformer compute (Kaplan et al. 2020, https://arxiv.org/abs/2001.08361, section 2.1): a forward
 * pass costs about {@code 2N} floating-point operations per token for {@code N} parameters, a training step about
 * {@code 6N} (forward plus a backward pass of twice the cost). Attention over the context adds a term that these
 * approximations leave out; it is small while the context is short compared with {@code 12·d_model}.
 */
public final class Compute {

    private Compute() {
    }

    /** Training compute {@code 6·N·D} FLOPs for {@code N} parameters and {@code D} training tokens. */
    public static double trainingFlops(double parameters, double tokens) {
        positive("parameters", parameters);
        positive("tokens", tokens);
        return 6 * parameters * tokens;
    }

    /** Inference compute {@code 2·N} FLOPs per generated or read token. */
    public static double inferenceFlopsPerToken(double parameters) {
        positive("parameters", parameters);
        return 2 * parameters;
    }

    /**
     * Accelerator-hours to perform {@code flops} on hardware with peak {@code peakFlopsPerSecond}, of which the share
     * {@code utilisation} (model FLOPs utilisation, MFU) is achieved.
     */
    public static double acceleratorHours(double flops, double peakFlopsPerSecond, double utilisation) {
        positive("flops", flops);
        positive("peakFlopsPerSecond", peakFlopsPerSecond);
        share("utilisation", utilisation);
        return flops / (peakFlopsPerSecond * utilisation) / 3600;
    }

    /** The utilisation implied by a reported run: {@code flops / (hours·3600·peak)}. */
    public static double impliedUtilisation(double flops, double acceleratorHours, double peakFlopsPerSecond) {
        positive("flops", flops);
        positive("acceleratorHours", acceleratorHours);
        positive("peakFlopsPerSecond", peakFlopsPerSecond);
        return flops / (acceleratorHours * 3600 * peakFlopsPerSecond);
    }

    static void positive(String what, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be positive and finite, but is " + value);
        }
    }

    static void share(String what, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(what + " must be in (0, 1], e.g. 0.4, but is " + value);
        }
    }
}
