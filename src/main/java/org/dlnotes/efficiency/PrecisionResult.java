package org.dlnotes.efficiency;

import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The outcome of training (or running) one copy of a network in one data type.
 *
 * @param type the network's data type
 * @param epochs epochs trained (0 for inference only)
 * @param wallSeconds wall-clock seconds of the training (or inference)
 * @param cpuSeconds process CPU seconds over the same time
 * @param trainLoss training loss of the last epoch ({@code NaN} for inference or a failed run)
 * @param testAccuracy accuracy on the test data ({@code NaN} for a failed run)
 * @param failure why the run failed (its first error line), or {@code null} when it succeeded
 */
public record PrecisionResult(DataType type, int epochs, double wallSeconds, double cpuSeconds, double trainLoss,
        double testAccuracy, String failure) {

    /** Checks the fields. */
    public PrecisionResult {
        Objects.requireNonNull(type, "type");
    }

    /** Whether the run finished with a finite loss and an accuracy. */
    public boolean ok() {
        return failure == null;
    }
}
