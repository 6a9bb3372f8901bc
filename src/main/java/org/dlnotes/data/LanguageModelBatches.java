package org.dlnotes.data;

import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Next-token training windows over an encoded corpus, as a DL4J iterator: window {@code i} holds tokens
 * {@code [i·length, (i+1)·length)} as input and the same positions shifted by one as labels. Labels are one-hot
 * {@code [batch, vocabSize, length]} for an {@code RnnOutputLayer}; inputs are one-hot the same way (for an LSTM
 * fed characters) or, with {@link #indexInputs()}, ids {@code [batch, length]} for an {@code EmbeddingSequenceLayer}.
 * Window order is shuffled from the seed and redrawn every epoch. Written here because DL4J ships no such iterator
 * outside its examples project.
 *
 * <pre>{@code
 * Vocabulary chars = Vocabulary.characters(text);
 * DataSetIterator it = LanguageModelBatches.of(chars.encode(text), chars.size())
 *         .length(100).batchSize(32).seed(7).iterator();
 * }</pre>
 */
public final class LanguageModelBatches {

    private final int[] ids;
    private final int vocabSize;
    private int length = 100;
    private int batchSize = 32;
    private long seed = 42;
    private boolean indexInputs;
    private int maxWindows = Integer.MAX_VALUE;

    private LanguageModelBatches(int[] ids, int vocabSize) {
        this.ids = ids;
        this.vocabSize = vocabSize;
    }

    /**
     * A builder over token ids in [0, vocabSize).
     *
     * @throws IllegalArgumentException if an id is out of range or there are fewer than 2 ids
     */
    public static LanguageModelBatches of(int[] ids, int vocabSize) {
        if (vocabSize < 1) {
            throw new IllegalArgumentException("vocabSize must be at least 1, but is " + vocabSize);
        }
        if (ids.length < 2) {
            throw new IllegalArgumentException("ids needs at least 2 tokens, but has " + ids.length);
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw new IllegalArgumentException("ids[" + i + "] is " + ids[i] + ", outside [0, " + vocabSize + ")");
            }
        }
        return new LanguageModelBatches(ids.clone(), vocabSize);
    }

    /** Tokens per window (default 100). */
    public LanguageModelBatches length(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be at least 1, but is " + length);
        }
        this.length = length;
        return this;
    }

    /** Windows per batch (default 32). */
    public LanguageModelBatches batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, but is " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** Seed of the window order (default 42). */
    public LanguageModelBatches seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Inputs as ids {@code [batch, length]} instead of one-hot. */
    public LanguageModelBatches indexInputs() {
        this.indexInputs = true;
        return this;
    }

    /** Use at most this many (randomly chosen) windows per epoch, e.g. {@code FastMode.choose(all, 200)}. */
    public LanguageModelBatches maxWindows(int maxWindows) {
        if (maxWindows < 1) {
            throw new IllegalArgumentException("maxWindows must be at least 1, but is " + maxWindows);
        }
        this.maxWindows = maxWindows;
        return this;
    }

    /** Number of whole windows in the corpus. */
    public int windows() {
        return (ids.length - 1) / length;
    }

    /**
     * The iterator.
     *
     * @throws DataException if the corpus is shorter than one window plus one token
     */
    public DataSetIterator iterator() {
        if (windows() == 0) {
            throw new DataException("The corpus has " + ids.length + " tokens, fewer than one window of " + length
                    + " plus one; use a shorter length.");
        }
        return new Iterator(ids, vocabSize, length, batchSize, seed, indexInputs, Math.min(maxWindows, windows()));
    }

    private static final class Iterator extends EpochShuffledIterator {

        private static final long serialVersionUID = 1L;

        private final int[] ids;
        private final int vocabSize;
        private final int length;
        private final boolean indexInputs;
        private final int perEpoch;

        Iterator(int[] ids, int vocabSize, int length, int batchSize, long seed, boolean indexInputs, int perEpoch) {
            super(batchSize, seed);
            this.ids = ids;
            this.vocabSize = vocabSize;
            this.length = length;
            this.indexInputs = indexInputs;
            this.perEpoch = perEpoch;
        }

        /** The start of every whole window. */
        @Override
        int[] items() {
            return IntStream.range(0, (ids.length - 1) / length).map(w -> w * length).toArray();
        }

        @Override
        int itemsPerEpoch() {
            return perEpoch;
        }

        @Override
        DataSet batchOf(int[] starts) {
            int b = starts.length;
            float[] input = new float[indexInputs ? b * length : b * vocabSize * length];
            float[] labels = new float[b * vocabSize * length];
            for (int i = 0; i < b; i++) {
                int start = starts[i];
                for (int t = 0; t < length; t++) {
                    if (indexInputs) {
                        input[i * length + t] = ids[start + t];
                    } else {
                        input[(i * vocabSize + ids[start + t]) * length + t] = 1f;
                    }
                    labels[(i * vocabSize + ids[start + t + 1]) * length + t] = 1f;
                }
            }
            return new DataSet(
                    Nd4j.create(input, indexInputs ? new long[] {b, length} : new long[] {b, vocabSize, length}, 'c'),
                    Nd4j.create(labels, new long[] {b, vocabSize, length}, 'c'));
        }

        @Override
        public int inputColumns() {
            return indexInputs ? 1 : vocabSize;
        }

        @Override
        public int totalOutcomes() {
            return vocabSize;
        }

        @Override
        public List<String> getLabels() {
            return null;
        }
    }
}
