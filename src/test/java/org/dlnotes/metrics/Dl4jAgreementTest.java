package org.dlnotes.metrics;

import static org.dlnotes.metrics.SklearnFixtureTest.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.EvaluationAveraging;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Where DL4J's {@code Evaluation} and {@code ROC} compute the same metric, we agree with them; where they differ
 * from scikit-learn, the case is shown here with both values.
 */
class Dl4jAgreementTest {

    /** Noisy softmax-like outputs for truth, each class the arg-max of some rows. */
    private static INDArray output(int[] truth, int classes, long seed, double noise) {
        Random random = new Random(seed);
        double[][] rows = new double[truth.length][classes];
        for (int i = 0; i < truth.length; i++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                rows[i][c] = random.nextDouble() * noise + (c == truth[i] ? 1.0 : 0.0);
                sum += rows[i][c];
            }
            for (int c = 0; c < classes; c++) {
                rows[i][c] /= sum;
            }
        }
        return Nd4j.create(rows).castTo(DataType.DOUBLE);
    }

    private static int[] truth(int n, int classes, long seed) {
        Random random = new Random(seed);
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextInt(classes);
        }
        return truth;
    }

    private static INDArray oneHot(int[] truth, int classes) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, truth.length, classes);
        for (int i = 0; i < truth.length; i++) {
            labels.putScalar(i, truth[i], 1.0);
        }
        return labels;
    }

    private static double[] sigmoidScores(int[] truth, long seed) {
        Random random = new Random(seed);
        double[] scores = new double[truth.length];
        for (int i = 0; i < truth.length; i++) {
            scores[i] = 1 / (1 + Math.exp(-(random.nextGaussian() + truth[i])));
        }
        return scores;
    }

    private static double[] asDoubles(int[] labels) {
        return java.util.Arrays.stream(labels).asDoubleStream().toArray();
    }

    private static INDArray column(double[] values) {
        return Nd4j.createFromArray(values).reshape(values.length, 1);
    }

    @Test
    void agreesWithEvaluationWhenEveryClassIsPredictedAndPresent() {
        int classes = 4;
        int[] truth = truth(600, classes, 1);
        INDArray output = output(truth, classes, 2, 2.5);
        INDArray labels = oneHot(truth, classes);
        Evaluation eval = new Evaluation(classes);
        eval.eval(labels, output);
        ConfusionMatrix cm = ConfusionMatrix.of(labels, output);

        assertTrue(cm.accuracy() > 0.4 && cm.accuracy() < 0.9, "a noisy case: accuracy " + cm.accuracy());
        for (int t = 0; t < classes; t++) {
            assertTrue(cm.predictedCount(t) > 0);
            for (int p = 0; p < classes; p++) {
                assertEquals(eval.getConfusionMatrix().getCount(t, p), cm.count(t, p), "count " + t + "," + p);
            }
            close(eval.precision(t), cm.precisions()[t], "precision " + t);
            close(eval.recall(t), cm.recalls()[t], "recall " + t);
            close(eval.f1(t), cm.f1s()[t], "f1 " + t);
        }
        close(eval.accuracy(), cm.accuracy(), "accuracy");
        close(eval.precision(EvaluationAveraging.Macro), cm.precision(Average.MACRO), "macro precision");
        close(eval.recall(EvaluationAveraging.Macro), cm.recall(Average.MACRO), "macro recall");
        close(eval.f1(EvaluationAveraging.Macro), cm.f1(Average.MACRO), "macro f1");
        close(eval.precision(EvaluationAveraging.Micro), cm.precision(Average.MICRO), "micro precision");
        close(eval.recall(EvaluationAveraging.Micro), cm.recall(Average.MICRO), "micro recall");
        close(eval.f1(EvaluationAveraging.Micro), cm.f1(Average.MICRO), "micro f1");
    }

    @Test
    void logLossEqualsDl4jMeanMcxentOnProbabilities() {
        int classes = 3;
        int[] truth = truth(200, classes, 9);
        INDArray output = output(truth, classes, 10, 2.0);
        INDArray labels = oneHot(truth, classes);
        double dl4j = new LossMCXENT().computeScore(labels, output, new ActivationIdentity(), null, true);
        close(dl4j, Classification.logLoss(labels, output), "log loss");
    }

    @Test
    void regressionAgreesWithRegressionEvaluationPerColumnAndAveraged() {
        Random random = new Random(12);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 300, 2);
        INDArray output = Nd4j.zeros(DataType.DOUBLE, 300, 2);
        for (int i = 0; i < 300; i++) {
            for (int c = 0; c < 2; c++) {
                double y = random.nextGaussian() * (c + 1) + 3;
                labels.putScalar(i, c, y);
                output.putScalar(i, c, y + random.nextGaussian() * 0.5);
            }
        }
        RegressionEvaluation eval = new RegressionEvaluation(2);
        eval.eval(labels, output);
        close(eval.averageMeanSquaredError(), Regression.mse(labels, output), "mse");
        close(eval.averageMeanAbsoluteError(), Regression.mae(labels, output), "mae");
        close(eval.averagerootMeanSquaredError(), Regression.rmse(labels, output), "rmse");
        close(eval.averageRSquared(), Regression.r2(labels, output), "r2");
        double[] y1 = labels.getColumn(1).toDoubleVector();
        double[] p1 = output.getColumn(1).toDoubleVector();
        close(eval.rSquared(1), Regression.r2(y1, p1), "r2 of column 1");
    }

    @Test
    void binaryEvaluationScoresPositiveClassOneAsAverageBinary() {
        int[] truth = truth(300, 2, 3);
        INDArray output = output(truth, 2, 4, 3.0);
        Evaluation eval = new Evaluation(2);
        eval.eval(oneHot(truth, 2), output);
        ConfusionMatrix cm = ConfusionMatrix.of(oneHot(truth, 2), output);
        close(eval.precision(), cm.precision(Average.BINARY), "binary precision");
        close(eval.recall(), cm.recall(Average.BINARY), "binary recall");
        close(eval.f1(), cm.f1(Average.BINARY), "binary f1");
        close(eval.precision(0), cm.precision(Average.binary(0)), "precision of class 0");
    }

    /**
     * Class 2 is never predicted, so its precision is 0/0. scikit-learn scores it 0 (zero_division) and averages
     * over all three classes; DL4J leaves it out of the macro average, which reports a better model than the
     * per-class scores show. We follow scikit-learn: a class the model never predicts must pull the average down.
     */
    @Test
    void dl4jMacroPrecisionSkipsANeverPredictedClassWhereScikitLearnCountsZero() {
        int[] truth = {0, 0, 1, 1, 2, 2};
        int[] predicted = {0, 0, 1, 1, 1, 1};
        Evaluation eval = new Evaluation(3);
        for (int i = 0; i < truth.length; i++) {
            eval.eval(predicted[i], truth[i]); // DL4J's order: (predicted, actual)
        }
        ConfusionMatrix cm = ConfusionMatrix.of(truth, predicted, 3);
        assertEquals((1.0 + 0.5 + 0.0) / 3, cm.precision(Average.MACRO), 1e-15);
        assertEquals((1.0 + 0.5) / 2, eval.precision(EvaluationAveraging.Macro), 1e-15);
        assertEquals((1.0 + 0.5 + 1.0) / 3, cm.withZeroDivision(ZeroDivision.ONE).precision(Average.MACRO), 1e-15);
    }

    @Test
    void exactRocAgreesWithDl4jOnDistinctScores() {
        int[] truth = truth(400, 2, 5);
        double[] scores = sigmoidScores(truth, 6);
        ROC exact = new ROC(0);
        exact.eval(column(asDoubles(truth)), column(scores));
        close(exact.calculateAUC(), RocCurve.of(truth, scores, 1).auc(), "exact roc auc");
    }

    /**
     * With tied scores DL4J's exact ROC steps through the tied samples one by one, so its area depends on their
     * order. scikit-learn makes one point per distinct score (a diagonal segment through the tie), which gives
     * the Mann-Whitney probability that a positive outscores a negative, ties counting one half. We follow
     * scikit-learn: the area must not depend on the order of the samples.
     */
    @Test
    void withTiedScoresDl4jExactRocDiffersAndOursIsTheMannWhitneyProbability() {
        int[] truth = truth(400, 2, 5);
        double[] scores = sigmoidScores(truth, 6);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.round(scores[i] * 10) / 10.0;
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < truth.length; i++) {
            for (int j = 0; j < truth.length; j++) {
                if (truth[i] == 1 && truth[j] == 0) {
                    wins += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
                    pairs++;
                }
            }
        }
        double ours = RocCurve.of(truth, scores, 1).auc();
        close(wins / pairs, ours, "Mann-Whitney AUC");
        ROC exact = new ROC(0);
        exact.eval(column(asDoubles(truth)), column(scores));
        assertTrue(Math.abs(exact.calculateAUC() - ours) > 1e-3, "DL4J " + exact.calculateAUC() + ", ours " + ours);
    }

    /**
     * DL4J's default ROC bins scores into threshold steps; its area is an approximation that depends on the step
     * count, so we compute the exact area, as scikit-learn does.
     */
    @Test
    void thresholdedDl4jRocOnlyApproximatesTheExactArea() {
        int[] truth = truth(400, 2, 7);
        double[] scores = sigmoidScores(truth, 8);
        ROC binned = new ROC(5);
        binned.eval(column(asDoubles(truth)), column(scores));
        double exact = RocCurve.of(truth, scores, 1).auc();
        assertTrue(Math.abs(binned.calculateAUC() - exact) > 1e-3,
                "5 threshold steps: " + binned.calculateAUC() + " vs exact " + exact);
    }

    /**
     * DL4J's AUCPR integrates the precision-recall curve with trapezoids; scikit-learn's average precision is the
     * step sum, which does not credit the optimistic linear interpolation between points. They differ.
     */
    @Test
    void dl4jAucprIsNotScikitLearnAveragePrecision() {
        int[] truth = {1, 0, 1, 0, 0, 1, 0, 0};
        double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2};
        ROC exact = new ROC(0);
        exact.eval(column(new double[] {1, 0, 1, 0, 0, 1, 0, 0}), column(scores));
        double ap = PrecisionRecallCurve.of(truth, scores, 1).averagePrecision();
        // Step sum: recall 1/3 at precision 1, 2/3 at 2/3, 1 at 1/2.
        assertEquals((1.0 + 2.0 / 3 + 0.5) / 3, ap, 1e-15);
        assertTrue(Math.abs(exact.calculateAUCPR() - ap) > 1e-3, "DL4J AUCPR " + exact.calculateAUCPR());
    }
}
