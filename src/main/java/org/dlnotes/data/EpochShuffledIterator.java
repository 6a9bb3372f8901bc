package org.dlnotes.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A DataSetIterator over in-memory items (rows, windows) whose order is drawn from {@code seed} and redrawn on
 * every {@link #reset()}, so each epoch sees a new order and the same seed gives the same epochs. Subclasses say what
 * the items are and how a batch of them becomes a DataSet. Written here because DL4J's {@code ListDataSetIterator}
 * keeps one fixed order for all epochs.
 */
abstract class EpochShuffledIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final int batchSize;
    private final long seed;
    private int epoch;
    private int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    EpochShuffledIterator(int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, but is " + batchSize);
        }
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** All items, in their natural order, before shuffling. */
    abstract int[] items();

    /** How many of the shuffled items one epoch uses. */
    abstract int itemsPerEpoch();

    /** The batch of the given items. */
    abstract DataSet batchOf(int[] items);

    private void shuffle() {
        List<Integer> all = new ArrayList<>();
        for (int item : items()) {
            all.add(item);
        }
        Collections.shuffle(all, new Random(seed + 1_000_003L * epoch));
        order = all.subList(0, itemsPerEpoch()).stream().mapToInt(Integer::intValue).toArray();
        cursor = 0;
    }

    private int[] order() {
        if (order == null) {
            shuffle();
        }
        return order;
    }

    @Override
    public boolean hasNext() {
        return cursor < order().length;
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
        DataSet batch = batchOf(Arrays.copyOfRange(order, cursor, end));
        cursor = end;
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
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
}
