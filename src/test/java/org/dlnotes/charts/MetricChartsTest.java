package org.dlnotes.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;

import org.dlnotes.metrics.ConfusionMatrix;
import org.dlnotes.metrics.PrecisionRecallCurve;
import org.dlnotes.metrics.RocCurve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

class MetricChartsTest {

    private static final int[] TRUTH = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2};
    private static final int[] PREDICTED = {0, 0, 1, 1, 1, 2, 2, 2, 2, 0};
    private static final double[] SCORES = {0.1, 0.3, 0.35, 0.8, 0.65, 0.4, 0.9, 0.7, 0.2, 0.55};

    /** Distinct colours in the image: a blank or single-colour image has 1. */
    private static int colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    private static double cell(HeatMapChart chart, int x, int y) {
        for (Object o : chart.getHeatMapSeries().getHeatData()) {
            Number[] c = (Number[]) o;
            if (c[0].intValue() == x && c[1].intValue() == y) {
                return c[2].doubleValue();
            }
        }
        throw new AssertionError("no cell " + x + "," + y);
    }

    private static void rendersAtSize(Chart<?, ?> chart, int width, int height) {
        BufferedImage image = Charts.image(chart);
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        assertTrue(colours(image) > 20, "the chart draws something: " + colours(image) + " colours");
        assertEquals(false, chart.getStyler().isToolTipsEnabled());
    }

    @Test
    void confusionMatrixHeatMapShowsCountsOrRowFractionsWithFirstClassOnTop() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUTH, PREDICTED, 3);
        HeatMapChart counts = MetricCharts.confusionMatrix(cm, false, 420, 360, "cat", "dog", "pig");
        rendersAtSize(counts, 420, 360);
        assertTrue(counts.getStyler().isShowValue());
        assertEquals(9, counts.getHeatMapSeries().getHeatData().size());
        // true "pig" (class 2) is the bottom row, y index 0: 3 predicted pig, 1 predicted cat.
        assertEquals(3.0, cell(counts, 2, 0));
        assertEquals(1.0, cell(counts, 0, 0));
        assertEquals("cat", counts.getHeatMapSeries().getYData().get(2));
        assertEquals("0", counts.getStyler().getHeatMapValueDecimalPattern());

        HeatMapChart fractions = MetricCharts.confusionMatrix(cm, true);
        rendersAtSize(fractions, MetricCharts.WIDTH, MetricCharts.HEIGHT);
        assertEquals(2.0 / 3, cell(fractions, 0, 2), 1e-15);
        assertEquals(0.25, cell(fractions, 0, 0), 1e-15);
        assertEquals("0.00", fractions.getStyler().getHeatMapValueDecimalPattern());
    }

    @Test
    void rocAndPrecisionRecallChartsPlotTheCurvesWithTheirAreasInTheLegend(@TempDir Path dir) throws Exception {
        int[] binary = {0, 0, 0, 1, 1, 1, 1, 0, 1, 0};
        RocCurve roc = RocCurve.of(binary, SCORES, 1);
        Map<String, RocCurve> rocs = new LinkedHashMap<>();
        rocs.put("model", roc);
        rocs.put("reversed", RocCurve.of(binary, java.util.Arrays.stream(SCORES).map(s -> -s).toArray(), 1));
        XYChart rocChart = MetricCharts.roc(rocs, 500, 400);
        rendersAtSize(rocChart, 500, 400);
        assertTrue(rocChart.getSeriesMap().containsKey(String.format(java.util.Locale.ROOT, "model (AUC %.3f)",
                roc.auc())));
        assertEquals(3, rocChart.getSeriesMap().size());

        PrecisionRecallCurve pr = PrecisionRecallCurve.of(binary, SCORES, 1);
        XYChart prChart = MetricCharts.precisionRecall(pr);
        rendersAtSize(prChart, MetricCharts.WIDTH, MetricCharts.HEIGHT);
        assertTrue(prChart.getSeriesMap().containsKey(String.format(java.util.Locale.ROOT, "model (AP %.3f)",
                pr.averagePrecision())));

        Path png = Charts.savePng(MetricCharts.roc(roc), dir.resolve("roc.png"));
        BufferedImage read = ImageIO.read(png.toFile());
        assertEquals(MetricCharts.WIDTH, read.getWidth());
        assertTrue(colours(read) > 20);
    }

    @Test
    void badArgumentsAreNamed() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUTH, PREDICTED, 3);
        assertEquals("names must name the 3 classes, but has 2 entries: [a, b]", assertThrows(
                IllegalArgumentException.class, () -> MetricCharts.confusionMatrix(cm, false, "a", "b")).getMessage());
        assertEquals("width and height must be at least 50 pixels, but are 10 x 400", assertThrows(
                IllegalArgumentException.class, () -> MetricCharts.confusionMatrix(cm, false, 10, 400)).getMessage());
        assertEquals("curves is empty", assertThrows(IllegalArgumentException.class,
                () -> MetricCharts.roc(Map.of(), 400, 400)).getMessage());
    }
}
