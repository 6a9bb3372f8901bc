package org.dlnotes.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Bad input is an IllegalArgumentException whose message names the argument and the offending value or index. */
class BadInputTest {

    private static void rejects(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    private static final int[] TRUTH = {0, 1, 2, 1};
    private static final double[][] PROBA = {{0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}, {0.2, 0.2, 0.6}, {0.3, 0.4, 0.3}};

    @Test
    void lengthMismatch() {
        rejects("truth has 4 entries but predicted has 3", () -> ConfusionMatrix.of(TRUTH, new int[] {0, 1, 2}, 3));
        rejects("truth has 4 entries but predicted has 2", () -> Classification.accuracy(TRUTH, new int[] {0, 1}));
        rejects("truth has 4 entries but probabilities has 2",
                () -> Classification.logLoss(TRUTH, new double[][] {PROBA[0], PROBA[1]}));
        rejects("truth has 3 entries but scores has 2", () -> RocCurve.of(new int[] {0, 1, 1}, new double[] {1, 2}, 1));
        rejects("truth has 2 entries but predicted has 1", () -> Regression.mse(new double[] {1, 2}, new double[] {1}));
        rejects("labels has shape [3, 1] but output has shape [2, 1]",
                () -> Regression.r2(Nd4j.zeros(DataType.DOUBLE, 3, 1), Nd4j.zeros(DataType.DOUBLE, 2, 1)));
        rejects("labels has 3 entries but output has 4", () -> ConfusionMatrix.of(
                Nd4j.createFromArray(0.0, 1.0, 2.0), Nd4j.create(PROBA)));
        rejects("scores[1] has 2 columns but scores[0] has 3",
                () -> Classification.topKAccuracy(new int[] {0, 1}, new double[][] {{.2, .3, .5}, {.5, .5}}, 1));
    }

    @Test
    void emptyInput() {
        rejects("truth is empty", () -> ConfusionMatrix.of(new int[0], new int[0], 2));
        rejects("truth is empty", () -> Classification.accuracy(new int[0], new int[0]));
        rejects("truth is empty", () -> RocCurve.of(new int[0], new double[0], 1));
        rejects("truth is empty", () -> Regression.mae(new double[0], new double[0]));
        rejects("targets is empty", () -> LanguageModel.crossEntropy(new int[0], new double[0][]));
        rejects("output is empty, shape [0, 3]",
                () -> Classification.accuracy(Nd4j.zeros(DataType.DOUBLE, 0, 3), Nd4j.zeros(DataType.DOUBLE, 0, 3)));
        rejects("counts are all zero", () -> ConfusionMatrix.ofCounts(new long[2][2]));
    }

    @Test
    void negativeOrOutOfRangeLabels() {
        rejects("truth[2] is -1, outside the classes 0..2", () -> ConfusionMatrix.of(new int[] {0, 1, -1},
                new int[] {0, 1, 2}, 3));
        rejects("predicted[1] is 3, outside the classes 0..2", () -> ConfusionMatrix.of(new int[] {0, 1, 2},
                new int[] {0, 3, 2}, 3));
        rejects("predicted[0] is -4, a negative label", () -> Classification.accuracy(new int[] {1}, new int[] {-4}));
        rejects("truth[3] is 3, outside the classes 0..2",
                () -> Classification.logLoss(new int[] {0, 1, 2, 3}, PROBA));
        rejects("truth[1] is -1, a negative label", () -> RocCurve.of(new int[] {0, -1}, new double[] {.1, .2}, 1));
        rejects("labels[1] is 5, outside the classes 0..2", () -> Classification.accuracy(
                Nd4j.createFromArray(0.0, 5.0, 1.0, 2.0), Nd4j.create(PROBA)));
        rejects("labels[2] is 0.5, not a class index", () -> Classification.accuracy(
                Nd4j.createFromArray(0.0, 1.0, 0.5, 2.0), Nd4j.create(PROBA)));
        rejects("labels row 1 is not one-hot: labels[1][2] is 1.0", () -> Classification.accuracy(
                Nd4j.create(new double[][] {{1, 0, 0}, {0, 1, 1}, {0, 0, 1}, {0, 1, 0}}), Nd4j.create(PROBA)));
        rejects("targets[0] is 7, outside the classes 0..2",
                () -> LanguageModel.crossEntropy(new int[] {7}, new double[][] {PROBA[0]}));
        rejects("classes must be in 1..46340, but is 0",
                () -> ConfusionMatrix.of(new int[] {0}, new int[] {0}, 0));
        rejects("classes must be in 1..46340, but is 50000",
                () -> ConfusionMatrix.of(new int[] {0}, new int[] {0}, 50_000));
        rejects("counts[0][1] is -2, a negative count", () -> ConfusionMatrix.ofCounts(new long[][] {{1, -2}, {0, 1}}));
        rejects("labels[1] is 1, listed twice", () -> ConfusionMatrix.of(TRUTH, TRUTH, 3).counts(1, 1));
        rejects("c is 3, outside the classes 0..2", () -> ConfusionMatrix.of(TRUTH, TRUTH, 3).support(3));
    }

    @Test
    void nanOrInfiniteScores() {
        rejects("scores[1] is NaN, not a finite number",
                () -> RocCurve.of(new int[] {0, 1}, new double[] {0.1, Double.NaN}, 1));
        rejects("scores[0] is Infinity, not a finite number",
                () -> PrecisionRecallCurve.of(new int[] {0, 1}, new double[] {Double.POSITIVE_INFINITY, 1}, 1));
        rejects("output[1][2] is NaN, not a finite number", () -> Classification.accuracy(
                Nd4j.createFromArray(0.0, 1.0), Nd4j.create(new double[][] {{1, 2, 3}, {1, 2, Double.NaN}})));
        rejects("output[0][0] is -Infinity, not a finite number", () -> Classification.macroF1(
                Nd4j.createFromArray(0.0), Nd4j.create(new double[][] {{Double.NEGATIVE_INFINITY, 0}})));
        rejects("scores[1][0] is NaN, not a finite number", () -> Classification.topKAccuracy(new int[] {0, 1},
                new double[][] {{.5, .5}, {Double.NaN, .5}}, 1));
        rejects("predicted[1] is Infinity, not a finite number", () -> Regression.rmse(new double[] {1, 2},
                new double[] {1, Double.POSITIVE_INFINITY}));
        rejects("truth[0] is NaN, not a finite number", () -> Regression.r2(new double[] {Double.NaN, 2},
                new double[] {1, 2}));
    }

    @Test
    void probabilitiesOutsideZeroOne() {
        rejects("probabilities[1][0] is 1.5, not a probability in [0, 1]", () -> Classification.logLoss(
                new int[] {0, 1}, new double[][] {{0.5, 0.5}, {1.5, -0.5}}));
        rejects("output[0][0] is 1.2, not a probability in [0, 1]", () -> Classification.logLoss(
                Nd4j.createFromArray(1.0), Nd4j.create(new double[][] {{1.2, -0.2}})));
        rejects("output[1][0] is 2.0, not a probability in [0, 1]", () -> Classification.logLoss(
                Nd4j.createFromArray(1.0, 0.0), Nd4j.createFromArray(0.5, 2.0).reshape(2, 1)));
        rejects("probabilities[0][2] is 3.0, not a probability in [0, 1]", () -> LanguageModel.crossEntropy(
                new int[] {0}, new double[][] {{0.1, 0.2, 3.0}}));
        rejects("probabilities[1][1] is -0.1, not a probability in [0, 1]", () -> Classification.rocAucOneVsRest(
                new int[] {0, 1, 2}, new double[][] {{.8, .1, .1}, {1.0, -0.1, 0.1}, {0, 0, 1}}));
        rejects("probabilities[2] sums to 0.5, not 1", () -> Classification.rocAucOneVsRest(
                new int[] {0, 1, 2}, new double[][] {{.8, .1, .1}, {.1, .8, .1}, {0, 0, .5}}));
    }

    @Test
    void positiveLabelThatDoesNotOccur() {
        rejects("truth has no samples of positiveLabel 2, so the curve is undefined",
                () -> RocCurve.of(new int[] {0, 1, 1}, new double[] {.1, .2, .3}, 2));
        rejects("truth has only samples of positiveLabel 1, so the curve is undefined",
                () -> PrecisionRecallCurve.of(new int[] {1, 1}, new double[] {.1, .2}, 1));
        rejects("positiveLabel is 2, not one of the classes 0, 1",
                () -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {1, 1}, 2).f1(Average.binary(2)));
        rejects("positiveLabel must be a class index >= 0, but is -1", () -> Average.binary(-1));
        rejects("average BINARY needs 2 classes, but there are 3; use MACRO, MICRO, WEIGHTED or the per-class "
                + "scores", () -> ConfusionMatrix.of(TRUTH, TRUTH, 3).precision(Average.BINARY));
        rejects("truth has no samples of class 2, so its one-vs-rest ROC AUC is undefined",
                () -> Classification.rocAucOneVsRest(new int[] {0, 1, 1, 0}, PROBA));
    }

    @Test
    void otherArguments() {
        rejects("k must be at least 1, but is 0", () -> Classification.topKAccuracy(TRUTH, PROBA, 0));
        rejects("beta must be finite and >= 0, but is -1.0", () -> ConfusionMatrix.of(TRUTH, TRUTH, 3)
                .fBeta(-1, Average.MACRO));
        rejects("names must name the 3 classes, but has 2 entries", () -> ConfusionMatrix.of(TRUTH, TRUTH, 3)
                .report("a", "b"));
        rejects("digits must be >= 0, but is -1", () -> ConfusionMatrix.of(TRUTH, TRUTH, 3).report().toText(-1));
        INDArray rnn = Nd4j.zeros(DataType.DOUBLE, 2, 3, 4);
        rejects("mask must have shape [2, 4], but has shape [2, 3]",
                () -> LanguageModel.crossEntropy(rnn, rnn, Nd4j.ones(DataType.DOUBLE, 2, 3)));
    }
}
