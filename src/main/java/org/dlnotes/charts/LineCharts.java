package org.dlnotes.charts;

import java.awt.BasicStroke;
import java.util.Objects;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import tech.tablesaw.api.Table;

/**
 * Line charts in the house style, e.g. training curves.
 *
 * <pre>{@code
 * XYChart loss = LineCharts.of(history.table(), "epoch", "train_loss", "val_loss");
 * XYChart acc  = LineCharts.history(history.table(), "accuracy");   // train_accuracy and val_accuracy
 * Charts.image(Charts.logY(loss));
 * }</pre>
 */
public final class LineCharts {

    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {7f, 4f}, 0f);

    private LineCharts() {
    }

    /** An empty line chart with title and axis titles, ready for {@code addSeries}. */
    public static XYChart empty(String title, String xTitle, String yTitle) {
        return empty(title, xTitle, yTitle, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    }

    /** As {@link #empty(String, String, String)}, created at {@code width}×{@code height} pixels. */
    static XYChart empty(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = ChartStyle.apply(new XYChart(width, height));
        chart.setTitle(Objects.requireNonNull(title, "title"));
        chart.setXAxisTitle(Objects.requireNonNull(xTitle, "xTitle"));
        chart.setYAxisTitle(Objects.requireNonNull(yTitle, "yTitle"));
        chart.getStyler().setMarkerSize(5);
        return chart;
    }

    /** One line {@code y(x)} named {@code name}; add more with {@link #addLine}. */
    public static XYChart of(String name, double[] x, double[] y) {
        XYChart chart = empty(name, "x", "y");
        chart.getStyler().setLegendVisible(false);
        addLine(chart, name, x, y);
        return chart;
    }

    /** One line per {@code yColumns} entry against {@code xColumn}; axis titles come from the column names. */
    public static XYChart of(Table table, String xColumn, String... yColumns) {
        Objects.requireNonNull(yColumns, "yColumns");
        if (yColumns.length == 0) {
            throw new IllegalArgumentException("yColumns must name at least one column, but is empty");
        }
        double[] x = Columns.doubles(table, xColumn);
        XYChart chart = empty(table.name(), xColumn, yColumns.length == 1 ? yColumns[0] : "value");
        for (String y : yColumns) {
            addLine(chart, y, x, Columns.doubles(table, y));
        }
        return chart;
    }

    /**
     * Training curves of one quantity from a history table: {@code train_<quantity>} solid and, when present,
     * {@code val_<quantity>} dashed in the next colour, against {@code epoch}.
     */
    public static XYChart history(Table history, String quantity) {
        Objects.requireNonNull(quantity, "quantity");
        String train = "train_" + quantity;
        String val = "val_" + quantity;
        if (!history.containsColumn(train)) {
            throw new IllegalArgumentException("quantity must have a column 'train_<quantity>' in " 
                    + history.columnNames() + ", but is '" + quantity + "'");
        }
        double[] epoch = Columns.doubles(history, "epoch");
        XYChart chart = empty(quantity, "epoch", quantity);
        addLine(chart, "train", epoch, Columns.doubles(history, train));
        if (history.containsColumn(val)) {
            addLine(chart, "validation", epoch, Columns.doubles(history, val)).setLineStyle(DASHED);
        }
        return chart;
    }

    /** Adds a line; x and y must have the same, non-zero length. */
    public static XYSeries addLine(XYChart chart, String name, double[] x, double[] y) {
        Objects.requireNonNull(chart, "chart");
        Objects.requireNonNull(name, "name");
        checkSameLength(x, y);
        XYSeries s = chart.addSeries(name, x, y);
        if (x.length > 40) {
            s.setMarker(SeriesMarkers.NONE);
        }
        return s;
    }

    static void checkSameLength(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("x and y must have the same, non-zero length, but have " + x.length
                    + " and " + y.length);
        }
    }
}
