package org.dlnotes.train;

/**
 * Thrown by {@link Trainer#fit} when its thread is interrupted (in Jupyter: <i>Kernel → Interrupt</i>). Training stops
 * after the current minibatch; the network keeps the weights it has, and {@link #history()} holds the epochs that
 * completed.
 */
public final class TrainingInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient History history;
    private final int epoch;
    private final int iteration;

    /** Interrupted in 1-based {@code epoch} after 1-based minibatch {@code iteration}; {@code history} is complete epochs. */
    public TrainingInterruptedException(int epoch, int iteration, History history) {
        super("training interrupted in epoch " + epoch + " after minibatch " + iteration + "; the network keeps its"
                + " current weights and history() holds the " + history.epochs().size() + " completed epochs");
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

    /** 1-based minibatch after which training stopped. */
    public int iteration() {
        return iteration;
    }
}
