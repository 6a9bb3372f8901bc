package org.dlnotes.metrics;

import java.util.Objects;

/**
 * A decision threshold on a binary score and the precision and recall it gives: predict the positive class when
 * {@code score ≥ threshold}. Chosen on a {@link PrecisionRecallCurve} (of validation data, then applied to test data)
 * where missing a positive costs more than a false alarm, as in screening for a disease.
 *
 * <pre>{@code
 * PrecisionRecallCurve pr = PrecisionRecallCurve.of(validationTruth, validationScores, 0);
 * OperatingPoint point = OperatingPoint.withRecall(pr, 0.98);        // the most precise threshold with recall ≥ 98 %
 * int[] predicted = point.predict(testScores, 0, 1);
 * }</pre>
 *
 * @param threshold the score from which a sample is called positive
 * @param precision precision at this threshold on the data the curve was computed from
 * @param recall    recall at this threshold on that data
 */
public record OperatingPoint(double threshold, double precision, double recall) {

    /**
     * The point of the curve with recall at least {@code minRecall} and the highest precision (ties: the higher
     * threshold, fewer alarms).
     *
     * @throws IllegalArgumentException if minRecall is outside (0, 1]
     */
    public static OperatingPoint withRecall(PrecisionRecallCurve curve, double minRecall) {
        Objects.requireNonNull(curve, "curve");
        if (!(minRecall > 0 && minRecall <= 1)) {
            throw new IllegalArgumentException("minRecall must be in (0, 1], but is " + minRecall);
        }
        double[] precision = curve.precision();
        double[] recall = curve.recall();
        double[] thresholds = curve.thresholds();
        int best = -1;
        for (int i = 0; i < thresholds.length; i++) {
            if (recall[i] >= minRecall && (best < 0 || precision[i] > precision[best]
                    || precision[i] == precision[best] && thresholds[i] > thresholds[best])) {
                best = i;
            }
        }
        // the lowest threshold has recall 1, so some point always qualifies
        return new OperatingPoint(thresholds[best], precision[best], recall[best]);
    }

    /**
     * Precision and recall of the rule {@code score ≥ threshold} on other data (e.g. the test set).
     *
     * @throws IllegalArgumentException on empty or unequal arrays, a non-finite score, or no positive sample
     */
    public static OperatingPoint at(double threshold, int[] truth, double[] scores, int positiveLabel) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(scores, "scores");
        Inputs.requireNonEmpty(truth.length, "truth");
        Inputs.requireSameLength(truth.length, "truth", scores.length, "scores");
        long tp = 0;
        long fp = 0;
        long positives = 0;
        for (int i = 0; i < truth.length; i++) {
            Inputs.requireFinite(scores[i], "scores", i);
            boolean actual = truth[i] == positiveLabel;
            boolean called = scores[i] >= threshold;
            positives += actual ? 1 : 0;
            tp += actual && called ? 1 : 0;
            fp += !actual && called ? 1 : 0;
        }
        if (positives == 0) {
            throw new IllegalArgumentException("truth has no sample of the positive label " + positiveLabel
                    + ", so recall is undefined");
        }
        double precision = tp + fp == 0 ? 0.0 : (double) tp / (tp + fp);
        return new OperatingPoint(threshold, precision, (double) tp / positives);
    }

    /** {@code positiveLabel} where {@code score ≥ threshold}, else {@code negativeLabel}. */
    public int[] predict(double[] scores, int positiveLabel, int negativeLabel) {
        int[] out = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            Inputs.requireFinite(scores[i], "scores", i);
            out[i] = scores[i] >= threshold ? positiveLabel : negativeLabel;
        }
        return out;
    }
}
