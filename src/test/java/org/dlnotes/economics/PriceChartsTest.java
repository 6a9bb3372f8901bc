package org.dlnotes.economics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.time.LocalDate;
import java.util.List;

import org.dlnotes.charts.LineCharts;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import tech.tablesaw.api.Table;

/** The price-chart, frontier-table, decay-table and projection helpers of chapters 1 and 8. */
class PriceChartsTest {

    private static final LocalDate ORIGIN = LocalDate.of(2023, 1, 1);
    private final List<FrontierStep> steps = List.of(
            new FrontierStep(LocalDate.of(2023, 1, 1), "a", "big", 30, 86),
            new FrontierStep(LocalDate.of(2024, 1, 1), "b", "mid", 5, 87),
            new FrontierStep(LocalDate.of(2025, 1, 1), "c", "small", 0.5, 88));

    /** An exact decay: λ = 1.2 per year from 40 at t = 0, with a little scatter so that the band has a width. */
    private DecayFit fit() {
        double[] t = {0, 0.5, 1, 1.5, 2};
        double[] p = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            p[i] = 40 * Math.exp(-1.2 * t[i]) * (i % 2 == 0 ? 1.1 : 0.9);
        }
        return ExponentialDecay.fit(t, p);
    }

    @Test
    void stepsHoldEachPriceUntilTheNextDate() {
        XYChart chart = LineCharts.empty("t", "year", "price");
        XYSeries s = PriceCharts.addSteps(chart, "frontier", steps, LocalDate.of(2025, 7, 2));
        assertArrayEquals(new double[] {30, 30, 5, 5, 0.5, 0.5}, s.getYData(), 0);
        double[] x = s.getXData();
        assertEquals(2023.0, x[0], 1e-12);
        assertEquals(2024.0, x[1], 1e-12);
        assertEquals(2024.0, x[2], 1e-12);
        assertEquals(2025.0, x[4], 1e-12);
        assertEquals(Years.decimalYear(LocalDate.of(2025, 7, 2)), x[5], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> PriceCharts.addSteps(chart, "none", List.of(), ORIGIN));
    }

    @Test
    void curveFollowsTheFitAndItsBand() {
        DecayFit fit = fit();
        XYChart chart = LineCharts.empty("t", "year", "price");
        XYSeries line = PriceCharts.curve(fit, ORIGIN).over(0.5, 3).color(Color.RED).band(0.95).addTo(chart, "fit");
        double[] x = line.getXData();
        double[] y = line.getYData();
        assertEquals(2023.5, x[0], 1e-12);
        assertEquals(2026.0, x[x.length - 1], 1e-12);
        assertEquals(fit.predict(0.5), y[0], 1e-12);
        assertEquals(fit.predict(3), y[y.length - 1], 1e-12);
        assertEquals(Color.RED, line.getLineColor());
        XYSeries low = chart.getSeriesMap().get("fit 95 % band");
        XYSeries high = chart.getSeriesMap().get("fit 95 % band, high end");
        assertEquals(fit.priceInterval(3, 0.95).low(), low.getYData()[x.length - 1], 1e-12);
        assertEquals(fit.priceInterval(3, 0.95).high(), high.getYData()[x.length - 1], 1e-12);
        assertTrue(low.isShowInLegend());
        assertFalse(high.isShowInLegend());
        assertEquals(3, chart.getSeriesMap().size());
        // without a band: one series only
        XYChart plain = LineCharts.empty("t", "year", "price");
        PriceCharts.curve(fit, ORIGIN).over(0, 1).dashed().addTo(plain, "fit");
        assertEquals(1, plain.getSeriesMap().size());
        IllegalStateException noSpan = assertThrows(IllegalStateException.class,
                () -> PriceCharts.curve(fit, ORIGIN).addTo(plain, "again"));
        assertTrue(noSpan.getMessage().contains("over(from, to)"), noSpan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PriceCharts.curve(fit, ORIGIN).over(2, 1));
        assertThrows(IllegalArgumentException.class, () -> PriceCharts.curve(fit, ORIGIN).band(95));
    }

    @Test
    void frontierTableAndFitThroughSteps() {
        Table t = FrontierStep.table(85, steps);
        assertEquals("cheapest offer with MMLU ≥ 85.0", t.name());
        assertEquals(List.of("date", "model", "mmlu", "input_usd"), t.columnNames());
        assertEquals("2024-01-01", t.stringColumn("date").get(1));
        assertEquals(0.5, t.doubleColumn("input_usd").get(2), 0);
        DecayFit fit = ExponentialDecay.fit(ORIGIN, steps);
        DecayFit same = ExponentialDecay.fit(new double[] {0, Years.between(ORIGIN, LocalDate.of(2024, 1, 1)),
                Years.between(ORIGIN, LocalDate.of(2025, 1, 1))}, new double[] {30, 5, 0.5});
        assertEquals(same, fit);
        assertThrows(IllegalArgumentException.class, () -> ExponentialDecay.fit(ORIGIN, steps.subList(0, 2)));
    }

    @Test
    void describeNamesTheSeriesAndTheNumbers() {
        DecayFit fit = fit();
        String line = fit.describe("toy");
        assertTrue(line.startsWith("toy: n = 5, λ = " + String.format(java.util.Locale.ROOT, "%.3f", fit.lambda())),
                line);
        assertTrue(line.contains(String.format(java.util.Locale.ROOT, "R² = %.3f", fit.rSquared())), line);
        // a series whose interval for λ reaches below zero: the halving time's upper end is infinite
        DecayFit flat = ExponentialDecay.fit(new double[] {0, 1, 2}, new double[] {1, 3, 0.9});
        assertTrue(flat.describe("flat").contains("∞ (no fall cannot be excluded)"), flat.describe("flat"));
    }

    @Test
    void decayTableRoundsAndLeavesAssumedRatesWithoutInterval() {
        DecayFit fit = fit();
        Table t = DecayTable.named("rates").rate("article", 0.2).fit("toy", fit).table();
        assertEquals(List.of("series", "n", "λ per year", "95 % low", "95 % high", "halving time (years)",
                "P₅/P₀ = e^(−5λ)"), t.columnNames());
        assertEquals(0.2, t.doubleColumn("λ per year").get(0), 0);
        assertEquals(3.466, t.doubleColumn("halving time (years)").get(0), 0);   // ln 2 / 0.2 = 3.4657…
        assertEquals(0.3679, t.doubleColumn("P₅/P₀ = e^(−5λ)").get(0), 0);       // e^−1
        assertTrue(t.intColumn("n").isMissing(0));
        assertTrue(t.doubleColumn("95 % low").isMissing(0));
        assertEquals(5, t.intColumn("n").get(1));
        assertEquals(DecayTable.significant(fit.lambdaInterval(0.95).low()), t.doubleColumn("95 % low").get(1), 0);
        assertEquals(123.5, DecayTable.significant(123.456), 0);
        assertThrows(IllegalArgumentException.class, () -> DecayTable.named("x").rate("bad", Double.NaN));
    }

    @Test
    void projectionTableGivesTheFitAndItsBandAtEachHorizon() {
        DecayFit fit = fit();
        Table t = Projection.of("toy", fit, LocalDate.of(2025, 1, 1), 2, 1, 2, 3).table();
        assertEquals(List.of("last data (2025-01-01)", "+1 year", "+2 years", "+3 years"),
                t.stringColumn("when").asList());
        assertEquals(fit.predict(4), t.doubleColumn("fitted USD per M input tokens").get(2), 1e-12);
        assertEquals(fit.priceInterval(5, 0.95).high(), t.doubleColumn("95 % high").get(3), 1e-12);
        assertTrue(t.name().startsWith("toy (5 points; λ = "), t.name());
        assertThrows(IllegalArgumentException.class, () -> Projection.of("toy", fit, LocalDate.of(2025, 1, 1), 2, 0));
    }
}
