package org.dlnotes.metrics;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Language-model metrics: mean cross-entropy (nats, bits) and perplexity of next-token probabilities.
 * The probability of the true token is clipped below at 2.2e-16 as scikit-learn's {@code log_loss} does, so a
 * token given probability 0 costs 36 nats instead of infinity; for rows that sum to 1 the result equals
 * {@code log_loss}. Rows are not renormalised (a language model's softmax already sums to 1).
 *
 * <pre>{@code
 * CrossEntropy ce = LanguageModel.crossEntropy(labels, net.output(features), labelsMask);
 * System.out.printf("%.3f bits/token, perplexity %.1f%n", ce.bits(), ce.perplexity());
 * }</pre>
 */
public final class LanguageModel {

    private LanguageModel() {
    }

    /** Cross-entropy of {@code probabilities[i]} (a row over the vocabulary) for token {@code targets[i]}. */
    public static CrossEntropy crossEntropy(int[] targets, double[][] probabilities) {
        if (targets == null || probabilities == null) {
            throw new IllegalArgumentException((targets == null ? "targets" : "probabilities") + " is null");
        }
        Inputs.requireNonEmpty(targets.length, "targets");
        Inputs.requireSameLength(targets.length, "targets", probabilities.length, "probabilities");
        int vocabulary = Inputs.requireScoreMatrix(probabilities, "probabilities", 1);
        double sum = 0;
        for (int i = 0; i < targets.length; i++) {
            Inputs.requireLabel(targets[i], vocabulary, "targets", i);
            sum += tokenLoss(probabilities[i], 0, vocabulary, targets[i], "probabilities", i);
        }
        return new CrossEntropy(sum / targets.length, targets.length);
    }

    /**
     * Cross-entropy of DL4J output: {@code [n, vocabulary]} with one-hot or index labels, or recurrent
     * {@code [batch, vocabulary, time]} with one-hot labels of the same shape (every time step counted).
     */
    public static CrossEntropy crossEntropy(INDArray labels, INDArray output) {
        return crossEntropy(labels, output, null);
    }

    /**
     * Cross-entropy of recurrent DL4J output {@code [batch, vocabulary, time]} with one-hot labels of the same
     * shape, counting only the time steps where {@code mask} ({@code [batch, time]}, 0 or 1) is 1; a null mask
     * counts all. 2-D output is accepted as in {@link #crossEntropy(INDArray, INDArray)} when the mask is null.
     */
    public static CrossEntropy crossEntropy(INDArray labels, INDArray output, INDArray mask) {
        if (output == null || labels == null) {
            throw new IllegalArgumentException((output == null ? "output" : "labels") + " is null");
        }
        INDArray probabilities = output;
        INDArray targetRows = labels;
        double[] weights = null;
        if (output.rank() == 3) {
            if (!Arrays.equals(labels.shape(), output.shape())) {
                throw new IllegalArgumentException("labels has shape " + Arrays.toString(labels.shape())
                        + " but output has shape " + Arrays.toString(output.shape()));
            }
            long batch = output.size(0);
            long vocabulary = output.size(1);
            long time = output.size(2);
            probabilities = output.permute(0, 2, 1).dup('c').reshape(batch * time, vocabulary);
            targetRows = labels.permute(0, 2, 1).dup('c').reshape(batch * time, vocabulary);
            if (mask != null) {
                if (mask.rank() != 2 || mask.size(0) != batch || mask.size(1) != time) {
                    throw new IllegalArgumentException("mask must have shape [" + batch + ", " + time
                            + "], but has shape " + Arrays.toString(mask.shape()));
                }
                weights = mask.dup('c').reshape(batch * time).toDoubleVector();
                for (int i = 0; i < weights.length; i++) {
                    if (weights[i] != 0.0 && weights[i] != 1.0) {
                        throw new IllegalArgumentException("mask[" + (i / time) + "][" + (i % time) + "] is "
                                + weights[i] + ", not 0 or 1");
                    }
                }
            }
        } else if (mask != null) {
            throw new IllegalArgumentException("mask needs recurrent output [batch, vocabulary, time], but output "
                    + "has shape " + Arrays.toString(output.shape()));
        }
        INDArray matrix = Inputs.asMatrix(probabilities, "output");
        int[] targets = Inputs.classIndices(targetRows, Math.toIntExact(matrix.columns()));
        Inputs.requireSameLength(targets.length, "labels", Math.toIntExact(matrix.rows()), "output");
        double[] mask01 = weights;
        double[] sum = {0.0};
        long[] tokens = {0};
        Inputs.forEachRowBlock(matrix, "output", (values, first, rows, columns) -> {
            for (int r = 0; r < rows; r++) {
                if (mask01 == null || mask01[first + r] == 1.0) {
                    sum[0] += tokenLoss(values, r * columns, columns, targets[first + r], "output", first + r);
                    tokens[0]++;
                }
            }
        });
        if (tokens[0] == 0) {
            throw new IllegalArgumentException("mask is all zero: no token to score");
        }
        return new CrossEntropy(sum[0] / tokens[0], tokens[0]);
    }

    /** Perplexity of DL4J output; the epoch-metric shape of {@link #crossEntropy(INDArray, INDArray)}. */
    public static double perplexity(INDArray labels, INDArray output) {
        return crossEntropy(labels, output).perplexity();
    }

    /** Mean cross-entropy in bits of DL4J output; the epoch-metric shape. */
    public static double bitsPerToken(INDArray labels, INDArray output) {
        return crossEntropy(labels, output).bits();
    }

    private static double tokenLoss(double[] values, int offset, int columns, int target, String name, int row) {
        for (int c = 0; c < columns; c++) {
            Inputs.requireProbability(values[offset + c], name, row, c);
        }
        return -Math.log(Math.max(values[offset + target], Classification.EPS));
    }
}
