package org.dlnotes.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Precision against recall over all score thresholds, exactly as scikit-learn 1.2's
 * {@code precision_recall_curve}: recall decreasing, one point per distinct score, ending at (recall 0,
 * precision 1) which has no threshold.
 *
 * <pre>{@code
 * PrecisionRecallCurve pr = PrecisionRecallCurve.of(truth, scores, 1);
 * double ap = pr.averagePrecision();
 * }</pre>
 *
 * <p>Average precision is the step-function sum of scikit-learn, not the trapezoidal area under the curve that
 * DL4J's {@code ROC.calculateAUCPR} reports (interpolating linearly between PR points is optimistic).
 *
 * @param precision   precision at each point; the last is 1
 * @param recall      recall at each point; the last is 0
 * @param thresholds  score threshold of each point but the last ({@code precision.length - 1} entries)
 */
public record PrecisionRecallCurve(double[] precision, double[] recall, double[] thresholds) {

    /** Checks that precision and recall have one entry per point and thresholds one fewer, and copies them. */
    public PrecisionRecallCurve {
        if (precision.length != recall.length || thresholds.length != precision.length - 1) {
            throw new IllegalArgumentException("precision and recall must be equally long and thresholds one "
                    + "shorter, but they have " + precision.length + ", " + recall.length + " and "
                    + thresholds.length + " entries");
        }
        precision = precision.clone();
        recall = recall.clone();
        thresholds = thresholds.clone();
    }

    /** A copy of the precisions. */
    @Override
    public double[] precision() {
        return precision.clone();
    }

    /** A copy of the recalls. */
    @Override
    public double[] recall() {
        return recall.clone();
    }

    /** A copy of the thresholds. */
    @Override
    public double[] thresholds() {
        return thresholds.clone();
    }

    /**
     * The curve of {@code scores} (higher = more positive) for samples whose true class is {@code positiveLabel}.
     *
     * @throws IllegalArgumentException on empty or unequal arrays, non-finite scores, negative labels, or a truth
     *                                  without positive or without negative samples
     */
    public static PrecisionRecallCurve of(int[] truth, double[] scores, int positiveLabel) {
        BinaryCounts counts = BinaryCounts.of(truth, scores, positiveLabel);
        long[] tps = counts.truePositives();
        long[] fps = counts.falsePositives();
        int n = tps.length;
        double[] precision = new double[n + 1];
        double[] recall = new double[n + 1];
        double[] thresholds = new double[n];
        double allPositives = tps[n - 1];
        for (int i = 0; i < n; i++) {
            int r = n - 1 - i;
            precision[r] = (double) tps[i] / (tps[i] + fps[i]);
            recall[r] = tps[i] / allPositives;
            thresholds[r] = counts.thresholds()[i];
        }
        precision[n] = 1.0;
        recall[n] = 0.0;
        return new PrecisionRecallCurve(precision, recall, thresholds);
    }

    /** The curve of binary network output ({@code [n, 1]} or {@code [n, 2]}: score of class 1). */
    public static PrecisionRecallCurve of(INDArray labels, INDArray output) {
        double[] scores = Inputs.positiveScores(output);
        int[] truth = Inputs.classIndices(labels, 2);
        Inputs.requireSameLength(truth.length, "labels", scores.length, "output");
        return of(truth, scores, 1);
    }

    /** Average precision: the sum of precision times recall gained at each threshold (scikit-learn's AP). */
    public double averagePrecision() {
        double sum = 0;
        for (int i = 0; i + 1 < recall.length; i++) {
            sum += (recall[i + 1] - recall[i]) * precision[i];
        }
        return -sum;
    }

    /** Number of points. */
    public int size() {
        return precision.length;
    }

    /** Size and average precision, for notebooks. */
    @Override
    public String toString() {
        return "PrecisionRecallCurve[points=" + size() + ", averagePrecision=" + averagePrecision() + "]";
    }
}
