package org.dlnotes.economics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Choosing among models by cost and quality: the cost/quality (Pareto) frontier, and the cheapest model that
 * meets a quality target, the "focus on the real problem" decision: not the best model, the cheapest good-enough one.
 *
 * <pre>{@code
 * List<ModelChoice.Candidate> all = List.of(new Candidate("mlp", 25_450, 0.95), new Candidate("cnn", 52_138, 0.98));
 * List<Candidate> frontier = ModelChoice.frontier(all);
 * Optional<Candidate> pick = ModelChoice.cheapestMeeting(all, 0.97);
 * }</pre>
 */
public final class ModelChoice {

    private ModelChoice() {
    }

    /**
     * One model: a cost (lower is better: parameters, latency, dollars) and a quality (higher is better: accuracy).
     *
     * @param name    label
     * @param cost    finite, at least 0
     * @param quality finite
     */
    public record Candidate(String name, double cost, double quality) {

        /** Checks the name and the numbers. */
        public Candidate {
            Objects.requireNonNull(name, "name");
            if (!(cost >= 0) || Double.isInfinite(cost)) {
                throw new IllegalArgumentException("cost of '" + name + "' must be a finite number >= 0, but is "
                        + cost);
            }
            if (!Double.isFinite(quality)) {
                throw new IllegalArgumentException("quality of '" + name + "' must be finite, but is " + quality);
            }
        }

        /** Whether this is at least as cheap and as good as {@code other}, and strictly better in one. */
        public boolean dominates(Candidate other) {
            return cost <= other.cost && quality >= other.quality && (cost < other.cost || quality > other.quality);
        }
    }

    /**
     * The candidates no other candidate dominates, by increasing cost (so quality increases along the list too).
     * Of candidates equal in both, the first in the input is kept.
     *
     * @throws IllegalArgumentException if candidates is empty
     */
    public static List<Candidate> frontier(List<Candidate> candidates) {
        requireNonEmpty(candidates);
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Candidate::cost)
                .thenComparing(Comparator.comparingDouble(Candidate::quality).reversed()));
        List<Candidate> frontier = new ArrayList<>();
        for (Candidate c : sorted) {
            if (frontier.isEmpty() || c.quality() > frontier.get(frontier.size() - 1).quality()) {
                frontier.add(c);
            }
        }
        return List.copyOf(frontier);
    }

    /**
     * The cheapest candidate with quality at least {@code minQuality} (ties in cost: the better one), or empty when
     * none reaches it.
     *
     * @throws IllegalArgumentException if candidates is empty or minQuality is not finite
     */
    public static Optional<Candidate> cheapestMeeting(List<Candidate> candidates, double minQuality) {
        requireNonEmpty(candidates);
        if (!Double.isFinite(minQuality)) {
            throw new IllegalArgumentException("minQuality must be finite, but is " + minQuality);
        }
        return candidates.stream().filter(c -> c.quality() >= minQuality)
                .min(Comparator.comparingDouble(Candidate::cost)
                        .thenComparing(Comparator.comparingDouble(Candidate::quality).reversed()));
    }

    private static void requireNonEmpty(List<Candidate> candidates) {
        Objects.requireNonNull(candidates, "candidates");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates must not be empty");
        }
    }
}
