package org.dlnotes.explain;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link PermutationImportance#compute} returns.
 *
 * @param features feature names, in column order
 * @param baseline the score on the data as given
 * @param drops per feature (row) the score's fall in each repeat (column): {@code baseline − shuffled score}
 */
public record Importances(List<String> features, double baseline, double[][] drops) {

    /** Copies the arrays. */
    public Importances {
        features = List.copyOf(features);
        drops = Arrays.stream(drops).map(double[]::clone).toArray(double[][]::new);
    }

    /** Mean fall of the score per feature, in column order. */
    public double[] means() {
        return Arrays.stream(drops).mapToDouble(d -> Arrays.stream(d).average().orElse(0)).toArray();
    }

    /** Standard deviation of the fall over the repeats per feature (0 for a single repeat). */
    public double[] stds() {
        double[] means = means();
        return IntStream.range(0, drops.length).mapToDouble(j -> {
            double[] d = drops[j];
            if (d.length < 2) {
                return 0;
            }
            double ss = Arrays.stream(d).map(v -> (v - means[j]) * (v - means[j])).sum();
            return Math.sqrt(ss / (d.length - 1));
        }).toArray();
    }

    /**
     * Mean fall of the score for one feature.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public double importance(String feature) {
        int j = features.indexOf(feature);
        if (j < 0) {
            throw new IllegalArgumentException("feature must be one of " + features + ", but is '" + feature + "'");
        }
        return means()[j];
    }

    /** Feature names from most to least important. */
    public List<String> ranking() {
        double[] means = means();
        return IntStream.range(0, features.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer j) -> -means[j]).thenComparing(j -> j))
                .map(features::get).toList();
    }

    /** One row per feature, largest mean fall first: feature, importance (mean), std, and the rank. */
    public Table table() {
        double[] means = means();
        double[] stds = stds();
        StringColumn name = StringColumn.create("feature");
        DoubleColumn mean = DoubleColumn.create("importance");
        DoubleColumn std = DoubleColumn.create("std");
        for (String f : ranking()) {
            int j = features.indexOf(f);
            name.append(f);
            mean.append(means[j]);
            std.append(stds[j]);
        }
        return Table.create("permutation importance (baseline score " + String.format(java.util.Locale.ROOT, "%.4f",
                baseline) + ")").addColumns(name, mean, std);
    }
}
