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

    private final DataSet data;
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
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        shuffle();
    }

    private void shuffle() {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < data.numExamples(); i++) {
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
        DataSet batch = new DataSet(Rows.select(data.getFeatures(), rows), Rows.select(data.getLabels(), rows),
                Rows.select(data.getFeaturesMaskArray(), rows), Rows.select(data.getLabelsMaskArray(), rows));
        batch.setLabelNames(data.getLabelNamesList());
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    @Override
    public int inputColumns() {
        return (int) data.getFeatures().size(1);
    }

    @Override
    public int totalOutcomes() {
        return (int) data.getLabels().size(1);
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
        return data.getLabelNamesList();
    }
}
