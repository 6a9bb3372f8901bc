package org.dlnotes.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Every metric against the values scikit-learn 1.2.1 computed for the same inputs, to 1e-12 (relative above 1).
 * The fixture is written by {@code src/test/python/sklearn_fixture.py}; see there how to regenerate it.
 */
class SklearnFixtureTest {

    private static final double TOLERANCE = 1e-12;
    private static final JsonObject FIXTURE = load();

    private static JsonObject load() {
        try (InputStream in = SklearnFixtureTest.class.getResourceAsStream("sklearn-fixture.json");
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return new JsonParser().parse(reader).getAsJsonObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<JsonObject> cases(String kind) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : FIXTURE.getAsJsonArray("cases")) {
            if (e.getAsJsonObject().get("kind").getAsString().equals(kind)) {
                out.add(e.getAsJsonObject());
            }
        }
        return out;
    }

    @Test
    void fixtureHoldsSeveralHundredCasesOfEveryKindFromScikitLearn121() {
        assertEquals("1.2.1", FIXTURE.get("sklearn").getAsString());
        assertEquals(511, FIXTURE.getAsJsonArray("cases").size());
        assertEquals(202, cases("labels").size());
        assertEquals(93, cases("probabilities").size());
        assertEquals(153, cases("binary_scores").size());
        assertEquals(63, cases("regression").size());
    }

    @TestFactory
    Stream<DynamicTest> labelMetricsMatchScikitLearn() {
        return cases("labels").stream().map(c -> DynamicTest.dynamicTest(name(c), () -> checkLabels(c)));
    }

    @TestFactory
    Stream<DynamicTest> probabilityMetricsMatchScikitLearn() {
        return cases("probabilities").stream().map(c -> DynamicTest.dynamicTest(name(c), () -> checkProba(c)));
    }

    @TestFactory
    Stream<DynamicTest> curvesMatchScikitLearn() {
        return cases("binary_scores").stream().map(c -> DynamicTest.dynamicTest(name(c), () -> checkCurves(c)));
    }

    @TestFactory
    Stream<DynamicTest> regressionMetricsMatchScikitLearn() {
        return cases("regression").stream().map(c -> DynamicTest.dynamicTest(name(c), () -> checkRegression(c)));
    }

