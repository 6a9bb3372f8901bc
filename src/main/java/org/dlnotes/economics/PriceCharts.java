package org.dlnotes.economics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import org.dlnotes.charts.LineCharts;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Price series on a chart with a calendar-year x axis: a frontier as steps, and a fitted decay curve with an
 * optional confidence band of the fitted (median) price.
 *
 * <pre>{@code
 * PriceCharts.addSteps(chart, "cheapest with MMLU ≥ 85", steps, lastDate);
 * PriceCharts.curve(fit, origin).over(t0, t1).dashed().addTo(chart, "fit, MMLU ≥ 85");
 * PriceCharts.curve(fit, origin).over(0, tLast + 3).color(c).band(0.95).addTo(chart, "all offers fit");
 * }</pre>
 */
public final class PriceCharts {

    private PriceCharts() {
    }

    /**
     * Adds a frontier as a step line: each step's price from its date until the next step's date, the last one until
     * {@code end}.
     */
    public static XYSeries addSteps(XYChart chart, String name, List<FrontierStep> steps, LocalDate end) {
        Objects.requireNonNull(chart, "chart");
        Objects.requireNonNull(end, "end");
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException("steps must hold at least one step, but is " + steps);
        }
        double[] x = new double[2 * steps.size()];
        double[] y = new double[2 * steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            LocalDate until = i + 1 < steps.size() ? steps.get(i + 1).date() : end;
            x[2 * i] = Years.decimalYear(steps.get(i).date());
            x[2 * i + 1] = Years.decimalYear(until);
            y[2 * i] = steps.get(i).priceUsdPerMTok();
            y[2 * i + 1] = steps.get(i).priceUsdPerMTok();
        }
        XYSeries s = LineCharts.addLine(chart, name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    /** A fitted decay curve whose time 0 is {@code origin}; set its span with {@link Curve#over}. */
    public static Curve curve(DecayFit fit, LocalDate origin) {
        return new Curve(Objects.requireNonNull(fit, "fit"), Objects.requireNonNull(origin, "origin"));
    }

    /** Builder of one fitted curve on a chart. */
    public static final class Curve {

        private static final int POINTS = 60;
        private final DecayFit fit;
        private final LocalDate origin;
        private double from = Double.NaN;
        private double to = Double.NaN;
        private Color color;
        private boolean dashed;
        private double bandLevel = Double.NaN;

        private Curve(DecayFit fit, LocalDate origin) {
            this.fit = fit;
            this.origin = origin;
        }

        /** The span in years from the origin; {@code from < to}. Required. */
        public Curve over(double from, double to) {
            if (!(Double.isFinite(from) && Double.isFinite(to) && from < to)) {
                throw new IllegalArgumentException("over(from, to) needs finite from < to, but got " + from + ", "
                        + to);
            }
            this.from = from;
            this.to = to;
            return this;
        }

        /** Line colour (default: the chart's next colour). */
        public Curve color(Color color) {
            this.color = Objects.requireNonNull(color, "color");
            return this;
        }

        /** Draws the fitted line dashed (to set it apart from data drawn as lines). */
        public Curve dashed() {
            this.dashed = true;
            return this;
        }

        /** Also draws the confidence band of the fitted price at {@code level} (e.g. 0.95), as two dashed lines. */
        public Curve band(double level) {
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("level must be in (0, 1), e.g. 0.95, but is " + level);
            }
            this.bandLevel = level;
            return this;
        }

        /**
         * Adds the curve as {@code name} (and, with a band, "{@code name} 95 % band" for its two edges, one legend
         * entry) and returns the fitted line.
         */
        public XYSeries addTo(XYChart chart, String name) {
            Objects.requireNonNull(chart, "chart");
            Objects.requireNonNull(name, "name");
            if (Double.isNaN(from)) {
                throw new IllegalStateException("call over(from, to) before addTo: the curve's span is not set");
            }
            double[] x = new double[POINTS];
            double[] mid = new double[POINTS];
            double[] lo = new double[POINTS];
            double[] hi = new double[POINTS];
            double year0 = Years.decimalYear(origin);
            for (int i = 0; i < POINTS; i++) {
                double t = from + (to - from) * i / (POINTS - 1);
                x[i] = year0 + t;
                mid[i] = fit.predict(t);
                if (!Double.isNaN(bandLevel)) {
                    Interval interval = fit.priceInterval(t, bandLevel);
                    lo[i] = interval.low();
                    hi[i] = interval.high();
                }
            }
            XYSeries line = LineCharts.addLine(chart, name, x, mid);
            if (color != null) {
                line.setLineColor(color);
            }
            if (dashed) {
                line.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                        new float[] {6f, 4f}, 0f));
            }
            if (!Double.isNaN(bandLevel)) {
                String band = String.format(java.util.Locale.ROOT, "%s %.0f %% band", name, 100 * bandLevel);
                BasicStroke thin = new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                        new float[] {4f, 4f}, 0f);
                for (XYSeries edge : List.of(LineCharts.addLine(chart, band, x, lo),
                        LineCharts.addLine(chart, band + ", high end", x, hi))) {
                    edge.setLineStyle(thin);
                    edge.setLineColor(color != null ? color : line.getLineColor());
                }
                chart.getSeriesMap().get(band + ", high end").setShowInLegend(false);
            }
            return line;
        }
    }
}
