package org.dlnotes.economics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.dlnotes.charts.Charts;
import org.dlnotes.charts.LineCharts;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

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

    /**
     * Quality against cost on a log cost axis: one point per candidate (its own legend entry) and the
     * {@link #frontier} joined by a grey line.
     *
     * @throws IllegalArgumentException if candidates is empty or a cost is 0 (a log axis cannot show it)
     */
    public static XYChart chart(String title, String costTitle, String qualityTitle, List<Candidate> candidates) {
        requireNonEmpty(candidates);
        for (Candidate c : candidates) {
            if (!(c.cost() > 0)) {
                throw new IllegalArgumentException("cost of '" + c.name() + "' must be > 0 on a log axis, but is "
                        + c.cost());
            }
        }
        XYChart chart = LineCharts.empty(title, costTitle, qualityTitle);
        for (Candidate c : candidates) {
            XYSeries s = chart.addSeries(c.name(), new double[] {c.cost()}, new double[] {c.quality()});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        List<Candidate> frontier = frontier(candidates);
        XYSeries line = chart.addSeries("frontier", frontier.stream().mapToDouble(Candidate::cost).toArray(),
                frontier.stream().mapToDouble(Candidate::quality).toArray());
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(java.awt.Color.GRAY);
        chart.getStyler().setMarkerSize(10);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE).setLegendLayout(LegendLayout.Vertical);
        return Charts.logX(chart);
    }
}
