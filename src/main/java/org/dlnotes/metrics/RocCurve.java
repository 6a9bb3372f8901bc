package org.dlnotes.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Receiver operating characteristic of binary scores, exactly as scikit-learn 1.2's {@code roc_curve} (with
 * {@code drop_intermediate=True}): one point per distinct score, collinear points dropped, starting at (0, 0)
 * with threshold {@code max score + 1}. Ties are one point, so the area is exact (no thresholds binning).
 *
 * <pre>{@code
 * RocCurve roc = RocCurve.of(truth, scores, 1);
 * double auc = roc.auc();
 * }</pre>
 *
 * <p>Why not DL4J's {@code ROC}: with threshold steps it bins scores (an approximate area); its exact mode agrees
 * on distinct scores, but steps through tied scores one sample at a time, so its area then depends on the order of
 * the samples. Here a tie is one point (a diagonal segment), which makes the area the Mann-Whitney probability that
 * a positive outscores a negative, ties counting one half ({@code Dl4jAgreementTest}). The algorithm is a sort and
 * a cumulative count, written here to match scikit-learn's points.
 *
 * @param falsePositiveRate  x of each point, non-decreasing from 0 to 1
 * @param truePositiveRate   y of each point, non-decreasing from 0 to 1
 * @param thresholds         score threshold of each point ({@code score >= threshold} is predicted positive)
 */
public record RocCurve(double[] falsePositiveRate, double[] truePositiveRate, double[] thresholds) {

    /** Checks that the three arrays have one entry per point, and copies them. */
    public RocCurve {
        if (falsePositiveRate.length != truePositiveRate.length || thresholds.length != truePositiveRate.length) {
            throw new IllegalArgumentException("falsePositiveRate, truePositiveRate and thresholds must be equally "
                    + "long, but have " + falsePositiveRate.length + ", " + truePositiveRate.length + " and "
                    + thresholds.length + " entries");
        }
        falsePositiveRate = falsePositiveRate.clone();
        truePositiveRate = truePositiveRate.clone();
        thresholds = thresholds.clone();
    }

    /** A copy of the x values. */
    @Override
    public double[] falsePositiveRate() {
        return falsePositiveRate.clone();
    }

    /** A copy of the y values. */
    @Override
    public double[] truePositiveRate() {
        return truePositiveRate.clone();
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
    public static RocCurve of(int[] truth, double[] scores, int positiveLabel) {
        BinaryCounts counts = BinaryCounts.of(truth, scores, positiveLabel);
        long[] tps = counts.truePositives();
        long[] fps = counts.falsePositives();
        double[] thresholds = counts.thresholds();
        int n = tps.length;
        int[] keep = new int[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            boolean corner = i == 0 || i == n - 1 || n <= 2
                    || fps[i + 1] - 2 * fps[i] + fps[i - 1] != 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] != 0;
            if (corner) {
                keep[kept++] = i;
            }
        }
        double[] fpr = new double[kept + 1];
        double[] tpr = new double[kept + 1];
        double[] thr = new double[kept + 1];
        double allPositives = tps[n - 1];
        double allNegatives = fps[n - 1];
        thr[0] = thresholds[keep[0]] + 1;
        for (int k = 0; k < kept; k++) {
            fpr[k + 1] = fps[keep[k]] / allNegatives;
            tpr[k + 1] = tps[keep[k]] / allPositives;
            thr[k + 1] = thresholds[keep[k]];
        }
        return new RocCurve(fpr, tpr, thr);
    }

    /** The curve of binary network output ({@code [n, 1]} or {@code [n, 2]}: score of class 1). */
    public static RocCurve of(INDArray labels, INDArray output) {
        double[] scores = Inputs.positiveScores(output);
        int[] truth = Inputs.classIndices(labels, 2);
        Inputs.requireSameLength(truth.length, "labels", scores.length, "output");
        return of(truth, scores, 1);
    }

    /** Area under the curve by the trapezoidal rule (scikit-learn's {@code auc}). */
    public double auc() {
        double area = 0;
        for (int i = 1; i < falsePositiveRate.length; i++) {
            area += (falsePositiveRate[i] - falsePositiveRate[i - 1])
                    * (truePositiveRate[i] + truePositiveRate[i - 1]) / 2.0;
        }
        return area;
    }

    /** Number of points. */
    public int size() {
        return thresholds.length;
    }

    /** Size and area, for notebooks. */
    @Override
    public String toString() {
        return "RocCurve[points=" + size() + ", auc=" + auc() + "]";
    }
}
