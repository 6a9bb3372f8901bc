package org.dlnotes.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Per-class precision, recall, F1 and support with their averages, as scikit-learn's
 * {@code classification_report}: {@link #table()} for notebooks, {@link #toText(int)} for the same aligned text
 * scikit-learn prints (character for character, numbers rounded half-even on the exact binary value as Python's
 * {@code format} does).
 *
 * @param rows      one row per class, in class order
 * @param accuracy  fraction correct
 * @param macro     unweighted means (support = all samples)
 * @param weighted  support-weighted means (support = all samples)
 * @param everyClassOccurs  whether each class occurs in the truth or in the predictions
 */
public record ClassificationReport(List<Row> rows, double accuracy, Row macro, Row weighted,
                                   boolean everyClassOccurs) {

    /**
     * One line of the report.
     *
     * @param name       class name, or {@code "macro avg"} / {@code "weighted avg"}
     * @param precision  precision
     * @param recall     recall
     * @param f1         F1
     * @param support    number of true samples
     */
    public record Row(String name, double precision, double recall, double f1, long support) {
    }

    /** Copies the rows. */
    public ClassificationReport {
        rows = List.copyOf(rows);
    }

    /** The report of a confusion matrix, with one name per class. */
    public static ClassificationReport of(ConfusionMatrix matrix, String... names) {
        if (matrix == null) {
            throw new IllegalArgumentException("matrix is null");
        }
        if (names == null || names.length != matrix.classes()) {
            throw new IllegalArgumentException("names must name the " + matrix.classes() + " classes, but has "
                    + (names == null ? "none" : names.length + " entries"));
        }
        double[] p = matrix.precisions();
        double[] r = matrix.recalls();
        double[] f = matrix.f1s();
        List<Row> rows = new ArrayList<>(names.length);
        boolean everyClassOccurs = true;
        for (int c = 0; c < names.length; c++) {
            if (names[c] == null) {
                throw new IllegalArgumentException("names[" + c + "] is null");
            }
            rows.add(new Row(names[c], p[c], r[c], f[c], matrix.support(c)));
            everyClassOccurs &= matrix.support(c) > 0 || matrix.predictedCount(c) > 0;
        }
        return new ClassificationReport(rows, matrix.accuracy(),
                new Row("macro avg", matrix.precision(Average.MACRO), matrix.recall(Average.MACRO),
                        matrix.f1(Average.MACRO), matrix.total()),
                new Row("weighted avg", matrix.precision(Average.WEIGHTED), matrix.recall(Average.WEIGHTED),
                        matrix.f1(Average.WEIGHTED), matrix.total()),
                everyClassOccurs);
    }

    /** Total number of samples. */
    public long total() {
        return macro.support();
    }

    /**
     * The report as a table: columns {@code class, precision, recall, f1, support}; the class rows, then
     * {@code accuracy} (precision and recall missing, support = all samples), {@code macro avg} and
     * {@code weighted avg}. Scores keep full precision and print with 4 decimals.
     */
    public Table table() {
        StringColumn name = StringColumn.create("class");
        DoubleColumn precision = DoubleColumn.create("precision");
        DoubleColumn recall = DoubleColumn.create("recall");
        DoubleColumn f1 = DoubleColumn.create("f1");
        LongColumn support = LongColumn.create("support");
        List<Row> all = new ArrayList<>(rows);
        all.add(new Row("accuracy", Double.NaN, Double.NaN, accuracy, total()));
        all.add(macro);
        all.add(weighted);
        for (Row row : all) {
            name.append(row.name());
            precision.append(row.precision());
            recall.append(row.recall());
            f1.append(row.f1());
            support.append(row.support());
        }
        for (DoubleColumn score : List.of(precision, recall, f1)) {
            score.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        }
        return Table.create("classification report", name, precision, recall, f1, support);
    }

    /**
     * The report as scikit-learn prints it, numbers with {@code digits} decimals. As scikit-learn, the
     * {@code accuracy} line becomes {@code micro avg} when some class occurs neither in the truth nor in the
     * predictions.
     */
    public String toText(int digits) {
        if (digits < 0) {
            throw new IllegalArgumentException("digits must be >= 0, but is " + digits);
        }
        int width = Math.max("weighted avg".length(), digits);
        for (Row row : rows) {
            width = Math.max(width, row.name().length());
        }
        StringBuilder text = new StringBuilder();
        text.append(pad("", width)).append(' ');
        for (String header : new String[] {"precision", "recall", "f1-score", "support"}) {
            text.append(' ').append(pad(header, 9));
        }
        text.append("\n\n");
        for (Row row : rows) {
            line(text, row, width, digits);
        }
        text.append('\n');
        if (everyClassOccurs) {
            text.append(pad("accuracy", width)).append(' ').append(' ').append(pad("", 9)).append(' ')
                    .append(pad("", 9)).append(' ').append(pad(fixed(accuracy, digits), 9)).append(' ')
                    .append(pad(Long.toString(total()), 9)).append('\n');
        } else {
            line(text, new Row("micro avg", accuracy, accuracy, accuracy, total()), width, digits);
        }
        line(text, macro, width, digits);
        line(text, weighted, width, digits);
        return text.toString();
    }

    /** The report as scikit-learn prints it by default, with 2 decimals. */
    @Override
    public String toString() {
        return toText(2);
    }

    private static void line(StringBuilder text, Row row, int width, int digits) {
        text.append(pad(row.name(), width)).append(' ')
                .append(' ').append(pad(fixed(row.precision(), digits), 9))
                .append(' ').append(pad(fixed(row.recall(), digits), 9))
                .append(' ').append(pad(fixed(row.f1(), digits), 9))
                .append(' ').append(pad(Long.toString(row.support()), 9)).append('\n');
    }

    /** Python's {@code format(x, ".Nf")}: the exact binary value rounded half-even. */
    private static String fixed(double value, int digits) {
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
