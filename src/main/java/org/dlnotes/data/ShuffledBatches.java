package org.dlnotes.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Mini-batches over an in-memory DataSet (masks included), in an order drawn from {@code seed} and redrawn on every
 * {@link #reset()}. Written here because DL4J's {@code ListDataSetIterator} keeps one fixed order for all epochs and
 * its {@code DataSet.shuffle()} is not reproducible across epochs from a single seed.
 */
final class ShuffledBatches implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final int numExamples;
    private final int inputColumns;
    private final int totalOutcomes;
    private final List<String> labelNames;
    private final Rows features;
    private final Rows labels;
    private final Rows featuresMask;
    private final Rows labelsMask;
    private final int batchSize;
    private final long seed;
    private int epoch;
    private int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    ShuffledBatches(DataSet data, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, but is " + batchSize);
        }
        this.numExamples = data.numExamples();
        this.inputColumns = (int) data.getFeatures().size(1);
        this.totalOutcomes = (int) data.getLabels().size(1);
        this.labelNames = data.getLabelNamesList();
        this.batchSize = batchSize;
        this.seed = seed;
        this.features = new Rows(data.getFeatures());
        this.labels = new Rows(data.getLabels());
        this.featuresMask = data.getFeaturesMaskArray() == null ? null : new Rows(data.getFeaturesMaskArray());
        this.labelsMask = data.getLabelsMaskArray() == null ? null : new Rows(data.getLabelsMaskArray());
        shuffle();
    }

    private void shuffle() {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < numExamples; i++) {
            rows.add(i);
        }
        Collections.shuffle(rows, new Random(seed + 1_000_003L * epoch));
        order = rows.stream().mapToInt(Integer::intValue).toArray();
        cursor = 0;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("No batch left in this epoch; call reset() to start the next one.");
        }
        int end = Math.min(order.length, cursor + num);
        int[] rows = java.util.Arrays.copyOfRange(order, cursor, end);
        cursor = end;
        DataSet batch = new DataSet(features.select(rows), labels.select(rows),
                featuresMask == null ? null : featuresMask.select(rows), labelsMask == null ? null : labelsMask.select(rows));
        batch.setLabelNames(labelNames);
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
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
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public void reset() {
        epoch++;
        shuffle();
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return labelNames;
    }
}