    private static void checkLabels(JsonObject c) {
        int k = c.get("classes").getAsInt();
        int[] truth = ints(c, "truth");
        int[] predicted = ints(c, "predicted");
        ConfusionMatrix cm = ConfusionMatrix.of(truth, predicted, k);
        long[] expectedCounts = longs(c, "confusion");
        long[][] counts = cm.counts();
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                assertEquals(expectedCounts[t * k + p], counts[t][p], "confusion[" + t + "][" + p + "]");
            }
        }
        close(c.get("accuracy").getAsDouble(), cm.accuracy(), "accuracy");
        close(c.get("accuracy").getAsDouble(), Classification.accuracy(truth, predicted), "accuracy(int[])");
        close(c.get("balanced_accuracy").getAsDouble(), cm.balancedAccuracy(), "balanced accuracy");
        int checked = 0;
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("scores").entrySet()) {
            String[] key = e.getKey().split("/");
            ConfusionMatrix m = cm.withZeroDivision(key[1].equals("0") ? ZeroDivision.ZERO : ZeroDivision.ONE);
            double beta = Double.parseDouble(key[2]);
            JsonObject expected = e.getValue().getAsJsonObject();
            String what = e.getKey();
            if (key[0].equals("per_class")) {
                closeAll(doubles(expected, "precision"), m.precisions(), what + " precision");
                closeAll(doubles(expected, "recall"), m.recalls(), what + " recall");
                closeAll(doubles(expected, "f"), m.fBetas(beta), what + " f");
                if (beta == 1.0) {
                    closeAll(doubles(expected, "f"), m.f1s(), what + " f1");
                }
            } else {
                Average average = switch (key[0]) {
                    case "macro" -> Average.MACRO;
                    case "micro" -> Average.MICRO;
                    case "weighted" -> Average.WEIGHTED;
                    case "binary0" -> Average.binary(0);
                    case "binary1" -> Average.BINARY;
                    default -> throw new AssertionError(key[0]);
                };
                close(expected.get("precision").getAsDouble(), m.precision(average), what + " precision");
                close(expected.get("recall").getAsDouble(), m.recall(average), what + " recall");
                close(expected.get("f").getAsDouble(), m.fBeta(beta, average), what + " f");
                if (beta == 1.0) {
                    close(expected.get("f").getAsDouble(), m.f1(average), what + " f1");
                }
            }
            checked++;
        }
        assertEquals(k == 2 ? 36 : 24, checked, "score groups checked");
        assertEquals(sklearnReport(c, "report2"), cm.report().toText(2));
        assertEquals(sklearnReport(c, "report2"), cm.report().toString());
        assertEquals(sklearnReport(c, "report4"), cm.report().toText(4));
    }

    /**
     * scikit-learn 1.2.1's report text. When no prediction is correct its {@code multilabel_confusion_matrix}
     * takes a "pathological case" branch that makes the counts floats, so the support column prints as
     * {@code 11.0}; we print counts as integers, as in every other case.
     */
    private static String sklearnReport(JsonObject c, String key) {
        String text = c.get(key).getAsString();
        return c.get("accuracy").getAsDouble() == 0.0 ? text.replaceAll("(\\d+)\\.0\n", "  $1\n") : text;
    }

    private static void checkProba(JsonObject c) {
        int k = c.get("classes").getAsInt();
        int[] truth = ints(c, "truth");
        double[] flat = doubles(c, "scores");
        double[][] proba = new double[truth.length][];
        for (int i = 0; i < truth.length; i++) {
            proba[i] = java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k);
        }
        INDArray output = Nd4j.create(flat, new long[] {truth.length, k}, DataType.DOUBLE);
        INDArray indexLabels = Nd4j.createFromArray(truth).castTo(DataType.DOUBLE).reshape(truth.length, 1);
        INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, truth.length, k);
        for (int i = 0; i < truth.length; i++) {
            oneHot.putScalar(i, truth[i], 1.0);
        }
        double logLoss = c.get("log_loss").getAsDouble();
        close(logLoss, Classification.logLoss(truth, proba), "log loss");
        close(logLoss, Classification.logLoss(oneHot, output), "log loss (INDArray one-hot)");
        close(logLoss, Classification.logLoss(indexLabels, output), "log loss (INDArray index)");
        CrossEntropy ce = LanguageModel.crossEntropy(truth, proba);
        close(logLoss, ce.nats(), "cross-entropy nats");
        close(logLoss / Math.log(2), ce.bits(), "cross-entropy bits");
        close(c.get("perplexity").getAsDouble(), ce.perplexity(), "perplexity");
        close(c.get("perplexity").getAsDouble(), LanguageModel.perplexity(oneHot, output), "perplexity (INDArray)");
        assertEquals(truth.length, ce.tokens());
        close(c.get("accuracy_argmax").getAsDouble(), Classification.accuracy(oneHot, output), "argmax accuracy");
        if (c.has("top_k")) {
            for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("top_k").entrySet()) {
                int topK = Integer.parseInt(e.getKey());
                close(e.getValue().getAsDouble(), Classification.topKAccuracy(truth, proba, topK), "top-" + topK);
                close(e.getValue().getAsDouble(), Classification.topKAccuracy(indexLabels, output, topK),
                        "top-" + topK + " (INDArray)");
            }
        }
        if (c.has("roc_auc_ovr_macro")) {
            double auc = c.get("roc_auc_ovr_macro").getAsDouble();
            close(auc, Classification.rocAucOneVsRest(truth, proba), "ovr macro roc auc");
            close(auc, Classification.rocAuc(oneHot, output), "ovr macro roc auc (INDArray)");
        }
    }

    private static void checkCurves(JsonObject c) {
        int[] truth = ints(c, "truth");
        double[] scores = doubles(c, "scores");
        int positive = c.get("positive").getAsInt();
        RocCurve roc = RocCurve.of(truth, scores, positive);
        closeAll(doubles(c, "roc_fpr"), roc.falsePositiveRate(), "fpr");
        closeAll(doubles(c, "roc_tpr"), roc.truePositiveRate(), "tpr");
        closeAll(doubles(c, "roc_thresholds"), roc.thresholds(), "roc thresholds");
        close(c.get("roc_auc").getAsDouble(), roc.auc(), "roc auc");
        PrecisionRecallCurve pr = PrecisionRecallCurve.of(truth, scores, positive);
        closeAll(doubles(c, "pr_precision"), pr.precision(), "precision");
        closeAll(doubles(c, "pr_recall"), pr.recall(), "recall");
        closeAll(doubles(c, "pr_thresholds"), pr.thresholds(), "pr thresholds");
        close(c.get("average_precision").getAsDouble(), pr.averagePrecision(), "average precision");
        if (positive == 1) {
            INDArray labels = Nd4j.createFromArray(truth).castTo(DataType.DOUBLE);
            INDArray output = Nd4j.createFromArray(scores).reshape(scores.length, 1);
            close(c.get("roc_auc").getAsDouble(), Classification.rocAuc(labels, output), "roc auc (INDArray)");
        }
    }

    private static void checkRegression(JsonObject c) {
        int rows = c.get("rows").getAsInt();
        int outputs = c.get("outputs").getAsInt();
        double[] truth = doubles(c, "truth");
        double[] predicted = doubles(c, "predicted");
        INDArray labels = Nd4j.create(truth, new long[] {rows, outputs}, DataType.DOUBLE);
        INDArray output = Nd4j.create(predicted, new long[] {rows, outputs}, DataType.DOUBLE);
        close(c.get("mse").getAsDouble(), Regression.mse(labels, output), "mse");
        close(c.get("rmse").getAsDouble(), Regression.rmse(labels, output), "rmse");
        close(c.get("mae").getAsDouble(), Regression.mae(labels, output), "mae");
        close(c.get("r2").getAsDouble(), Regression.r2(labels, output), "r2");
        if (outputs == 1) {
            close(c.get("mse").getAsDouble(), Regression.mse(truth, predicted), "mse(double[])");
            close(c.get("rmse").getAsDouble(), Regression.rmse(truth, predicted), "rmse(double[])");
            close(c.get("mae").getAsDouble(), Regression.mae(truth, predicted), "mae(double[])");
            close(c.get("r2").getAsDouble(), Regression.r2(truth, predicted), "r2(double[])");
        }
    }

    private static String name(JsonObject c) {
        return c.get("name").getAsString();
    }

    static void close(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= TOLERANCE * Math.max(1.0, Math.abs(expected)),
                () -> what + ": expected " + expected + " but was " + actual);
    }

    private static void closeAll(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            close(expected[i], actual[i], what + "[" + i + "]");
        }
    }

    private static int[] ints(JsonObject o, String key) {
        JsonArray a = o.getAsJsonArray(key);
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    private static long[] longs(JsonObject o, String key) {
        JsonArray a = o.getAsJsonArray(key);
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }

    private static double[] doubles(JsonObject o, String key) {
        JsonArray a = o.getAsJsonArray(key);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

}
