package org.dlnotes.metrics;

import java.util.Arrays;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Counts of (true class, predicted class) pairs, and every label-based classification metric derived from them:
 * accuracy, balanced accuracy, precision, recall, F1 and F-beta with {@link Average} and {@link ZeroDivision}
 * exactly as scikit-learn 1.2 computes them with {@code labels=range(classes)}.
 *
 * <p>Built in one pass over the labels (no boxing, no per-class rescans); all metrics then cost O(classes).
 * Classes are {@code 0..classes-1}; a class may be absent from the truth or from the predictions. Immutable.
 *
 * <pre>{@code
 * ConfusionMatrix cm = ConfusionMatrix.of(truth, predicted, 3);
 * double f1 = cm.f1(Average.MACRO);
 * double p = cm.withZeroDivision(ZeroDivision.ONE).precision(Average.WEIGHTED);
 * System.out.println(cm.report("cat", "dog", "pig"));
 * }</pre>
 *
 * <p>Why not DL4J's {@code Evaluation}: its macro averages skip classes whose score is undefined, where
 * scikit-learn (and the articles' definitions) count them with the zero-division value; see
 * {@code Dl4jAgreementTest}. Counting a confusion matrix is a few lines, so it is written here.
 */
public final class ConfusionMatrix {

    private final int classes;
    private final long[] counts;
    private final long[] support;
    private final long[] predictedCount;
    private final long total;
    private final ZeroDivision zeroDivision;

    private ConfusionMatrix(int classes, long[] counts, ZeroDivision zeroDivision) {
        this.classes = classes;
        this.counts = counts;
        this.zeroDivision = zeroDivision;
        this.support = new long[classes];
        this.predictedCount = new long[classes];
        long sum = 0;
        for (int t = 0; t < classes; t++) {
            for (int p = 0; p < classes; p++) {
                long n = counts[t * classes + p];
                support[t] += n;
                predictedCount[p] += n;
                sum += n;
            }
        }
        this.total = sum;
    }

    /**
     * Counts true against predicted labels, both in {@code 0..classes-1}.
     *
     * @throws IllegalArgumentException on empty or unequal arrays, or a label outside the classes
     */
    public static ConfusionMatrix of(int[] truth, int[] predicted, int classes) {
        if (truth == null || predicted == null) {
            throw new IllegalArgumentException((truth == null ? "truth" : "predicted") + " is null");
        }
        Inputs.requireNonEmpty(truth.length, "truth");
        Inputs.requireSameLength(truth.length, "truth", predicted.length, "predicted");
        Inputs.requireClasses(classes);
        long[] counts = new long[classes * classes];
        for (int i = 0; i < truth.length; i++) {
            int t = truth[i];
            int p = predicted[i];
            if (t < 0 || t >= classes) {
                Inputs.requireLabel(t, classes, "truth", i);
            }
            if (p < 0 || p >= classes) {
                Inputs.requireLabel(p, classes, "predicted", i);
            }
            counts[t * classes + p]++;
        }
        return new ConfusionMatrix(classes, counts, ZeroDivision.ZERO);
    }

    /**
     * Counts DL4J labels against the arg-max of the network output: {@code labels} one-hot {@code [n, classes]}
     * or class indices ({@code [n]} or {@code [n, 1]}); {@code output} {@code [n, classes]} probabilities or
     * logits (ties go to the lower class, as numpy's and DL4J's argmax), or {@code [n, 1]} sigmoid probabilities
     * of class 1 (predicted 1 above 0.5, two classes).
     *
     * @throws IllegalArgumentException on shape mismatch, non-finite output or labels that are not classes
     */
    public static ConfusionMatrix of(INDArray labels, INDArray output) {
        int columns = Math.toIntExact(Inputs.asMatrix(output, "output").columns());
        int classes = columns == 1 ? 2 : columns;
        int[] predicted = Inputs.predictedClasses(output);
        int[] truth = Inputs.classIndices(labels, classes);
        Inputs.requireSameLength(truth.length, "labels", predicted.length, "output");
        return of(truth, predicted, classes);
    }

    /** A matrix from counts: {@code counts[true][predicted]}, square, non-negative, not all zero. */
    public static ConfusionMatrix ofCounts(long[][] counts) {
        if (counts == null) {
            throw new IllegalArgumentException("counts is null");
        }
        Inputs.requireNonEmpty(counts.length, "counts");
        int k = counts.length;
        long[] flat = new long[k * k];
        long sum = 0;
        for (int t = 0; t < k; t++) {
            if (counts[t] == null || counts[t].length != k) {
                throw new IllegalArgumentException("counts[" + t + "] must have " + k + " entries, but has "
                        + (counts[t] == null ? "none" : counts[t].length));
            }
            for (int p = 0; p < k; p++) {
                if (counts[t][p] < 0) {
                    throw new IllegalArgumentException("counts[" + t + "][" + p + "] is " + counts[t][p]
                            + ", a negative count");
                }
                flat[t * k + p] = counts[t][p];
                sum += counts[t][p];
            }
        }
        if (sum == 0) {
            throw new IllegalArgumentException("counts are all zero");
        }
        return new ConfusionMatrix(k, flat, ZeroDivision.ZERO);
    }

    /** The same counts, with undefined precision/recall/F scored as {@code zeroDivision}. */
    public ConfusionMatrix withZeroDivision(ZeroDivision zeroDivision) {
        if (zeroDivision == null) {
            throw new IllegalArgumentException("zeroDivision is null");
        }
        return new ConfusionMatrix(classes, counts, zeroDivision);
    }

    /** The zero-division rule in use ({@link ZeroDivision#ZERO} unless changed). */
    public ZeroDivision zeroDivision() {
        return zeroDivision;
    }

    /** Number of classes. */
    public int classes() {
        return classes;
    }

    /** Number of samples counted. */
    public long total() {
        return total;
    }

    /** Samples of true class {@code truth} predicted as {@code predicted}. */
    public long count(int truth, int predicted) {
        Inputs.requireClass(truth, classes, "truth");
        Inputs.requireClass(predicted, classes, "predicted");
        return counts[truth * classes + predicted];
    }

    /** Samples whose true class is {@code c}. */
    public long support(int c) {
        Inputs.requireClass(c, classes, "c");
        return support[c];
    }

    /** Samples predicted as class {@code c}. */
    public long predictedCount(int c) {
        Inputs.requireClass(c, classes, "c");
        return predictedCount[c];
    }

    /** The counts, {@code [true][predicted]}, classes in natural order. */
    public long[][] counts() {
        int[] order = new int[classes];
        Arrays.setAll(order, i -> i);
        return counts(order);
    }

    /**
     * The counts for the given labels in the given order (all or some classes, each at most once), as
     * scikit-learn's {@code confusion_matrix(y_true, y_pred, labels=labels)}.
     */
    public long[][] counts(int... labels) {
        checkOrder(labels);
        long[][] out = new long[labels.length][labels.length];
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < labels.length; j++) {
                out[i][j] = counts[labels[i] * classes + labels[j]];
            }
        }
        return out;
    }

    /**
     * Row-normalised matrix (scikit-learn's {@code normalize="true"}): each row divided by its support, so the
     * diagonal holds the recalls; a class with no true samples gets a row of zeros.
     */
    public double[][] normalized() {
        double[][] out = new double[classes][classes];
        for (int t = 0; t < classes; t++) {
            for (int p = 0; p < classes; p++) {
                out[t][p] = support[t] == 0 ? 0.0 : (double) counts[t * classes + p] / support[t];
            }
        }
        return out;
    }

    /** Fraction of samples predicted correctly. */
    public double accuracy() {
        return (double) correct() / total;
    }

    /**
     * Mean recall over the classes that occur in the truth (scikit-learn's {@code balanced_accuracy_score}, which
     * drops classes that are only predicted).
     */
    public double balancedAccuracy() {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (support[c] > 0) {
                sum += (double) counts[c * classes + c] / support[c];
                present++;
            }
        }
        return sum / present;
    }

    /** Precision per class: true positives over predicted positives. */
    public double[] precisions() {
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) {
            out[c] = divide(counts[c * classes + c], predictedCount[c]);
        }
        return out;
    }

    /** Recall per class: true positives over actual positives. */
    public double[] recalls() {
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) {
            out[c] = divide(counts[c * classes + c], support[c]);
        }
        return out;
    }

    /** F1 per class. */
    public double[] f1s() {
        return fBetas(1.0);
    }

    /** F-beta per class: recall weighted {@code beta} times as much as precision. */
    public double[] fBetas(double beta) {
        checkBeta(beta);
        double[] p = precisions();
        double[] r = recalls();
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) {
            out[c] = fScore(beta, p[c], r[c]);
        }
        return out;
    }

    /** Precision averaged as {@code average}. */
    public double precision(Average average) {
        return average(average, precisions(), () -> divide(correct(), total));
    }

    /** Recall averaged as {@code average}. */
    public double recall(Average average) {
        return average(average, recalls(), () -> divide(correct(), total));
    }

    /** F1 averaged as {@code average}. */
    public double f1(Average average) {
        return fBeta(1.0, average);
    }

    /** F-beta averaged as {@code average} (macro and weighted average the per-class F, as scikit-learn). */
    public double fBeta(double beta, Average average) {
        checkBeta(beta);
        return average(average, fBetas(beta), () -> {
            double micro = divide(correct(), total);
            return fScore(beta, micro, micro);
        });
    }

    /**
     * Several models' scores on one task side by side, one row per model in the map's order: accuracy, balanced
     * accuracy, precision, recall and F1 averaged with {@code average}, and macro F1. Scores keep full precision and
     * print with 4 decimals.
     *
     * @throws IllegalArgumentException if the map is empty or the matrices differ in their number of classes
     */
    public static Table compare(String title, Average average, Map<String, ConfusionMatrix> models) {
        if (models == null || models.isEmpty()) {
            throw new IllegalArgumentException("models must name at least one confusion matrix, but is "
                    + (models == null ? "null" : "empty"));
        }
        int classes = models.values().iterator().next().classes();
        StringColumn name = StringColumn.create("model");
        String suffix = average.kind() == Average.Kind.MACRO ? "" : " (" + average.kind().name().toLowerCase() + ")";
        DoubleColumn[] scores = {DoubleColumn.create("accuracy"), DoubleColumn.create("balanced accuracy"),
                DoubleColumn.create("precision" + suffix), DoubleColumn.create("recall" + suffix),
                DoubleColumn.create("F1" + suffix), DoubleColumn.create("macro F1")};
        for (Map.Entry<String, ConfusionMatrix> e : models.entrySet()) {
            ConfusionMatrix m = e.getValue();
            if (m.classes() != classes) {
                throw new IllegalArgumentException("every matrix must have " + classes + " classes, but '" + e.getKey()
                        + "' has " + m.classes());
            }
            name.append(e.getKey());
            double[] row = {m.accuracy(), m.balancedAccuracy(), m.precision(average), m.recall(average),
                    m.f1(average), m.f1(Average.MACRO)};
            for (int c = 0; c < row.length; c++) {
                scores[c].append(row[c]);
            }
        }
        Table table = Table.create(title).addColumns(name);
        for (DoubleColumn score : scores) {
            score.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
            table.addColumns(score);
        }
        return table;
    }

    /** The classification report with class names {@code "0"}, {@code "1"}, …. */
    public ClassificationReport report() {
        String[] names = new String[classes];
        Arrays.setAll(names, String::valueOf);
        return ClassificationReport.of(this, names);
    }

    /** The classification report with the given class names, one per class. */
    public ClassificationReport report(String... names) {
        return ClassificationReport.of(this, names);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + Arrays.deepToString(counts());
    }

    private long correct() {
        long sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += counts[c * classes + c];
        }
        return sum;
    }

    private double divide(long numerator, long denominator) {
        return denominator == 0 ? zeroDivision.value() : (double) numerator / denominator;
    }

    /** scikit-learn's F: (1 + b²)·p·r / (b²·p + r), 0 when the denominator is 0. */
    private static double fScore(double beta, double precision, double recall) {
        double beta2 = beta * beta;
        double denominator = beta2 * precision + recall;
        return denominator == 0.0 ? 0.0 : (1 + beta2) * precision * recall / denominator;
    }

    private double average(Average average, double[] perClass, java.util.function.DoubleSupplier micro) {
        if (average == null) {
            throw new IllegalArgumentException("average is null");
        }
        switch (average.kind()) {
            case BINARY:
                if (classes != 2) {
                    throw new IllegalArgumentException("average BINARY needs 2 classes, but there are " + classes
                            + "; use MACRO, MICRO, WEIGHTED or the per-class scores");
                }
                if (average.positiveLabel() > 1) {
                    throw new IllegalArgumentException("positiveLabel is " + average.positiveLabel()
                            + ", not one of the classes 0, 1");
                }
                return perClass[average.positiveLabel()];
            case MACRO:
                double sum = 0;
                for (double v : perClass) {
                    sum += v;
                }
                return sum / classes;
            case MICRO:
                return micro.getAsDouble();
            case WEIGHTED:
                double weighted = 0;
                for (int c = 0; c < classes; c++) {
                    weighted += perClass[c] * support[c];
                }
                return weighted / total;
            default:
                throw new AssertionError(average.kind());
        }
    }

    private static void checkBeta(double beta) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and >= 0, but is " + beta);
        }
    }

    private void checkOrder(int[] labels) {
        if (labels == null) {
            throw new IllegalArgumentException("labels is null");
        }
        Inputs.requireNonEmpty(labels.length, "labels");
        boolean[] seen = new boolean[classes];
        for (int i = 0; i < labels.length; i++) {
            Inputs.requireLabel(labels[i], classes, "labels", i);
            if (seen[labels[i]]) {
                throw new IllegalArgumentException("labels[" + i + "] is " + labels[i] + ", listed twice");
            }
            seen[labels[i]] = true;
        }
    }
}
