package org.dlnotes.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A decision threshold per group: predict 1 when a score is at least its group's threshold. {@link #equalOpportunity}
 * picks, on held-out data, each group's highest threshold whose true positive rate reaches a common target, so that
 * every group's qualified members are found equally often ("equal opportunity", Hardt, Price and Srebro 2016,
 * arXiv:1610.02413). Unlike fairlearn's {@code ThresholdOptimizer} it does not randomise between two thresholds, so
 * the rates match the target up to one example per group.
 *
 * <pre>{@code
 * GroupThresholds t = GroupThresholds.equalOpportunity(validScores, validTruth, validGroups, 0.8);
 * int[] predicted = t.predict(testScores, testGroups);
 * }</pre>
 */
public record GroupThresholds(Map<String, Double> thresholds) {

    /** Checks and copies the map (sorted by group name). */
    public GroupThresholds {
        Objects.requireNonNull(thresholds, "thresholds");
        if (thresholds.isEmpty()) {
            throw new IllegalArgumentException("thresholds must name at least one group");
        }
        thresholds.forEach((g, t) -> {
            if (g == null || t == null || Double.isNaN(t)) {
                throw new IllegalArgumentException("thresholds must map group names to numbers, but has " + g
                        + " → " + t);
            }
        });
        thresholds = Map.copyOf(new TreeMap<>(thresholds));
    }

    /** The same threshold for each of these groups. */
    public static GroupThresholds uniform(double threshold, String... groups) {
        Map<String, Double> m = new TreeMap<>();
        for (String g : groups) {
            m.put(g, threshold);
        }
        return new GroupThresholds(m);
    }

    /**
     * Per group, the highest threshold at which the group's true positive rate is at least {@code targetTpr}: the
     * ⌈target·P⌉-th highest score among its P positives.
     *
     * @throws IllegalArgumentException for unequal lengths, a target outside (0, 1], a label other than 0/1, or a
     *     group without positives
     */
    public static GroupThresholds equalOpportunity(double[] scores, int[] truth, String[] groups, double targetTpr) {
        check(scores, groups);
        Objects.requireNonNull(truth, "truth");
        if (truth.length != scores.length) {
            throw new IllegalArgumentException("scores and truth must have the same length, but have "
                    + scores.length + " and " + truth.length);
        }
        if (!(targetTpr > 0 && targetTpr <= 1)) {
            throw new IllegalArgumentException("targetTpr must be in (0, 1], but is " + targetTpr);
        }
        Map<String, List<Double>> positives = new TreeMap<>();
        Map<String, Integer> n = new TreeMap<>();
        for (int i = 0; i < scores.length; i++) {
            if (truth[i] != 0 && truth[i] != 1) {
                throw new IllegalArgumentException("truth[" + i + "] is " + truth[i] + "; labels must be 0 or 1");
            }
            n.merge(groups[i], 1, Integer::sum);
            if (truth[i] == 1) {
                positives.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(scores[i]);
            }
        }
        Map<String, Double> m = new TreeMap<>();
        for (String g : n.keySet()) {
            if (!positives.containsKey(g)) {
                throw new IllegalArgumentException("group '" + g + "' has no positive examples, so no threshold"
                        + " reaches a true positive rate");
            }
            double[] p = positives.get(g).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int k = (int) Math.ceil(targetTpr * p.length - 1e-9); // positives that must score ≥ the threshold
            m.put(g, p[p.length - k]);
        }
        return new GroupThresholds(m);
    }

    /**
     * 1 where {@code scores[i] ≥} the threshold of {@code groups[i]}, else 0.
     *
     * @throws IllegalArgumentException for unequal lengths or a group without a threshold
     */
    public int[] predict(double[] scores, String[] groups) {
        check(scores, groups);
        int[] out = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            Double t = thresholds.get(groups[i]);
            if (t == null) {
                throw new IllegalArgumentException("groups[" + i + "] is '" + groups[i] + "', which has no threshold;"
                        + " known groups: " + thresholds.keySet());
            }
            out[i] = scores[i] >= t ? 1 : 0;
        }
        return out;
    }

    private static void check(double[] scores, String[] groups) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(groups, "groups");
        if (scores.length == 0 || scores.length != groups.length) {
            throw new IllegalArgumentException("scores and groups must have the same, non-zero length, but have "
                    + scores.length + " and " + groups.length);
        }
    }
}
