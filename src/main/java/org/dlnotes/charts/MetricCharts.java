package org.dlnotes.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dlnotes.metrics.ConfusionMatrix;
import org.dlnotes.metrics.PrecisionRecallCurve;
import org.dlnotes.metrics.RocCurve;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of {@code org.dlnotes.metrics} results: the confusion-matrix heat map (counts or row-normalised, numbers
 * drawn in the cells), ROC curves and precision-recall curves. Each returns the XChart chart, tooltips off, so it
 * can be customised before {@link Charts#image} shows it.
 *
 * <pre>{@code
 * Charts.image(MetricCharts.confusionMatrix(cm, true, "cat", "dog", "pig"));
 * Charts.image(MetricCharts.roc(Map.of("MLP", RocCurve.of(labels, output)), 600, 450));
 * }</pre>
 */
public final class MetricCharts {

    /** Default width in pixels. */
    public static final int WIDTH = 600;
    /** Default height in pixels. */
    public static final int HEIGHT = 500;

    private MetricCharts() {
    }

    /** The confusion-matrix heat map at the default size (see the overload with width and height). */
    public static HeatMapChart confusionMatrix(ConfusionMatrix matrix, boolean rowNormalized, String... names) {
        return confusionMatrix(matrix, rowNormalized, WIDTH, HEIGHT, names);
    }

    /**
     * Heat map of the confusion matrix: true class down (first class at the top), predicted class across, each
     * cell showing its count, or with {@code rowNormalized} the fraction of its true class (recall on the
     * diagonal).
     *
     * @param names  one name per class; none for {@code "0"}, {@code "1"}, …
     */
    public static HeatMapChart confusionMatrix(ConfusionMatrix matrix, boolean rowNormalized, int width, int height,
                                               String... names) {
        if (matrix == null) {
            throw new IllegalArgumentException("matrix is null");
        }
        checkSize(width, height);
        List<String> labels = names(matrix.classes(), names);
        double[][] values = rowNormalized ? matrix.normalized() : toDoubles(matrix.counts());
        double max = Arrays.stream(values).flatMapToDouble(Arrays::stream).max().orElse(0);
        HeatMapChart chart = HeatMaps.of(rowNormalized ? "Confusion matrix (row-normalised)" : "Confusion matrix",
                values, labels, labels, width, height);
        chart.setXAxisTitle("predicted");
        chart.setYAxisTitle("true");
        chart.getStyler().setShowValue(true);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(rowNormalized ? 1.0 : Math.max(max, 1));
        chart.getStyler().setHeatMapValueDecimalPattern(rowNormalized ? "0.00" : "0");
        return chart;
    }

    private static double[][] toDoubles(long[][] counts) {
        double[][] out = new double[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            out[i] = Arrays.stream(counts[i]).asDoubleStream().toArray();
        }
        return out;
    }

    /** One ROC curve at the default size, its AUC in the legend. */
    public static XYChart roc(RocCurve curve) {
        return roc(Map.of("model", curve), WIDTH, HEIGHT);
    }

    /** ROC curves by name (legend shows each AUC) with the chance diagonal. */
    public static XYChart roc(Map<String, RocCurve> curves, int width, int height) {
        checkCurves(curves);
        checkSize(width, height);
        XYChart chart = xyChart("ROC curve", "false positive rate", "true positive rate", width, height);
        XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
        chance.setLineColor(Color.GRAY);
        chance.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        for (Map.Entry<String, RocCurve> e : curves.entrySet()) {
            RocCurve c = e.getValue();
            chart.addSeries(String.format(Locale.ROOT, "%s (AUC %.3f)", e.getKey(), c.auc()),
                    c.falsePositiveRate(), c.truePositiveRate());
        }
        return chart;
    }

    /** One precision-recall curve at the default size, its average precision in the legend. */
    public static XYChart precisionRecall(PrecisionRecallCurve curve) {
        return precisionRecall(Map.of("model", curve), WIDTH, HEIGHT);
    }

    /**
     * Precision-recall curves by name (legend shows each average precision), drawn as steps as scikit-learn's
     * {@code PrecisionRecallDisplay} does: average precision is the area under these steps.
     */
    public static XYChart precisionRecall(Map<String, PrecisionRecallCurve> curves, int width, int height) {
        checkCurves(curves);
        checkSize(width, height);
        XYChart chart = xyChart("Precision-recall curve", "recall", "precision", width, height);
        for (Map.Entry<String, PrecisionRecallCurve> e : curves.entrySet()) {
            PrecisionRecallCurve c = e.getValue();
            // In decreasing recall, XChart's step (vertical, then horizontal) gives each recall interval the
            // precision that average precision multiplies it by, so the area under the steps is the AP.
            XYSeries series = chart.addSeries(String.format(Locale.ROOT, "%s (AP %.3f)", e.getKey(),
                    c.averagePrecision()), c.recall(), c.precision());
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        }
        return chart;
    }

    private static XYChart xyChart(String title, String x, String y, int width, int height) {
        XYChart chart = LineCharts.empty(title, x, y, width, height);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setSeriesMarkers(new org.knowm.xchart.style.markers.Marker[] {SeriesMarkers.NONE});
        return chart;
    }

    private static List<String> names(int classes, String[] names) {
        if (names == null || names.length == 0) {
            List<String> out = new ArrayList<>(classes);
            for (int c = 0; c < classes; c++) {
                out.add(String.valueOf(c));
            }
            return out;
        }
        if (names.length != classes) {
            throw new IllegalArgumentException("names must name the " + classes + " classes, but has "
                    + names.length + " entries: " + Arrays.toString(names));
        }
        return Arrays.asList(names.clone());
    }

    private static void checkCurves(Map<String, ?> curves) {
        if (curves == null || curves.isEmpty()) {
            throw new IllegalArgumentException("curves is " + (curves == null ? "null" : "empty"));
        }
    }

    private static void checkSize(int width, int height) {
        if (width < 50 || height < 50) {
            throw new IllegalArgumentException("width and height must be at least 50 pixels, but are " + width
                    + " x " + height);
        }
    }
}
