package org.dlnotes.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A binary classifier's metrics per group (a sensitive attribute such as sex or age band) and the gaps between
 * groups that one overall accuracy hides. The definitions are fairlearn's (fairlearn.org; Bird et al. 2020):
 * <ul>
 * <li>per group, as {@code MetricFrame(metrics, y_true, y_pred, sensitive_features).by_group} with fairlearn's
 * {@code selection_rate} (share predicted 1), {@code true_positive_rate} TP/(TP+FN), {@code false_positive_rate}
 * FP/(FP+TN), {@code false_negative_rate} FN/(FN+TP) and scikit-learn's {@code accuracy_score};</li>
 * <li>{@link #demographicParityDifference()}: {@code demographic_parity_difference} (method
 * {@code "between_groups"}), the largest minus the smallest group selection rate;</li>
 * <li>{@link #equalizedOddsDifference()}: {@code equalized_odds_difference} (method {@code "between_groups"}, its
 * default), the larger of the between-group differences of the true and of the false positive rate.</li>
 * </ul>
 * Groups are listed in sorted order of their names, as fairlearn's {@code by_group} index.
 *
 * <pre>{@code
 * GroupMetrics m = GroupMetrics.of(truth, predicted, groups);
 * m.table();                          // one row per group, and "overall"
 * m.equalizedOddsDifference();
 * }</pre>
 */
public final class GroupMetrics {

    /** Counts and rates of one group (or of all rows, named {@code "overall"}). */
    public record Group(String name, int count, int positives, int truePositives, int falsePositives,
            int trueNegatives, int falseNegatives) {

        /** Share of the group predicted positive (fairlearn {@code selection_rate}). */
        public double selectionRate() {
            return (double) (truePositives + falsePositives) / count;
        }

        /** Share predicted correctly. */
        public double accuracy() {
            return (double) (truePositives + trueNegatives) / count;
        }

        /** TP / (TP + FN): share of the group's positives found. */
        public double truePositiveRate() {
            return rate(truePositives, positives, "true positive rate", "positive");
        }

        /** FP / (FP + TN): share of the group's negatives wrongly predicted positive. */
        public double falsePositiveRate() {
            return rate(falsePositives, count - positives, "false positive rate", "negative");
        }

        /** FN / (FN + TP) = 1 − true positive rate. */
        public double falseNegativeRate() {
            return rate(falseNegatives, positives, "false negative rate", "positive");
        }

        private double rate(int numerator, int denominator, String what, String kind) {
            if (denominator == 0) {
                throw new IllegalArgumentException("group '" + name + "' has no " + kind + " examples, so its "
                        + what + " is undefined; merge it with another group or collect more data");
            }
            return (double) numerator / denominator;
        }
    }

    private final Group overall;
    private final List<Group> groups;

    private GroupMetrics(Group overall, List<Group> groups) {
        this.overall = overall;
        this.groups = groups;
    }

    /**
     * Metrics of binary predictions ({@code 0}/{@code 1}) against binary truth, per group.
     *
     * @throws IllegalArgumentException for empty or unequal lengths, a label other than 0 or 1, or a null group
     */
    public static GroupMetrics of(int[] truth, int[] predicted, String[] groups) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(predicted, "predicted");
        Objects.requireNonNull(groups, "groups");
        if (truth.length == 0 || truth.length != predicted.length || truth.length != groups.length) {
            throw new IllegalArgumentException("truth, predicted and groups must have the same, non-zero length, but"
                    + " have " + truth.length + ", " + predicted.length + " and " + groups.length);
        }
        Map<String, int[]> counts = new TreeMap<>();
        int[] all = new int[4];
        for (int i = 0; i < truth.length; i++) {
            binary("truth", i, truth[i]);
            binary("predicted", i, predicted[i]);
            if (groups[i] == null) {
                throw new IllegalArgumentException("groups[" + i + "] is null; every row needs a group name");
            }
            int cell = 2 * truth[i] + predicted[i]; // 0 TN, 1 FP, 2 FN, 3 TP
            counts.computeIfAbsent(groups[i], g -> new int[4])[cell]++;
            all[cell]++;
        }
        List<Group> list = new ArrayList<>();
        counts.forEach((name, c) -> list.add(group(name, c)));
        return new GroupMetrics(group("overall", all), List.copyOf(list));
    }

    private static void binary(String what, int i, int value) {
        if (value != 0 && value != 1) {
            throw new IllegalArgumentException(what + "[" + i + "] is " + value + "; labels must be 0 or 1");
        }
    }

    private static Group group(String name, int[] c) {
        int count = c[0] + c[1] + c[2] + c[3];
        return new Group(name, count, c[2] + c[3], c[3], c[1], c[0], c[2]);
    }

    /** All rows together. */
    public Group overall() {
        return overall;
    }

    /** One entry per group, sorted by name. */
    public List<Group> groups() {
        return groups;
    }

    /**
     * The named group.
     *
     * @throws IllegalArgumentException if there is no such group
     */
    public Group group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("group '" + name + "' is not one of " + groups.stream()
                        .map(Group::name).toList()));
    }

    /** Largest minus smallest group value of a metric (fairlearn's {@code MetricFrame.difference()}). */
    public double difference(ToDoubleFunction<Group> metric) {
        Objects.requireNonNull(metric, "metric");
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (Group g : groups) {
            double v = metric.applyAsDouble(g);
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        return max - min;
    }

    /** Largest minus smallest selection rate: 0 when every group is predicted positive equally often. */
    public double demographicParityDifference() {
        return difference(Group::selectionRate);
    }

    /** The larger of the true positive rate's and the false positive rate's between-group differences. */
    public double equalizedOddsDifference() {
        return Math.max(difference(Group::truePositiveRate), difference(Group::falsePositiveRate));
    }

    /** One row per group, then {@code overall}: count, base rate, selection rate, accuracy, TPR, FPR, FNR. */
    public Table table() {
        List<Group> rows = new ArrayList<>(groups);
        rows.add(overall);
        Table t = Table.create("metrics per group").addColumns(StringColumn.create("group"),
                IntColumn.create("count"), DoubleColumn.create("base rate"), DoubleColumn.create("selection rate"),
                DoubleColumn.create("accuracy"), DoubleColumn.create("TPR"), DoubleColumn.create("FPR"),
                DoubleColumn.create("FNR"));
        for (Group g : rows) {
            t.stringColumn(0).append(g.name());
            t.intColumn(1).append(g.count());
            t.doubleColumn(2).append(round((double) g.positives() / g.count()));
            t.doubleColumn(3).append(round(g.selectionRate()));
            t.doubleColumn(4).append(round(g.accuracy()));
            t.doubleColumn(5).append(g.positives() == 0 ? Double.NaN : round(g.truePositiveRate()));
            t.doubleColumn(6).append(g.positives() == g.count() ? Double.NaN : round(g.falsePositiveRate()));
            t.doubleColumn(7).append(g.positives() == 0 ? Double.NaN : round(g.falseNegativeRate()));
        }
        return t;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
