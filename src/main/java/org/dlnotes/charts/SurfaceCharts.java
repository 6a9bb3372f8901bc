package org.dlnotes.charts;

import java.awt.Color;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A function of two variables (a loss surface over two parameters) as filled contour bands, with paths drawn on
 * top, e.g. gradient descent at several learning rates.
 *
 * <pre>{@code
 * XYChart chart = SurfaceCharts.contour("MSE over (w, b)", "w", "b", new double[] {-1, 2}, new double[] {-2, 2},
 *         (w, b) -> loss(w, b), 12);
 * SurfaceCharts.addPath(chart, "α = 0.1", path.coordinate(0), path.coordinate(1));
 * SurfaceCharts.addPoint(chart, "minimum", wStar, bStar);
 * }</pre>
 *
 * <p>The band boundaries are quantiles of the function's values on the grid, so each band covers about the same
 * area and a surface that spans several orders of magnitude still shows its shape; darker means lower.
 */
public final class SurfaceCharts {

    /** Grid cells per axis. */
    public static final int RESOLUTION = 120;

    private static final String BAND = "band ";

    private SurfaceCharts() {
    }

    /**
     * Filled contour bands of {@code f(x, y)} over {@code xRange × yRange}, in {@code bands} shades (2 to 20).
     *
     * @throws IllegalArgumentException for a range that is not {@code {low, high}} with finite {@code low < high},
     *     a band count outside [2, 20], or a function value that is not finite
     */
    public static XYChart contour(String title, String xTitle, String yTitle, double[] xRange, double[] yRange,
                                  DoubleBinaryOperator f, int bands) {
        Objects.requireNonNull(f, "f");
        checkRange(xRange, "xRange");
        checkRange(yRange, "yRange");
        if (bands < 2 || bands > 20) {
            throw new IllegalArgumentException("bands must be in [2, 20], but is " + bands);
        }
        double dx = (xRange[1] - xRange[0]) / RESOLUTION;
        double dy = (yRange[1] - yRange[0]) / RESOLUTION;
        int cells = RESOLUTION * RESOLUTION;
        double[] gx = new double[cells];
        double[] gy = new double[cells];
        double[] value = new double[cells];
        for (int i = 0; i < RESOLUTION; i++) {
            for (int j = 0; j < RESOLUTION; j++) {
                int c = i * RESOLUTION + j;
                gx[c] = xRange[0] + (i + 0.5) * dx;
                gy[c] = yRange[0] + (j + 0.5) * dy;
                value[c] = f.applyAsDouble(gx[c], gy[c]);
                if (!Double.isFinite(value[c])) {
                    throw new IllegalArgumentException("f must be finite on the whole grid, but f(" + gx[c] + ", "
                            + gy[c] + ") is " + value[c]);
                }
            }
        }
        double[] sorted = value.clone();
        Arrays.sort(sorted);
        double[] upper = new double[bands];
        for (int b = 0; b < bands; b++) {
            upper[b] = sorted[Math.min(cells - 1, (int) Math.ceil((b + 1) * (double) cells / bands) - 1)];
        }
        int[] band = new int[cells];
        int[] count = new int[bands];
        for (int c = 0; c < cells; c++) {
            int b = 0;
            while (b < bands - 1 && value[c] > upper[b]) {
                b++;
            }
            band[c] = b;
            count[b]++;
        }
        XYChart chart = LineCharts.empty(title, xTitle, yTitle);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisMin(xRange[0]).setXAxisMax(xRange[1]).setYAxisMin(yRange[0]).setYAxisMax(yRange[1]);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setPlotGridLinesVisible(false);
        CellMarker marker = new CellMarker(chart, dx, dy);
        Color base = ChartStyle.color(0);
        for (int b = 0; b < bands; b++) {
            if (count[b] == 0) {
                continue;
            }
            double[] bx = new double[count[b]];
            double[] by = new double[count[b]];
            int n = 0;
            for (int c = 0; c < cells; c++) {
                if (band[c] == b) {
                    bx[n] = gx[c];
                    by[n] = gy[c];
                    n++;
                }
            }
            XYSeries s = chart.addSeries(BAND + b, bx, by);
            s.setMarker(marker);
            s.setMarkerColor(ChartStyle.tint(base, 0.1 + 0.85 * b / (bands - 1)));
            s.setShowInLegend(false);
        }
        return chart;
    }

    /**
     * Adds a path (points joined by a line, each point marked) in the next palette colour after blue.
     *
     * @throws IllegalArgumentException if x and y differ in length or are empty
     */
    public static XYSeries addPath(XYChart chart, String name, double[] x, double[] y) {
        Objects.requireNonNull(chart, "chart");
        Objects.requireNonNull(name, "name");
        LineCharts.checkSameLength(x, y);
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.CIRCLE);
        Color colour = ChartStyle.color(1 + overlays(chart) - 1);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        return s;
    }

    /** Adds one marked point, e.g. the minimum, in the next palette colour after blue. */
    public static XYSeries addPoint(XYChart chart, String name, double x, double y) {
        Objects.requireNonNull(chart, "chart");
        Objects.requireNonNull(name, "name");
        XYSeries s = chart.addSeries(name, new double[] {x}, new double[] {y});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.DIAMOND);
        s.setMarkerColor(ChartStyle.color(1 + overlays(chart) - 1));
        return s;
    }

    /** Series that are not contour bands (the one just added included). */
    private static int overlays(XYChart chart) {
        return (int) chart.getSeriesMap().keySet().stream().filter(k -> !k.startsWith(BAND)).count();
    }

    private static void checkRange(double[] range, String name) {
        if (range == null || range.length != 2 || !Double.isFinite(range[0]) || !Double.isFinite(range[1])
                || !(range[0] < range[1])) {
            throw new IllegalArgumentException(name + " must be {low, high} with finite low < high, but is "
                    + Arrays.toString(range));
        }
    }
}
