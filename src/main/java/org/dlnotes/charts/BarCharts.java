package org.dlnotes.charts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

import org.knowm.xchart.CategoryChart;

import tech.tablesaw.api.Table;

/**
 * Bar charts in the house style.
 *
 * <pre>{@code
 * BarCharts.of("parameters", List.of("embedding", "lstm", "output"), new double[] {128000, 263168, 129000});
 * BarCharts.of(table, "model", "accuracy", "f1");   // grouped bars, one series per value column
 * }</pre>
 */
public final class BarCharts {

    private BarCharts() {
    }

    /** One bar per category. */
    public static CategoryChart of(String name, List<String> categories, double[] values) {
        Objects.requireNonNull(name, "name");
        CategoryChart chart = empty(name, "", name);
        chart.getStyler().setLegendVisible(false);
        addBars(chart, name, categories, values);
        return chart;
    }

    /**
     * The {@code k} categories with the largest values, largest first, followed by each category of {@code alsoShow}
     * not among them (e.g. a feature known to be noise, for comparison).
     *
     * @throws IllegalArgumentException if the lengths differ, {@code k} is outside [1, categories], or a category of
     *     {@code alsoShow} is unknown
     */
    public static CategoryChart top(String name, List<String> categories, double[] values, int k, String... alsoShow) {
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(values, "values");
        if (categories.size() != values.length) {
            throw new IllegalArgumentException("categories and values must have the same length, but have "
                    + categories.size() + " and " + values.length);
        }
        if (k < 1 || k > values.length) {
            throw new IllegalArgumentException("k must be in [1, " + values.length + "], but is " + k);
        }
        List<Integer> shown = new ArrayList<>(IntStream.range(0, values.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> values[i]).reversed()).toList().subList(0, k));
        for (String extra : alsoShow) {
            int i = categories.indexOf(extra);
            if (i < 0) {
                throw new IllegalArgumentException("alsoShow must name one of the categories, but is '" + extra + "'");
            }
            if (!shown.contains(i)) {
                shown.add(i);
            }
        }
        return of(name, shown.stream().map(categories::get).toList(),
                shown.stream().mapToDouble(i -> values[i]).toArray());
    }

    /** Bars for each category of {@code categoryColumn}, one series (colour) per value column. */
    public static CategoryChart of(Table table, String categoryColumn, String... valueColumns) {
        Objects.requireNonNull(valueColumns, "valueColumns");
        if (valueColumns.length == 0) {
            throw new IllegalArgumentException("valueColumns must name at least one column, but is empty");
        }
        List<String> categories = Arrays.asList(Columns.strings(table, categoryColumn));
        CategoryChart chart = empty(table.name(), categoryColumn, valueColumns.length == 1 ? valueColumns[0]
                : "value");
        chart.getStyler().setLegendVisible(valueColumns.length > 1);
        for (String v : valueColumns) {
            addBars(chart, v, categories, Columns.doubles(table, v));
        }
        return chart;
    }

    /**
     * Switches the chart's value axis to a logarithmic scale, starting at the power of ten at or below its smallest
     * value (XChart would otherwise start bars at 0, which a log axis cannot show), and returns it.
     *
     * @throws IllegalArgumentException if a value is not > 0
     */
    public static CategoryChart logY(CategoryChart chart) {
        Objects.requireNonNull(chart, "chart");
        double min = Double.POSITIVE_INFINITY;
        for (var series : chart.getSeriesMap().values()) {
            for (Number n : series.getYData()) {
                double v = n.doubleValue();
                if (!(v > 0)) {
                    throw new IllegalArgumentException("a logarithmic axis needs values > 0, but series '"
                            + series.getName() + "' has " + v);
                }
                min = Math.min(min, v);
            }
        }
        chart.getStyler().setYAxisLogarithmic(true);
        if (Double.isFinite(min)) {
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
        }
        return chart;
    }

    static CategoryChart empty(String title, String xTitle, String yTitle) {
        CategoryChart chart = ChartStyle.apply(new CategoryChart(ChartStyle.WIDTH, ChartStyle.HEIGHT));
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        return chart;
    }

    private static void addBars(CategoryChart chart, String name, List<String> categories, double[] values) {
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(values, "values");
        if (categories.isEmpty() || categories.size() != values.length) {
            throw new IllegalArgumentException("categories and values must have the same, non-zero length, but have "
                    + categories.size() + " and " + values.length);
        }
        chart.addSeries(name, categories, Arrays.stream(values).boxed().toList());
    }
}
