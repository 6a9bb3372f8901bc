package org.dlnotes.charts;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.Styler;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Heat maps of a matrix in the house style: row 0 at the top, column 0 at the left, white (low) to blue
 * (high), each cell labelled with its value.
 *
 * <pre>{@code
 * HeatMaps.of("weights of layer 0", w.toDoubleMatrix());
 * HeatMaps.of("correlation", matrix, names, names);
 * HeatMaps.of(table, "model");   // one row per model, one column per numeric column
 * }</pre>
 */
public final class HeatMaps {

    private HeatMaps() {
    }

    /** Heat map with rows and columns labelled 0, 1, 2, .... */
    public static HeatMapChart of(String title, double[][] values) {
        Objects.requireNonNull(values, "values");
        int cols = values.length == 0 ? 0 : values[0].length;
        return of(title, values, indexLabels(cols), indexLabels(values.length));
    }

    /** Heat map with the given column ({@code x}) and row ({@code y}) labels. */
    public static HeatMapChart of(String title, double[][] values, List<String> columnLabels,
                                  List<String> rowLabels) {
        return of(title, values, columnLabels, rowLabels, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    }

    /** As {@link #of(String, double[][], List, List)}, created at {@code width}×{@code height} pixels. */
    static HeatMapChart of(String title, double[][] values, List<String> columnLabels, List<String> rowLabels,
                           int width, int height) {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(columnLabels, "columnLabels");
        Objects.requireNonNull(rowLabels, "rowLabels");
        if (values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException("values must have at least one row and one column");
        }
        int rows = values.length;
        int cols = values[0].length;
        for (int r = 0; r < rows; r++) {
            if (values[r].length != cols) {
                throw new IllegalArgumentException("values must be rectangular, but row " + r + " has "
                        + values[r].length + " columns and row 0 has " + cols);
            }
        }
        if (columnLabels.size() != cols || rowLabels.size() != rows) {
            throw new IllegalArgumentException("labels must match the " + rows + "×" + cols + " values, but there are "
                    + rowLabels.size() + " row and " + columnLabels.size() + " column labels");
        }
        HeatMapChart chart = ChartStyle.apply(new HeatMapChart(width, height, Styler.ChartTheme.XChart));
        chart.setTitle(title);
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, ChartStyle.tint(ChartStyle.color(0), 0.6),
            ChartStyle.tint(ChartStyle.color(0), 0.25)});
        chart.getStyler().setShowValue(rows * cols <= 400);
        chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setValueFontColor(new Color(40, 40, 40));
        chart.getStyler().setHeatMapValueDecimalPattern("#,##0.##");
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<String> y = new ArrayList<>(rowLabels);
        Collections.reverse(y);
        List<Number[]> heat = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                heat.add(new Number[] {c, rows - 1 - r, values[r][c]});
            }
        }
        chart.addSeries(title, columnLabels, y, heat);
        return chart;
    }

    /**
     * Heat map of a table: one row per table row, labelled by {@code rowLabelColumn}; one column per other numeric
     * column, labelled by its name.
     */
    public static HeatMapChart of(Table table, String rowLabelColumn) {
        List<String> rowLabels = Arrays.asList(Columns.strings(table, rowLabelColumn));
        List<String> columns = table.columns().stream()
                .filter(c -> !c.name().equals(rowLabelColumn) && c instanceof NumericColumn<?>)
                .map(Column::name).toList();
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table must have a numeric column besides '" + rowLabelColumn
                    + "', but its columns are " + table.columnNames());
        }
        double[][] values = new double[table.rowCount()][columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            double[] column = Columns.doubles(table, columns.get(c));
            for (int r = 0; r < values.length; r++) {
                values[r][c] = column[r];
            }
        }
        return of(table.name(), values, columns, rowLabels);
    }

    private static List<String> indexLabels(int n) {
        return IntStream.range(0, n).mapToObj(Integer::toString).toList();
    }
}
