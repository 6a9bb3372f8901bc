package org.dlnotes.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.dlnotes.data.Fold;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * k-fold cross-validation results: one row of named scores per fold, and their mean ± standard deviation. The folds
 * come from {@code LabelledData.kFold(k, seed)} (stratified); the evaluation, including any scaling fitted on the
 * fold's training part only, is the caller's function.
 *
 * <pre>{@code
 * CrossValidation cv = CrossValidation.run(data.kFold(5, 42), fold -> {
 *     ... train on fold.train(), score on fold.validation() ...
 *     return Map.of("accuracy", acc, "macro_f1", f1);
 * });
 * cv.summaryTable();               // metric, mean, std, min, max
 * cv.mean("accuracy"); cv.std("accuracy");
 * }</pre>
 *
 * @param folds each fold's scores, in fold order; every fold has the same metric names
 */
public record CrossValidation(List<Map<String, Double>> folds) {

    /** Copies the scores and checks that every fold has the same, finite, metrics. */
    public CrossValidation {
        Objects.requireNonNull(folds, "folds");
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("folds must not be empty");
        }
        List<Map<String, Double>> copy = new ArrayList<>();
        for (int f = 0; f < folds.size(); f++) {
            Map<String, Double> scores = Objects.requireNonNull(folds.get(f), "folds[" + f + "]");
            if (scores.isEmpty()) {
                throw new IllegalArgumentException("fold " + f + " has no scores");
            }
            if (!scores.keySet().equals(folds.get(0).keySet())) {
                throw new IllegalArgumentException("every fold must have the same metrics, but fold " + f + " has "
                        + scores.keySet() + " and fold 0 has " + folds.get(0).keySet());
            }
            scores.forEach((k, v) -> {
                if (v == null || !Double.isFinite(v)) {
                    throw new IllegalArgumentException("score '" + k + "' must be a finite number, but is " + v);
                }
            });
            copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(scores)));
        }
        folds = List.copyOf(copy);
    }

    /** Evaluates every fold in order. Metric order follows the first fold's map (use a LinkedHashMap to fix it). */
    public static CrossValidation run(List<Fold> folds, Function<Fold, Map<String, Double>> evaluate) {
        Objects.requireNonNull(folds, "folds");
        Objects.requireNonNull(evaluate, "evaluate");
        List<Map<String, Double>> scores = new ArrayList<>();
        for (Fold fold : folds) {
            scores.add(evaluate.apply(fold));
        }
        return new CrossValidation(scores);
    }

    /** Metric names. */
    public List<String> metrics() {
        return List.copyOf(folds.get(0).keySet());
    }

    /** A metric's value in every fold. */
    public double[] values(String metric) {
        if (!folds.get(0).containsKey(metric)) {
            throw new IllegalArgumentException("metric must be one of " + metrics() + ", but is '" + metric + "'");
        }
        return folds.stream().mapToDouble(f -> f.get(metric)).toArray();
    }

    /** Mean over the folds. */
    public double mean(String metric) {
        double[] v = values(metric);
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    /**
     * Sample standard deviation over the folds (divisor k − 1, numpy's {@code std(ddof=1)}); 0 for one fold. It
     * describes how much the score moves from one split to another, not the error of the mean (divide by √k for
     * that, and mind that folds share training data, so even that understates it).
     */
    public double std(String metric) {
        double[] v = values(metric);
        if (v.length < 2) {
            return 0;
        }
        double m = mean(metric);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    /** One row per fold: {@code fold} (1-based) and a column per metric. */
    public Table table() {
        Table t = Table.create("cross-validation: " + folds.size() + " folds");
        IntColumn fold = IntColumn.create("fold");
        for (int f = 0; f < folds.size(); f++) {
            fold.append(f + 1);
        }
        t.addColumns(fold);
        for (String m : metrics()) {
            t.addColumns(DoubleColumn.create(m, values(m)));
        }
        return t;
    }

    /** One row per metric: {@code mean}, {@code std}, {@code min}, {@code max} over the folds. */
    public Table summaryTable() {
        StringColumn metric = StringColumn.create("metric");
        DoubleColumn mean = DoubleColumn.create("mean");
        DoubleColumn std = DoubleColumn.create("std");
        DoubleColumn min = DoubleColumn.create("min");
        DoubleColumn max = DoubleColumn.create("max");
        for (String m : metrics()) {
            double[] v = values(m);
            metric.append(m);
            mean.append(mean(m));
            std.append(std(m));
            min.append(java.util.Arrays.stream(v).min().orElseThrow());
            max.append(java.util.Arrays.stream(v).max().orElseThrow());
        }
        return Table.create(folds.size() + "-fold cross-validation").addColumns(metric, mean, std, min, max);
    }
}
