package org.dlnotes.train;

/**
 * Thrown when a loss, the parameters or the outputs become NaN or infinite; names where it happened so the run can be
 * fixed, and says what state the model is left in: {@link Trainer} restores the last finite parameters, the other
 * training loops leave those of the update that diverged.
 */
public final class TrainingDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** 1-based epoch where the loss stopped being finite. */
    private final int epoch;
    /** 1-based minibatch within that epoch. */
    private final int iteration;

    /**
     * A diverged run at 1-based {@code epoch} and 1-based {@code iteration} within it.
     *
     * @param problem what is not finite, e.g. "loss is NaN"
     * @param restored whether the model was set back to its last finite parameters
     */
    public TrainingDivergedException(int epoch, int iteration, String problem, boolean restored) {
        super("training diverged: " + problem + " at epoch " + epoch + ", iteration " + iteration + ". "
                + (restored ? "The network keeps its last finite parameters." : "The model keeps the parameters of"
                        + " that update, which may not be finite: train a fresh copy.")
                + " Lower the learning rate, clip gradients (Trainer.clipGradientNorm) or check the data for NaN/Inf"
                + " values.");
        this.epoch = epoch;
        this.iteration = iteration;
    }

    /** 1-based epoch where the loss stopped being finite. */
    public int epoch() {
        return epoch;
    }

    /** 1-based minibatch within that epoch. */
    public int iteration() {
        return iteration;
    }
}
