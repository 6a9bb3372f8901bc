package org.dlnotes.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Classification metrics as single static calls. The {@code (INDArray labels, INDArray output)} methods have the
 * shape of the trainer's epoch metrics, so they plug in as method references ({@code Classification::macroF1}):
 * {@code labels} one-hot {@code [n, classes]} or class indices ({@code [n]} or {@code [n, 1]}), {@code output}
 * the network's {@code [n, classes]} scores. All values equal scikit-learn 1.2's.
 *
 * <pre>{@code
 * double acc = Classification.accuracy(truth, predicted);
 * double loss = Classification.logLoss(testLabels, net.output(testFeatures));
 * double top3 = Classification.topKAccuracy(testLabels, net.output(testFeatures), 3);
 * }</pre>
 */
public final class Classification {

    /** scikit-learn's default log-loss clipping: the float64 machine epsilon. */
    static final double EPS = Math.ulp(1.0);

    private Classification() {
    }

    /** Fraction of equal labels; labels are any class indices {@code >= 0}. */
    public static double accuracy(int[] truth, int[] predicted) {
        if (truth == null || predicted == null) {
            throw new IllegalArgumentException((truth == null ? "truth" : "predicted") + " is null");
        }
        Inputs.requireNonEmpty(truth.length, "truth");
        Inputs.requireSameLength(truth.length, "truth", predicted.length, "predicted");
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            Inputs.requireNonNegative(truth[i], "truth", i);
            Inputs.requireNonNegative(predicted[i], "predicted", i);
            if (truth[i] == predicted[i]) {
                correct++;
            }
        }
        return (double) correct / truth.length;
    }

    /** Accuracy of the arg-max of {@code output}. */
    public static double accuracy(INDArray labels, INDArray output) {
        return ConfusionMatrix.of(labels, output).accuracy();
    }

    /** Balanced accuracy (mean recall over the classes present) of the arg-max of {@code output}. */
    public static double balancedAccuracy(INDArray labels, INDArray output) {
        return ConfusionMatrix.of(labels, output).balancedAccuracy();
    }

    /** Macro-averaged F1 of the arg-max of {@code output}, undefined scores counted as 0. */
    public static double macroF1(INDArray labels, INDArray output) {
        return ConfusionMatrix.of(labels, output).f1(Average.MACRO);
    }

    /** Support-weighted F1 of the arg-max of {@code output}, undefined scores counted as 0. */
    public static double weightedF1(INDArray labels, INDArray output) {
        return ConfusionMatrix.of(labels, output).f1(Average.WEIGHTED);
    }

    /**
     * Mean negative log-likelihood of the true class (natural log), as scikit-learn 1.2's {@code log_loss}:
     * probabilities are clipped to {@code [eps, 1 - eps]} ({@code eps} = 2.2e-16) and each row renormalised.
     *
     * @param truth          class index per sample
     * @param probabilities  one row of class probabilities per sample, values in [0, 1], at least 2 columns
     */
    public static double logLoss(int[] truth, double[][] probabilities) {
        int classes = requireRows(truth, probabilities, "probabilities", 2);
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            Inputs.requireLabel(truth[i], classes, "truth", i);
            sum += rowLogLoss(probabilities[i], 0, classes, truth[i], "probabilities", i);
        }
        return sum / truth.length;
    }

    /**
     * Log loss of network probabilities: {@code output} {@code [n, classes]} (softmax) or {@code [n, 1]} (sigmoid,
     * probability of class 1); see {@link #logLoss(int[], double[][])}.
     */
    public static double logLoss(INDArray labels, INDArray output) {
        INDArray matrix = Inputs.asMatrix(output, "output");
        boolean sigmoid = matrix.columns() == 1;
        int[] truth = Inputs.classIndices(labels, sigmoid ? 2 : Math.toIntExact(matrix.columns()));
        Inputs.requireSameLength(truth.length, "labels", Math.toIntExact(matrix.rows()), "output");
        double[] sum = {0.0};
        double[] pair = new double[2];
        Inputs.forEachRowBlock(matrix, "output", (values, first, rows, columns) -> {
            for (int r = 0; r < rows; r++) {
                if (sigmoid) {
                    Inputs.requireProbability(values[r], "output", first + r, 0);
                    double p = Math.min(Math.max(values[r], EPS), 1 - EPS);
                    pair[0] = 1 - p;
                    pair[1] = p;
                    sum[0] += rowLogLoss(pair, 0, 2, truth[first + r], "output", first + r);
                } else {
                    sum[0] += rowLogLoss(values, r * columns, columns, truth[first + r], "output", first + r);
                }
            }
        });
        return sum[0] / truth.length;
    }

    /**
     * Fraction of samples whose true class is among the {@code k} highest scores, as scikit-learn's
     * {@code top_k_accuracy_score}: on equal scores the higher class index ranks first.
     */
    public static double topKAccuracy(int[] truth, double[][] scores, int k) {
        int classes = requireRows(truth, scores, "scores", 2);
        requireK(k);
        long hits = 0;
        for (int i = 0; i < truth.length; i++) {
            Inputs.requireLabel(truth[i], classes, "truth", i);
            if (inTopK(scores[i], 0, classes, truth[i], k)) {
                hits++;
            }
        }
        return (double) hits / truth.length;
    }

    /** Top-k accuracy of network scores {@code [n, classes]}; see {@link #topKAccuracy(int[], double[][], int)}. */
    public static double topKAccuracy(INDArray labels, INDArray output, int k) {
        requireK(k);
        INDArray matrix = Inputs.asMatrix(output, "output");
        int[] truth = Inputs.classIndices(labels, Math.toIntExact(matrix.columns()));
        Inputs.requireSameLength(truth.length, "labels", Math.toIntExact(matrix.rows()), "output");
        long[] hits = {0};
        Inputs.forEachRowBlock(matrix, "output", (values, first, rows, columns) -> {
            for (int r = 0; r < rows; r++) {
                if (inTopK(values, r * columns, columns, truth[first + r], k)) {
                    hits[0]++;
                }
            }
        });
        return (double) hits[0] / truth.length;
    }

    /**
     * ROC AUC of network output: binary for {@code [n, 1]} or {@code [n, 2]} output (score of class 1), otherwise
     * the one-vs-rest macro average ({@link #rocAucOneVsRest(int[], double[][])}).
     */
    public static double rocAuc(INDArray labels, INDArray output) {
        INDArray matrix = Inputs.asMatrix(output, "output");
        if (matrix.columns() <= 2) {
            return RocCurve.of(labels, output).auc();
        }
        int[] truth = Inputs.classIndices(labels, Math.toIntExact(matrix.columns()));
        return rocAucOneVsRest(truth, Inputs.rows(matrix, "output"));
    }

    /**
     * One-vs-rest ROC AUC averaged over the classes (scikit-learn's {@code roc_auc_score(multi_class="ovr",
     * average="macro")}). Rows must be probabilities summing to 1 (within numpy's {@code allclose} tolerance) and
     * every class must occur in {@code truth}.
     */
    public static double rocAucOneVsRest(int[] truth, double[][] probabilities) {
        int classes = requireRows(truth, probabilities, "probabilities", 2);
        int[] present = new int[classes];
        for (int i = 0; i < truth.length; i++) {
            Inputs.requireLabel(truth[i], classes, "truth", i);
            present[truth[i]]++;
            double rowSum = 0;
            for (int c = 0; c < classes; c++) {
                Inputs.requireProbability(probabilities[i][c], "probabilities", i, c);
                rowSum += probabilities[i][c];
            }
            if (!(Math.abs(rowSum - 1.0) <= 1e-8 + 1e-5 * Math.abs(rowSum))) {
                throw new IllegalArgumentException("probabilities[" + i + "] sums to " + rowSum + ", not 1");
            }
        }
        double sum = 0;
        double[] column = new double[truth.length];
        for (int c = 0; c < classes; c++) {
            if (present[c] == 0 || present[c] == truth.length) {
                throw new IllegalArgumentException("truth has " + (present[c] == 0 ? "no" : "only")
                        + " samples of class " + c + ", so its one-vs-rest ROC AUC is undefined");
            }
            for (int i = 0; i < truth.length; i++) {
                column[i] = probabilities[i][c];
            }
            sum += RocCurve.of(truth, column, c).auc();
        }
        return sum / classes;
    }

    /** -ln of the clipped, renormalised probability of class {@code label} in {@code values[offset..+columns)}. */
    static double rowLogLoss(double[] values, int offset, int columns, int label, String name, int row) {
        double rowSum = 0;
        for (int c = 0; c < columns; c++) {
            Inputs.requireProbability(values[offset + c], name, row, c);
            rowSum += Math.min(Math.max(values[offset + c], EPS), 1 - EPS);
        }
        double p = Math.min(Math.max(values[offset + label], EPS), 1 - EPS);
        return -Math.log(p / rowSum);
    }

    /** Whether fewer than k classes outrank {@code label} (higher score, or equal score and higher index). */
    static boolean inTopK(double[] values, int offset, int columns, int label, int k) {
        double own = values[offset + label];
        int above = 0;
        for (int c = 0; c < columns; c++) {
            double v = values[offset + c];
            if (v > own || (v == own && c > label)) {
                above++;
            }
        }
        return above < k;
    }

    private static void requireK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, but is " + k);
        }
    }

    /** Checks truth against a score matrix; returns the number of columns. */
    private static int requireRows(int[] truth, double[][] rows, String name, int minColumns) {
        if (truth == null || rows == null) {
            throw new IllegalArgumentException((truth == null ? "truth" : name) + " is null");
        }
        Inputs.requireNonEmpty(truth.length, "truth");
        Inputs.requireSameLength(truth.length, "truth", rows.length, name);
        return Inputs.requireScoreMatrix(rows, name, minColumns);
    }
}
