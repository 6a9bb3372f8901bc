package org.dlnotes.charts;

import java.util.Arrays;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToIntBiFunction;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import tech.tablesaw.api.Table;

/**
 * Scatter plots with one colour per class, and the 2-D decision regions of a trained classifier behind the points.
 *
 * <pre>{@code
 * ScatterCharts.of(table, "x1", "x2", "label");
 * ScatterCharts.decisionBoundary(net, x1, x2, labels);   // net: 2 inputs → class probabilities
 * }</pre>
 */
public final class ScatterCharts {

    /** Grid cells per axis of {@link #decisionBoundary}. */
    public static final int RESOLUTION = 100;

    private ScatterCharts() {
    }

    /** Points {@code (x[i], y[i])} coloured by {@code classes[i]} (0, 1, 2, ...). */
    public static XYChart of(double[] x, double[] y, int[] classes) {
        Objects.requireNonNull(classes, "classes");
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0) {
                throw new IllegalArgumentException("classes must be >= 0, but classes[" + i + "] is " + classes[i]);
            }
        }
        String[] labels = Arrays.stream(classes).mapToObj(Integer::toString).toArray(String[]::new);
        return scatter(x, y, labels, (label, position) -> Integer.parseInt(label));
    }

    /** Points from two numeric columns coloured by the values of a third column (any type). */
    public static XYChart of(Table table, String xColumn, String yColumn, String classColumn) {
        XYChart chart = of(Columns.doubles(table, xColumn), Columns.doubles(table, yColumn),
                Columns.strings(table, classColumn));
        chart.setTitle(table.name());
        chart.setXAxisTitle(xColumn);
        chart.setYAxisTitle(yColumn);
        return chart;
    }

    /** Points coloured by class label, one series (and legend entry) per label in sorted order. */
    public static XYChart of(double[] x, double[] y, String[] classes) {
        return scatter(x, y, classes, (label, position) -> position);
    }

    private static XYChart scatter(double[] x, double[] y, String[] classes,
                                   ToIntBiFunction<String, Integer> colourOf) {
        LineCharts.checkSameLength(x, y);
        Objects.requireNonNull(classes, "classes");
        if (classes.length != x.length) {
            throw new IllegalArgumentException("classes must have one label per point (" + x.length
                    + "), but has " + classes.length);
        }
        XYChart chart = LineCharts.empty("", "x", "y");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(7);
        TreeSet<String> labels = new TreeSet<>(ScatterCharts::compareLabels);
        labels.addAll(Arrays.asList(classes));
        int position = 0;
        for (String label : labels) {
            int[] idx = IntStream.range(0, classes.length).filter(i -> classes[i].equals(label)).toArray();
            XYSeries s = chart.addSeries(label, pick(x, idx), pick(y, idx));
            s.setMarkerColor(ChartStyle.color(colourOf.applyAsInt(label, position++)));
        }
        return chart;
    }

    /**
     * A trained network's decision regions over the points' range (plus 10 % margin), with the points on top.
     * The network takes 2 inputs; its class is the arg-max of the outputs, or {@code output > 0.5} for a single
     * output.
     */
    public static XYChart decisionBoundary(MultiLayerNetwork net, double[] x, double[] y, int[] classes) {
        Objects.requireNonNull(net, "net");
        return decisionBoundary(points -> {
            INDArray out = net.output(Nd4j.create(points));
            if (out.size(1) == 1) {
                return Arrays.stream(out.toDoubleVector()).mapToInt(p -> p > 0.5 ? 1 : 0).toArray();
            }
            return out.argMax(1).toIntVector();
        }, x, y, classes);
    }

    /** Decision regions of any classifier that maps rows {@code {x, y}} to class indices. */
    public static XYChart decisionBoundary(Function<double[][], int[]> classifier, double[] x, double[] y,
                                           int[] classes) {
        Objects.requireNonNull(classifier, "classifier");
        LineCharts.checkSameLength(x, y);
        double[] xr = range(x);
        double[] yr = range(y);
        double dx = (xr[1] - xr[0]) / RESOLUTION;
        double dy = (yr[1] - yr[0]) / RESOLUTION;
        double[][] grid = new double[RESOLUTION * RESOLUTION][];
        for (int i = 0; i < RESOLUTION; i++) {
            for (int j = 0; j < RESOLUTION; j++) {
                grid[i * RESOLUTION + j] = new double[] {xr[0] + (i + 0.5) * dx, yr[0] + (j + 0.5) * dy};
            }
        }
        int[] predicted = classifier.apply(grid);
        if (predicted == null || predicted.length != grid.length) {
            throw new IllegalArgumentException("classifier must return one class per grid point (" + grid.length
                    + "), but returned " + (predicted == null ? "null" : predicted.length));
        }
        XYChart points = of(x, y, classes);
        XYChart chart = LineCharts.empty("decision regions", "x", "y");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setXAxisMin(xr[0]).setXAxisMax(xr[1]).setYAxisMin(yr[0]).setYAxisMax(yr[1]);
        chart.getStyler().setPlotContentSize(1.0);
        Marker cell = new CellMarker(chart, dx, dy);
        for (int k : Arrays.stream(predicted).distinct().sorted().toArray()) {
            int[] idx = indicesOf(predicted, k);
            double[] gx = new double[idx.length];
            double[] gy = new double[idx.length];
            for (int i = 0; i < idx.length; i++) {
                gx[i] = grid[idx[i]][0];
                gy[i] = grid[idx[i]][1];
            }
            XYSeries region = chart.addSeries("region " + k, gx, gy);
            region.setMarker(cell);
            region.setMarkerColor(ChartStyle.tint(ChartStyle.color(k), 0.75));
            region.setShowInLegend(false);
        }
        points.getSeriesMap().values().forEach(s -> chart.addSeries(s.getName(), s.getXData(), s.getYData())
                .setMarkerColor(s.getMarkerColor()));
        return chart;
    }

    private static double[] range(double[] v) {
        double min = Arrays.stream(v).min().orElseThrow();
        double max = Arrays.stream(v).max().orElseThrow();
        double pad = max > min ? 0.1 * (max - min) : 1;
        return new double[] {min - pad, max + pad};
    }

    private static int compareLabels(String a, String b) {
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private static int[] indicesOf(int[] labels, int label) {
        return IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
    }

    private static double[] pick(double[] v, int[] idx) {
        return Arrays.stream(idx).mapToDouble(i -> v[i]).toArray();
    }
}
