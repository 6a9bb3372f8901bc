package org.dlnotes.data;

import java.util.Objects;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Shuffled mini-batches over any in-memory DL4J {@link DataSet}, for labels that a {@link LabelledData} cannot hold
 * (soft targets, extra label columns): the same iterator {@link LabelledData#batches(int, long)} uses, so the same
 * seed gives the same row order per epoch.
 *
 * <pre>{@code
 * DataSetIterator it = Batches.shuffled(new DataSet(features, softTargets), 64, 42);
 * }</pre>
 */
public final class Batches {

    private Batches() {
    }

    /**
     * Batches of {@code batchSize} rows in an order drawn from {@code seed} and redrawn on every {@code reset()}.
     *
     * @throws IllegalArgumentException if {@code batchSize < 1} or features and labels differ in rows
     */
    public static DataSetIterator shuffled(DataSet data, int batchSize, long seed) {
        Objects.requireNonNull(data, "data");
        if (data.getFeatures().size(0) != data.getLabels().size(0)) {
            throw new IllegalArgumentException("data has " + data.getFeatures().size(0) + " feature rows but "
                    + data.getLabels().size(0) + " label rows");
        }
        return new ShuffledBatches(data, batchSize, seed);
    }
}
