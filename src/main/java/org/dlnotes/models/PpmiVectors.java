package org.dlnotes.models;

import java.util.List;
import java.util.Objects;

import org.dlnotes.data.Vocabulary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Self-supervised word vectors from unlabelled texts: count how often two words occur in the same text, turn the
 * counts into positive pointwise mutual information (PPMI), and keep the top singular directions
 * (Levy &amp; Goldberg, 2014, show skip-gram word2vec factorises a shifted form of the same matrix). Words that
 * keep the same company get nearby vectors, which is what a classifier can then reuse.
 *
 * <pre>{@code
 * INDArray vectors = PpmiVectors.of(words).dimensions(64).fit(unlabelledTexts);   // [words.size(), 64]
 * classifier.getLayer(0).setParam("W", vectors);                                  // an embedding layer's weights
 * }</pre>
 *
 * <p>The rows of {@link Vocabulary#PAD} and {@link Vocabulary#UNK} are zero: neither is a word.
 */
public final class PpmiVectors {

    private final Vocabulary vocabulary;
    private int dimensions = 64;

    private PpmiVectors(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** Vectors for the words of a word-level vocabulary. */
    public static PpmiVectors of(Vocabulary vocabulary) {
        Objects.requireNonNull(vocabulary, "vocabulary");
        if (!vocabulary.wordLevel()) {
            throw new IllegalArgumentException("vocabulary must be word-level (Vocabulary.words), but is a character"
                    + " vocabulary of " + vocabulary.size() + " characters");
        }
        return new PpmiVectors(vocabulary);
    }

    /** Length of each word's vector (default 64), at most the number of words in the vocabulary. */
    public PpmiVectors dimensions(int dimensions) {
        int words = vocabulary.size() - 2;
        if (dimensions < 1 || dimensions > words) {
            throw new IllegalArgumentException("dimensions must be in 1.." + words + " (the vocabulary's words),"
                    + " but is " + dimensions);
        }
        this.dimensions = dimensions;
        return this;
    }

    /**
     * The PPMI matrix of these texts: entry (i, j) is max(0, log P(i, j) / (P(i) P(j))), where P(i, j) is the share
     * of co-occurring pairs made of words i and j (each pair of distinct words counted once per text) and P(i) the
     * marginal. Symmetric, {@code [size, size]}, zero on the diagonal and for PAD/UNK.
     *
     * @throws IllegalArgumentException if no text has two distinct vocabulary words
     */
    public INDArray ppmi(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        int n = vocabulary.size();
        double[][] counts = new double[n][n];
        for (String text : texts) {
            int[] ids = java.util.Arrays.stream(vocabulary.encode(text)).filter(id -> id > 1).distinct().toArray();
            for (int a : ids) {
                for (int b : ids) {
                    if (a != b) {
                        counts[a][b]++;
                    }
                }
            }
        }
        INDArray c = Nd4j.createFromArray(counts);
        double total = c.sumNumber().doubleValue();
        if (total == 0) {
            throw new IllegalArgumentException("texts must hold at least one text with two distinct vocabulary words,"
                    + " but the " + texts.size() + " texts hold none; pass more (or longer) texts");
        }
        INDArray marginal = c.sum(1).divi(total);
        INDArray expected = marginal.reshape(n, 1).mmul(marginal.reshape(1, n));
        INDArray observed = c.div(total);
        INDArray pmi = Transforms.log(observed.div(expected.addi(Double.MIN_VALUE)).addi(Double.MIN_VALUE), false);
        INDArray positive = Transforms.max(pmi, 0.0, false);
        return positive.muli(c.gt(0).castTo(DataType.DOUBLE));
    }

    /**
     * Word vectors {@code [size, dimensions]} (float): U_k √S_k of the PPMI matrix's singular value decomposition,
     * each column scaled so that the average vector of a text (over its vocabulary words, as an average-pooling
     * layer computes it) has standard deviation 1 over {@code texts}: the scale a freshly initialised layer on top
     * expects.
     *
     * @throws IllegalArgumentException as {@link #ppmi(List)}
     */
    public INDArray fit(List<String> texts) {
        INDArray m = ppmi(texts);
        int n = (int) m.rows();
        INDArray s = Nd4j.create(DataType.DOUBLE, n);
        INDArray u = Nd4j.create(DataType.DOUBLE, new long[] {n, n}, 'f');
        INDArray a = m.dup('f');
        Nd4j.getBlasWrapper().lapack().gesvd(a, s, u, null);
        INDArray top = u.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dimensions))
                .mulRowVector(Transforms.sqrt(s.get(NDArrayIndex.interval(0, dimensions)), true));
        INDArray averages = Nd4j.create(DataType.DOUBLE, texts.size(), dimensions);
        for (int t = 0; t < texts.size(); t++) {
            int[] ids = vocabulary.encode(texts.get(t));
            if (ids.length > 0) {
                averages.putRow(t, top.getRows(ids).mean(0));
            }
        }
        INDArray spread = averages.std(0);
        return top.diviRowVector(spread.addi(1e-12)).castTo(DataType.FLOAT);
    }
}
