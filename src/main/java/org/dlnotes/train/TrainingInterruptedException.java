package org.dlnotes.train;

/**
 * Thrown by the training classes' {@code fit} ({@link EpochTraining}) when its thread is interrupted (in Jupyter:
 * <i>Kernel → Interrupt</i>). Training stops before the next epoch or after the current minibatch; the network keeps
 * the weights it has, and {@link #history()} holds the epochs that completed. The thread's interrupt flag stays set.
 */
public final class TrainingInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient History history;
    private final int epoch;
    private final int iteration;

    /**
     * Interrupted in 1-based {@code epoch} after 1-based minibatch {@code iteration} (0: before the epoch's first);
     * {@code history} is complete epochs.
     */
    public TrainingInterruptedException(int epoch, int iteration, History history) {
        super("training interrupted " + (iteration == 0 ? "before epoch " + epoch : "in epoch " + epoch
                + " after minibatch " + iteration) + "; the network keeps its current weights and history() holds the "
                + history.epochs().size() + " completed epochs");
        this.epoch = epoch;
        this.iteration = iteration;
        this.history = history;
    }

    /** The epochs that completed before the interrupt. */
    public History history() {
        return history;
    }

    /** 1-based epoch that was interrupted. */
    public int epoch() {
        return epoch;
    }

    /** 1-based minibatch after which training stopped; 0 if it stopped before the epoch began. */
    public int iteration() {
        return iteration;
    }
}
