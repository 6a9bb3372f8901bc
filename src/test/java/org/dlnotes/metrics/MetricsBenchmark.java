package org.dlnotes.metrics;

import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Timing of the metrics over 10 million predictions, run by hand (not a unit test: timings depend on the machine):
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx6g -cp target/test-classes:target/classes:$(cat target/cp.txt) org.dlnotes.metrics.MetricsBenchmark
 * </pre>
 */
public final class MetricsBenchmark {

    private static final int N = 10_000_000;
    private static final int CLASSES = 10;

    private MetricsBenchmark() {
    }

    public static void main(String[] args) {
        Random random = new Random(42);
        int[] truth = new int[N];
        int[] predicted = new int[N];
        double[] scores = new double[N];
        int[] binary = new int[N];
        double[] target = new double[N];
        double[] estimate = new double[N];
        for (int i = 0; i < N; i++) {
            truth[i] = random.nextInt(CLASSES);
            predicted[i] = random.nextDouble() < 0.7 ? truth[i] : random.nextInt(CLASSES);
            binary[i] = truth[i] & 1;
            scores[i] = random.nextGaussian() + binary[i];
            target[i] = random.nextGaussian();
            estimate[i] = target[i] + 0.3 * random.nextGaussian();
        }
        float[] flat = new float[N * CLASSES];
        for (int i = 0; i < N; i++) {
            float sum = 0;
            for (int c = 0; c < CLASSES; c++) {
                flat[i * CLASSES + c] = random.nextFloat() + (c == truth[i] ? 0.3f : 0f);
                sum += flat[i * CLASSES + c];
            }
            for (int c = 0; c < CLASSES; c++) {
                flat[i * CLASSES + c] /= sum;
            }
        }
        INDArray output = Nd4j.create(flat, new long[] {N, CLASSES}, 'c');
        flat = null;
        INDArray labels = Nd4j.createFromArray(truth).castTo(DataType.FLOAT).reshape(N, 1);
        System.out.printf(Locale.ROOT, "%,d predictions, %d classes, %d cores%n", N, CLASSES,
                Runtime.getRuntime().availableProcessors());
        time("ConfusionMatrix.of(int[], int[]) + accuracy, macro/weighted P/R/F1, report", () -> {
            ConfusionMatrix cm = ConfusionMatrix.of(truth, predicted, CLASSES);
            return cm.accuracy() + cm.f1(Average.MACRO) + cm.precision(Average.WEIGHTED) + cm.recall(Average.MACRO)
                    + cm.balancedAccuracy() + cm.report().macro().f1();
        });
        time("Classification.accuracy(int[], int[])", () -> Classification.accuracy(truth, predicted));
        time("ConfusionMatrix.of(INDArray [n,1], INDArray [n,10] float)", () ->
                ConfusionMatrix.of(labels, output).f1(Average.MACRO));
        time("Classification.logLoss(INDArray, INDArray [n,10] float)", () ->
                Classification.logLoss(labels, output));
        time("Classification.topKAccuracy(INDArray, INDArray, 3)", () ->
                Classification.topKAccuracy(labels, output, 3));
        time("RocCurve.of(int[], double[]) + auc", () -> RocCurve.of(binary, scores, 1).auc());
        time("PrecisionRecallCurve.of + averagePrecision", () ->
                PrecisionRecallCurve.of(binary, scores, 1).averagePrecision());
        time("Regression mse + r2 (double[])", () -> Regression.mse(target, estimate)
                + Regression.r2(target, estimate));
    }

    private static void time(String what, Supplier<Double> metric) {
        long best = Long.MAX_VALUE;
        double value = 0;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            value = metric.get();
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf(Locale.ROOT, "%-75s %8.1f ms  (value %.6f)%n", what, best / 1e6, value);
    }
}
