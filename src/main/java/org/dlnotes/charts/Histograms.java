package org.dlnotes.charts;

import java.util.Arrays;
import java.util.Objects;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.Histogram;

import tech.tablesaw.api.Table;

/**
 * Histograms in the house style: equal-width bins between the smallest and largest value, one bar per bin
 * labelled by its centre.
 *
 * <pre>{@code
 * Histograms.of("weights", net.params().toDoubleVector(), 40);
 * Histograms.of(table, "price", 20);
 * }</pre>
 */
public final class Histograms {

    private Histograms() {
    }

    /** Histogram of {@code values} in {@code bins} equal-width bins. */
    public static CategoryChart of(String name, double[] values, int bins) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, but is " + bins);
        }
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty");
        }
        double min = Arrays.stream(values).min().orElseThrow();
        double max = Arrays.stream(values).max().orElseThrow();
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("values must be finite, but range from " + min + " to " + max);
        }
        Histogram h = new Histogram(Arrays.stream(values).boxed().toList(), bins, min, max > min ? max : min + 1);
        CategoryChart chart = BarCharts.empty(name, name, "count");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.96);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setXAxisMaxLabelCount(12);
        chart.getStyler().setXAxisDecimalPattern("#,##0.##");
        chart.addSeries(name, h.getxAxisData(), h.getyAxisData());
        return chart;
    }

    /** Histogram of a numeric column. */
    public static CategoryChart of(Table table, String column, int bins) {
        return of(column, Columns.doubles(table, column), bins);
    }
}
