package org.dlnotes.train;

import java.util.Objects;

/**
 * What {@link Trainer#fit} returns; the network itself was trained in place.
 *
 * @param history one row per epoch run
 * @param bestEpoch the epoch whose parameters the network holds at the end (the last one unless early stopping
 *     restored an earlier one)
 * @param stoppedEarly whether early stopping ended the run before the last planned epoch
 */
public record TrainingResult(History history, int bestEpoch, boolean stoppedEarly) {

    /** Checks the arguments. */
    public TrainingResult {
        Objects.requireNonNull(history, "history");
    }
}
