package org.dlnotes.metrics;

import static org.dlnotes.metrics.SklearnFixtureTest.close;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

import tech.tablesaw.api.Table;

/** The API around the metrics that the scikit-learn fixture does not reach: orders, tables, shapes, blocks. */
class MetricsApiTest {

    private static final int[] TRUTH = {0, 0, 1, 1, 2, 2, 2, 0};
    private static final int[] PREDICTED = {0, 1, 1, 1, 2, 0, 2, 0};

    @Test
    void countsInAnExplicitLabelOrderAndRowNormalised() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUTH, PREDICTED, 3);
        assertArrayEquals(new long[][] {{2, 1, 0}, {0, 2, 0}, {1, 0, 2}}, cm.counts());
        assertArrayEquals(new long[][] {{2, 1, 0}, {0, 2, 1}, {0, 0, 2}}, cm.counts(2, 0, 1));
        assertArrayEquals(new long[][] {{2, 0}, {1, 2}}, cm.counts(1, 0));
        double[][] n = cm.normalized();
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3, 0}, n[0], 1e-15);
        assertArrayEquals(new double[] {1.0 / 3, 0, 2.0 / 3}, n[2], 1e-15);
        assertEquals(8, cm.total());
        assertEquals(3, cm.support(2));
        assertEquals(2, cm.predictedCount(2));
        assertEquals(cm.counts()[0][1], cm.count(0, 1));
        ConfusionMatrix fromCounts = ConfusionMatrix.ofCounts(cm.counts());
        assertEquals(cm.f1(Average.MACRO), fromCounts.f1(Average.MACRO));
        assertEquals("ConfusionMatrix[[2, 1, 0], [0, 2, 0], [1, 0, 2]]", cm.toString());
    }

    @Test
    void normalisedRowOfAnAbsentClassIsZerosNotNaN() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 0}, new int[] {0, 1}, 2);
        assertArrayEquals(new double[] {0, 0}, cm.normalized()[1]);
        assertEquals(0.0, cm.recalls()[1]);
        assertEquals(1.0, cm.withZeroDivision(ZeroDivision.ONE).recalls()[1]);
    }

    @Test
    void reportAsTableHasClassRowsThenAccuracyAndAverages() {
        ClassificationReport report = ConfusionMatrix.of(TRUTH, PREDICTED, 3).report("cat", "dog", "pig");
        Table table = report.table();
        assertEquals(List.of("class", "precision", "recall", "f1", "support"), table.columnNames());
        assertEquals(List.of("cat", "dog", "pig", "accuracy", "macro avg", "weighted avg"),
                table.stringColumn("class").asList());
        close(2.0 / 3, table.doubleColumn("precision").get(0), "cat precision");
        close(6.0 / 8, table.doubleColumn("f1").get(3), "accuracy");
        assertTrue(table.doubleColumn("precision").isMissing(3));
        assertEquals(8L, table.longColumn("support").get(5));
        assertEquals(report.macro().f1(), table.doubleColumn("f1").get(4));
        assertEquals("0.6667", table.doubleColumn("precision").getString(0), "printed with 4 decimals");
        assertEquals(3, report.rows().size());
    }

    @Test
    void epochMetricsPlugInAsMethodReferences() {
        INDArray labels = Nd4j.createFromArray(0.0, 1.0, 2.0, 1.0).reshape(4, 1);
        INDArray output = Nd4j.create(new double[][] {{.7, .2, .1}, {.1, .8, .1}, {.5, .1, .4}, {.2, .3, .5}});
        List<ToDoubleBiFunction<INDArray, INDArray>> metrics = List.of(Classification::accuracy,
                Classification::macroF1, Classification::weightedF1, Classification::balancedAccuracy,
                Classification::logLoss, Classification::rocAuc, LanguageModel::perplexity,
                LanguageModel::bitsPerToken);
        double[] values = metrics.stream().mapToDouble(m -> m.applyAsDouble(labels, output)).toArray();
        close(0.5, values[0], "accuracy");
        close((-Math.log(.7) - Math.log(.8) - Math.log(.4) - Math.log(.3)) / 4, values[4], "log loss");
        close(Math.exp(values[4]), values[6], "perplexity");
        close(values[4] / Math.log(2), values[7], "bits");
    }

    @Test
    void sigmoidOutputLogLossEqualsTheTwoColumnForm() {
        INDArray labels = Nd4j.createFromArray(1.0, 0.0, 1.0);
        INDArray sigmoid = Nd4j.createFromArray(0.9, 0.2, 0.4).reshape(3, 1);
        double expected = Classification.logLoss(new int[] {1, 0, 1},
                new double[][] {{0.1, 0.9}, {0.8, 0.2}, {0.6, 0.4}});
        close(expected, Classification.logLoss(labels, sigmoid), "sigmoid log loss");
        close((-Math.log(.9) - Math.log(.8) - Math.log(.4)) / 3, expected, "by hand");
    }

    @Test
    void sigmoidOutputIsPredictedPositiveAboveOneHalf() {
        INDArray labels = Nd4j.createFromArray(1.0, 0.0, 1.0, 0.0);
        INDArray sigmoid = Nd4j.createFromArray(0.9, 0.5, 0.4, 0.51).reshape(4, 1);
        ConfusionMatrix cm = ConfusionMatrix.of(labels, sigmoid);
        assertArrayEquals(new long[][] {{1, 1}, {1, 1}}, cm.counts());
        close(0.5, Classification.accuracy(labels, sigmoid), "accuracy");
    }

    @Test
    void float32OutputOverSeveralRowBlocksEqualsTheIntArrayPath() {
        int n = Inputs.BLOCK_ROWS * 2 + 123;
        int classes = 5;
        Random random = new Random(11);
        int[] truth = new int[n];
        float[][] scores = new float[n][classes];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextInt(classes);
            for (int c = 0; c < classes; c++) {
                scores[i][c] = random.nextFloat() + (c == truth[i] ? 0.3f : 0f);
            }
        }
        INDArray output = Nd4j.create(scores);
        assertEquals(DataType.FLOAT, output.dataType());
        INDArray labels = Nd4j.createFromArray(truth).castTo(DataType.FLOAT);
        int[] argMax = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 1; c < classes; c++) {
                if (scores[i][c] > scores[i][argMax[i]]) {
                    argMax[i] = c;
                }
            }
        }
        ConfusionMatrix expected = ConfusionMatrix.of(truth, argMax, classes);
        assertArrayEquals(expected.counts(), ConfusionMatrix.of(labels, output).counts());
        double[][] asDouble = new double[n][classes];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < classes; c++) {
                asDouble[i][c] = scores[i][c];
            }
        }
        assertEquals(Classification.topKAccuracy(truth, asDouble, 2), Classification.topKAccuracy(labels, output, 2));
    }

    @Test
    void viewsFortranOrderAndIntegerArraysReadAsTheirValues() {
        double[][] rows = {{.7, .2, .1}, {.1, .8, .1}, {.5, .1, .4}, {.2, .3, .5}};
        INDArray output = Nd4j.create(rows);
        INDArray labels = Nd4j.createFromArray(0, 1, 2, 1);
        double expected = Classification.logLoss(new int[] {0, 1, 2, 1}, rows);
        close(expected, Classification.logLoss(labels, output.dup('f')), "Fortran order");
        INDArray padded = Nd4j.zeros(DataType.DOUBLE, 6, 5);
        padded.get(NDArrayIndex.interval(1, 5), NDArrayIndex.interval(1, 4)).assign(output);
        INDArray view = padded.get(NDArrayIndex.interval(1, 5), NDArrayIndex.interval(1, 4));
        assertTrue(view.isView());
        close(expected, Classification.logLoss(labels, view), "view with offset and strides");
        INDArray transposedView = output.transpose().transpose();
        close(expected, Classification.logLoss(labels.castTo(DataType.INT64), transposedView), "long labels");
    }

    /**
     * Recurrent output [batch, vocabulary, time] with a mask: only unmasked steps count. The mean equals DL4J's
     * MCXENT score per unmasked step (DL4J sums over steps; we average).
     */
    @Test
    void languageModelCrossEntropyOfMaskedRecurrentOutput() {
        int batch = 2;
        int vocabulary = 4;
        int time = 3;
        Random random = new Random(5);
        INDArray output = Nd4j.zeros(DataType.DOUBLE, batch, vocabulary, time);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, batch, vocabulary, time);
        INDArray mask = Nd4j.create(new double[][] {{1, 1, 1}, {1, 1, 0}});
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                double[] p = new double[vocabulary];
                double total = 0;
                for (int v = 0; v < vocabulary; v++) {
                    p[v] = random.nextDouble() + 0.1;
                    total += p[v];
                }
                int target = random.nextInt(vocabulary);
                for (int v = 0; v < vocabulary; v++) {
                    output.putScalar(new long[] {b, v, t}, p[v] / total);
                }
                labels.putScalar(new long[] {b, target, t}, 1.0);
                if (mask.getDouble(b, t) == 1.0) {
                    sum -= Math.log(p[target] / total);
                }
            }
        }
        CrossEntropy ce = LanguageModel.crossEntropy(labels, output, mask);
        assertEquals(5, ce.tokens());
        close(sum / 5, ce.nats(), "masked mean cross-entropy");
        close(Math.exp(sum / 5), ce.perplexity(), "perplexity");
        close(sum / 5 / Math.log(2), ce.bits(), "bits");
        assertEquals(6, LanguageModel.crossEntropy(labels, output).tokens());

        // DL4J's MCXENT on [steps, vocabulary] rows of probabilities (identity activation) sums the same terms.
        INDArray rows = output.permute(0, 2, 1).dup('c').reshape(batch * time, vocabulary);
        INDArray rowLabels = labels.permute(0, 2, 1).dup('c').reshape(batch * time, vocabulary);
        INDArray rowMask = mask.dup('c').reshape(batch * time, 1);
        double dl4j = new LossMCXENT().computeScore(rowLabels, rows, new ActivationIdentity(), rowMask, false);
        close(dl4j, ce.nats() * ce.tokens(), "DL4J summed MCXENT");
    }

    @Test
    void curvesAreImmutable() {
        RocCurve roc = RocCurve.of(new int[] {0, 1, 0, 1}, new double[] {.1, .9, .4, .35}, 1);
        double[] fpr = roc.falsePositiveRate();
        fpr[0] = 42;
        assertEquals(0.0, roc.falsePositiveRate()[0]);
        assertNotSame(roc.thresholds(), roc.thresholds());
        close(0.75, roc.auc(), "auc");
        assertEquals("RocCurve[points=" + roc.size() + ", auc=0.75]", roc.toString());
    }
}
