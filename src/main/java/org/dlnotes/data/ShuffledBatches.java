package org.dlnotes.data;

import java.util.List;
import java.util.stream.IntStream;

import org.nd4j.linalg.dataset.DataSet;

/**
 * Mini-batches over an in-memory DataSet (masks included), in an order drawn from {@code seed} and redrawn on every
 * {@link #reset()}. Written here because DL4J's {@code ListDataSetIterator} keeps one fixed order for all epochs and
 * its {@code DataSet.shuffle()} is not reproducible across epochs from a single seed.
 */
final class ShuffledBatches extends EpochShuffledIterator {

    private static final long serialVersionUID = 1L;

    private final int numExamples;
    private final int inputColumns;
    private final int totalOutcomes;
    private final List<String> labelNames;
    private final Rows features;
    private final Rows labels;
    private final Rows featuresMask;
    private final Rows labelsMask;

    ShuffledBatches(DataSet data, int batchSize, long seed) {
        super(batchSize, seed);
        this.numExamples = data.numExamples();
        this.inputColumns = (int) data.getFeatures().size(1);
        this.totalOutcomes = (int) data.getLabels().size(1);
        this.labelNames = data.getLabelNamesList();
        this.features = new Rows(data.getFeatures());
        this.labels = new Rows(data.getLabels());
        this.featuresMask = data.getFeaturesMaskArray() == null ? null : new Rows(data.getFeaturesMaskArray());
        this.labelsMask = data.getLabelsMaskArray() == null ? null : new Rows(data.getLabelsMaskArray());
    }

    @Override
    int[] items() {
        return IntStream.range(0, numExamples).toArray();
    }

    @Override
    int itemsPerEpoch() {
        return numExamples;
    }

    @Override
    DataSet batchOf(int[] rows) {
        DataSet batch = new DataSet(features.select(rows), labels.select(rows),
                featuresMask == null ? null : featuresMask.select(rows), labelsMask == null ? null : labelsMask.select(rows));
        batch.setLabelNames(labelNames);
        return batch;
    }

    @Override
    public int inputColumns() {
        return inputColumns;
    }

    @Override
    public int totalOutcomes() {
        return totalOutcomes;
    }

    @Override
    public List<String> getLabels() {
        return labelNames;
    }
}
