package org.dlnotes.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dlnotes.core.FastMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * An immutable list of labelled sentences (negative / positive) with the same steps as {@link LabelledData}:
 * stratified split, sampling, and encoding into padded, masked DL4J sequences with a {@link Vocabulary}.
 */
public final class Sentences {

    /** Class names; label index 0 is negative, 1 positive. */
    public static final List<String> CLASSES = List.of("negative", "positive");

    /** One sentence: where it comes from, its label ({@link #CLASSES}) and its text. */
    public record Sentence(String source, String label, String text) {
        /** @throws IllegalArgumentException for an unknown label or an empty text */
        public Sentence {
            if (!CLASSES.contains(label)) {
                throw new IllegalArgumentException("unknown label '" + label + "'; expected one of " + CLASSES);
            }
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("text is empty (source '" + source + "')");
            }
        }

        /** 0 for negative, 1 for positive. */
        public int labelIndex() {
            return CLASSES.indexOf(label);
        }
    }

    /** A train / validation / test split of sentences. */
    public record Split(Sentences train, Sentences validation, Sentences test) {
    }

    private final List<Sentence> rows;

    private Sentences(List<Sentence> rows) {
        this.rows = rows;
    }

    /**
     * Sentences from a list.
     *
     * @throws DataException if the list is empty
     */
    public static Sentences of(List<Sentence> rows) {
        if (rows.isEmpty()) {
            throw new DataException("No sentences: the list is empty.");
        }
        return new Sentences(List.copyOf(rows));
    }

    /** Number of sentences. */
    public int size() {
        return rows.size();
    }

    /** The sentences. */
    public List<Sentence> rows() {
        return rows;
    }

    /** The texts, in order. */
    public List<String> texts() {
        return rows.stream().map(Sentence::text).toList();
    }

    /** Label index of every sentence (0 negative, 1 positive). */
    public int[] labelIndices() {
        return rows.stream().mapToInt(Sentence::labelIndex).toArray();
    }

    /** Sentences per label, negative first. */
    public Map<String, Integer> classCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        CLASSES.forEach(c -> counts.put(c, 0));
        rows.forEach(r -> counts.merge(r.label(), 1, Integer::sum));
        return counts;
    }

    /** The distinct sources, sorted. */
    public List<String> sources() {
        return List.copyOf(new TreeSet<>(rows.stream().map(Sentence::source).toList()));
    }

    /**
     * Only the sentences of one source.
     *
     * @throws IllegalArgumentException if no sentence has that source
     */
    public Sentences source(String source) {
        List<Sentence> picked = rows.stream().filter(r -> r.source().equals(source)).toList();
        if (picked.isEmpty()) {
            throw new IllegalArgumentException("source '" + source + "' is unknown; sources are " + sources());
        }
        return new Sentences(picked);
    }

    /** A Tablesaw table with string columns source, label, text. */
    public Table table() {
        return Table.create("sentences",
                StringColumn.create("source", rows.stream().map(Sentence::source)),
                StringColumn.create("label", rows.stream().map(Sentence::label)),
                StringColumn.create("text", rows.stream().map(Sentence::text)));
    }

    /** Stratified split by label, as in {@link LabelledData#split(double, double, long)}. */
    public Split split(double train, double validation, long seed) {
        int[][] parts = Stratified.split(labelIndices(), CLASSES.size(), train, validation, seed);
        return new Split(pick(parts[0]), pick(parts[1]), pick(parts[2]));
    }

    /** A stratified random sample of about {@code n} sentences (at most {@code n}). */
    public Sentences sample(int n, long seed) {
        return pick(Stratified.sample(labelIndices(), CLASSES.size(), n, seed));
    }

    /** In fast mode a stratified sample of {@code n} sentences; otherwise these sentences. */
    public Sentences fast(int n, long seed) {
        return FastMode.enabled() && n < size() ? sample(n, seed) : this;
    }

    /**
     * Padded, masked sequences for a classifier with an {@code EmbeddingSequenceLayer}: features {@code [n, maxLength]}
     * of word ids (the first {@code maxLength} tokens; {@link Vocabulary#PAD} after the end), a features mask
     * {@code [n, maxLength]} (1 where a token is), and one-hot labels {@code [n, 2]}.
     *
     * @throws IllegalArgumentException if {@code vocabulary} is not word-level or maxLength &lt; 1
     * @throws DataException if a sentence has no word token
     */
    public DataSet encode(Vocabulary vocabulary, int maxLength) {
        if (!vocabulary.wordLevel()) {
            throw new IllegalArgumentException("vocabulary must be word-level (Vocabulary.words), but is " + vocabulary);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, but is " + maxLength);
        }
        INDArray features = Nd4j.zeros(DataType.FLOAT, rows.size(), maxLength);
        INDArray mask = Nd4j.zeros(DataType.FLOAT, rows.size(), maxLength);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, rows.size(), CLASSES.size());
        for (int i = 0; i < rows.size(); i++) {
            int[] ids = vocabulary.encode(rows.get(i).text());
            if (ids.length == 0) {
                throw new DataException("Sentence " + i + " ('" + rows.get(i).text() + "') has no word token; "
                        + "drop it before encoding.");
            }
            for (int t = 0; t < Math.min(maxLength, ids.length); t++) {
                features.putScalar(i, t, ids[t]);
                mask.putScalar(i, t, 1f);
            }
            labels.putScalar(i, rows.get(i).labelIndex(), 1f);
        }
        DataSet dataSet = new DataSet(features, labels, mask, null);
        dataSet.setLabelNames(CLASSES);
        return dataSet;
    }

    /** {@link #encode} in shuffled mini-batches, reshuffled each epoch from {@code seed}. */
    public DataSetIterator batches(Vocabulary vocabulary, int maxLength, int batchSize, long seed) {
        return new ShuffledBatches(encode(vocabulary, maxLength), batchSize, seed);
    }

    private Sentences pick(int[] indices) {
        List<Sentence> picked = new ArrayList<>(indices.length);
        for (int i : indices) {
            picked.add(rows.get(i));
        }
        return new Sentences(List.copyOf(picked));
    }

    @Override
    public String toString() {
        return "Sentences[" + size() + ", " + classCounts() + "]";
    }
}
