package org.dlnotes.metrics;

import java.util.Arrays;

/**
 * Cumulative true and false positives at each distinct score, highest score first: scikit-learn's
 * {@code _binary_clf_curve}. Positive and negative scores are sorted separately as primitive arrays and merged,
 * so there is no index sort and no boxing.
 */
record BinaryCounts(double[] thresholds, long[] truePositives, long[] falsePositives) {

    /** Above this many scores the sort runs in parallel. */
    private static final int PARALLEL_SORT = 1 << 20;

    static BinaryCounts of(int[] truth, double[] scores, int positiveLabel) {
        if (truth == null || scores == null) {
            throw new IllegalArgumentException((truth == null ? "truth" : "scores") + " is null");
        }
        Inputs.requireNonEmpty(truth.length, "truth");
        Inputs.requireSameLength(truth.length, "truth", scores.length, "scores");
        if (positiveLabel < 0) {
            throw new IllegalArgumentException("positiveLabel is " + positiveLabel + ", a negative label");
        }
        int positives = 0;
        for (int i = 0; i < truth.length; i++) {
            Inputs.requireNonNegative(truth[i], "truth", i);
            Inputs.requireFinite(scores[i], "scores", i);
            if (truth[i] == positiveLabel) {
                positives++;
            }
        }
        if (positives == 0 || positives == truth.length) {
            throw new IllegalArgumentException("truth has " + (positives == 0 ? "no" : "only") + " samples of "
                    + "positiveLabel " + positiveLabel + ", so the curve is undefined");
        }
        double[] pos = new double[positives];
        double[] neg = new double[truth.length - positives];
        int p = 0;
        int n = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == positiveLabel) {
                pos[p++] = scores[i];
            } else {
                neg[n++] = scores[i];
            }
        }
        sort(pos);
        sort(neg);
        double[] thresholds = new double[truth.length];
        long[] tps = new long[truth.length];
        long[] fps = new long[truth.length];
        int points = 0;
        int i = pos.length - 1;
        int j = neg.length - 1;
        long tp = 0;
        long fp = 0;
        while (i >= 0 || j >= 0) {
            double v = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
            while (i >= 0 && pos[i] == v) {
                tp++;
                i--;
            }
            while (j >= 0 && neg[j] == v) {
                fp++;
                j--;
            }
            thresholds[points] = v;
            tps[points] = tp;
            fps[points] = fp;
            points++;
        }
        return new BinaryCounts(Arrays.copyOf(thresholds, points), Arrays.copyOf(tps, points),
                Arrays.copyOf(fps, points));
    }

    private static void sort(double[] values) {
        if (values.length > PARALLEL_SORT) {
            Arrays.parallelSort(values);
        } else {
            Arrays.sort(values);
        }
    }
}
