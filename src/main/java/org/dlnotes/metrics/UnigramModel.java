package org.dlnotes.metrics;

import java.util.Objects;

/**
 * The baseline every language model must beat: predict each token with its frequency in the training text,
 * ignoring all context. With additive smoothing {@code k} a token counted {@code c} times in {@code n} gets
 * {@code (c + k) / (n + k·V)}, so a token never seen in training still has a probability on held-out text
 * ({@code k = 0}: plain relative frequencies).
 *
 * <pre>{@code
 * UnigramModel unigram = UnigramModel.fit(trainIds, vocabulary.size(), 1.0);
 * CrossEntropy baseline = unigram.crossEntropy(heldOutIds);   // baseline.perplexity(), baseline.bits()
 * }</pre>
 */
public final class UnigramModel {

    private final double[] probabilities;

    private UnigramModel(double[] probabilities) {
        this.probabilities = probabilities;
    }

    /**
     * Counts the tokens of {@code ids} (each in {@code [0, vocabularySize)}).
     *
     * @param smoothing the additive constant {@code k >= 0}
     * @throws IllegalArgumentException for no ids, an id outside the vocabulary, a vocabulary size below 1 or a
     *                                  negative or non-finite smoothing
     */
    public static UnigramModel fit(int[] ids, int vocabularySize, double smoothing) {
        Objects.requireNonNull(ids, "ids");
        if (vocabularySize < 1) {
            throw new IllegalArgumentException("vocabularySize must be >= 1, but is " + vocabularySize);
        }
        if (!(smoothing >= 0) || Double.isInfinite(smoothing)) {
            throw new IllegalArgumentException("smoothing must be a finite number >= 0, but is " + smoothing);
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException("ids must not be empty");
        }
        long[] counts = new long[vocabularySize];
        for (int i = 0; i < ids.length; i++) {
            Inputs.requireLabel(ids[i], vocabularySize, "ids", i);
            counts[ids[i]]++;
        }
        double[] p = new double[vocabularySize];
        double total = ids.length + smoothing * vocabularySize;
        for (int v = 0; v < vocabularySize; v++) {
            p[v] = (counts[v] + smoothing) / total;
        }
        return new UnigramModel(p);
    }

    /** The probability of every token id (a copy; sums to 1). */
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** Number of token ids. */
    public int vocabularySize() {
        return probabilities.length;
    }

    /**
     * Mean cross-entropy of {@code ids} under this model (a token of probability 0 costs {@code -ln 2.2e-16}, as
     * in {@link LanguageModel}).
     *
     * @throws IllegalArgumentException for no ids or an id outside the vocabulary
     */
    public CrossEntropy crossEntropy(int[] ids) {
        Objects.requireNonNull(ids, "ids");
        if (ids.length == 0) {
            throw new IllegalArgumentException("ids must not be empty");
        }
        double sum = 0;
        for (int i = 0; i < ids.length; i++) {
            Inputs.requireLabel(ids[i], probabilities.length, "ids", i);
            sum -= Math.log(Math.max(probabilities[ids[i]], Classification.EPS));
        }
        return new CrossEntropy(sum / ids.length, ids.length);
    }

    /** The entropy of the model's own distribution in nats: its cross-entropy on text with exactly its frequencies. */
    public double entropy() {
        double h = 0;
        for (double p : probabilities) {
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return h;
    }
}
