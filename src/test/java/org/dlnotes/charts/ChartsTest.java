package org.dlnotes.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import javax.imageio.ImageIO;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.models.Mlp;
import org.dlnotes.train.History;
import org.dlnotes.train.Trainer;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ChartsTest {

    /** Charts are also written here, to look at. */
    private static final Path PREVIEW = Path.of("target", "chart-preview");

    private static Table history() {
        return Table.create("history",
                IntColumn.create("epoch", 1, 2, 3, 4, 5),
                DoubleColumn.create("train_loss", 0.9, 0.5, 0.3, 0.2, 0.15),
                DoubleColumn.create("val_loss", 1.0, 0.6, 0.4, 0.35, 0.36),
                DoubleColumn.create("train_accuracy", 0.6, 0.8, 0.9, 0.95, 0.97),
                DoubleColumn.create("val_accuracy", 0.55, 0.75, 0.85, 0.88, 0.87));
    }

    /** Renders at the requested size through a PNG file and checks the pixels: right size, really drawn. */
    private static BufferedImage renderPng(Chart<?, ?> chart, String name, int width, int height) throws Exception {
        Path file = Charts.savePng(chart, PREVIEW.resolve(name + ".png"), width, height);
        BufferedImage png = ImageIO.read(file.toFile());
        assertEquals(width, png.getWidth());
        assertEquals(height, png.getHeight());
        assertNotBlank(png);
        return png;
    }

    private static void assertNotBlank(BufferedImage image) {
        int background = image.getRGB(0, 0);
        Set<Integer> colours = new HashSet<>();
        long other = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                colours.add(rgb);
                if (rgb != background) {
                    other++;
                }
            }
        }
        double share = (double) other / ((long) image.getWidth() * image.getHeight());
        assertTrue(share > 0.01, "only " + share + " of the pixels differ from the background");
        assertTrue(colours.size() >= 3, "only " + colours.size() + " colours");
    }

    private static Color pixel(BufferedImage image, XYChart chart, double x, double y) {
        return new Color(image.getRGB((int) Math.round(chart.getScreenXFromChart(x)),
                (int) Math.round(chart.getScreenYFromChart(y))));
    }

    @Test
    void lineChartFromTableColumns() throws Exception {
        XYChart chart = LineCharts.of(history(), "epoch", "train_loss", "val_loss");
        assertEquals(List.of("train_loss", "val_loss"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals("epoch", chart.getXAxisTitle());
        assertArrayEquals(new double[] {1.0, 0.6, 0.4, 0.35, 0.36}, chart.getSeriesMap().get("val_loss").getYData());
        BufferedImage img = renderPng(chart, "line", 500, 300);
        assertFalse(chart.getStyler().isToolTipsEnabled());
        assertEquals(500, img.getWidth());
        assertTrue(Charts.saveSvg(chart, PREVIEW.resolve("line.svg")).toFile().length() > 1000);
        assertTrue(Files.readString(PREVIEW.resolve("line.svg")).contains("<svg"));
    }

    @Test
    void trainerHistoryBecomesAChartInOneCall() throws Exception {
        MultiLayerNetwork net = Mlp.builder().inputs(2).hidden(4).output(2, Activation.SOFTMAX, LossFunction.MCXENT)
                .build();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 40, 2);
        INDArray y = Nd4j.zeros(40, 2);
        for (int i = 0; i < 40; i++) {
            y.putScalar(i, x.getDouble(i, 0) > 0.5 ? 1 : 0, 1);
        }
        DataSet data = new DataSet(x, y);
        History h = Trainer.of(net).epochs(3).fastMode(false).progressEvery(0).validation(new ViewIterator(data, 20))
                .fit(new ViewIterator(data, 20)).history();
        XYChart chart = LineCharts.history(h.table(), "loss");
        assertArrayEquals(h.column("val_loss"), chart.getSeriesMap().get("validation").getYData());
        assertArrayEquals(new double[] {1, 2, 3}, chart.getSeriesMap().get("train").getXData());
        renderPng(chart, "trainer-history", 480, 320);
    }

    @Test
    void historyChartPairsTrainAndValidation() throws Exception {
        XYChart chart = LineCharts.history(history(), "accuracy");
        assertEquals(List.of("train", "validation"), List.copyOf(chart.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {0.55, 0.75, 0.85, 0.88, 0.87},
                chart.getSeriesMap().get("validation").getYData());
        renderPng(chart, "history", 640, 400);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LineCharts.history(history(), "f1"));
        assertTrue(e.getMessage().contains("'f1'") && e.getMessage().contains("train_loss"), e.getMessage());
    }

    @Test
    void logScaleAxes() throws Exception {
        double[] x = {1, 10, 100, 1000};
        XYChart chart = Charts.logY(Charts.logX(LineCharts.of("power law", x, new double[] {1, 0.1, 0.01, 0.001})));
        assertTrue(chart.getStyler().isXAxisLogarithmic() && chart.getStyler().isYAxisLogarithmic());
        renderPng(chart, "log", 400, 300);
        // on log-log axes a power law is a straight line: equal screen steps per decade
        double step1 = chart.getScreenXFromChart(10) - chart.getScreenXFromChart(1);
        double step2 = chart.getScreenXFromChart(1000) - chart.getScreenXFromChart(100);
        assertEquals(step1, step2, 1.0);
    }

    @Test
    void scatterHasOneColourPerClass() throws Exception {
        Random r = new Random(1);
        int n = 90;
        double[] x = new double[n];
        double[] y = new double[n];
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = i % 3;
            x[i] = c[i] * 2 + r.nextGaussian() * 0.5;
            y[i] = (c[i] == 1 ? 2 : 0) + r.nextGaussian() * 0.5;
        }
        XYChart chart = ScatterCharts.of(x, y, c);
        assertEquals(List.of("0", "1", "2"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals(ChartStyle.color(2), chart.getSeriesMap().get("2").getMarkerColor());
        assertEquals(30, chart.getSeriesMap().get("1").getXData().length);
        renderPng(chart, "scatter", 500, 400);

        Table t = Table.create("iris", DoubleColumn.create("a", 1, 2, 3), DoubleColumn.create("b", 3, 1, 2),
                StringColumn.create("species", "setosa", "virginica", "setosa"));
        XYChart fromTable = ScatterCharts.of(t, "a", "b", "species");
        assertEquals(List.of("setosa", "virginica"), List.copyOf(fromTable.getSeriesMap().keySet()));
        assertEquals("a", fromTable.getXAxisTitle());
        assertEquals("column must be one of [a, b, species], but is 'c'",
                assertThrows(IllegalArgumentException.class, () -> ScatterCharts.of(t, "c", "b", "species"))
                        .getMessage());
        assertEquals("column 'species' must be numeric, but is STRING",
                assertThrows(IllegalArgumentException.class, () -> ScatterCharts.of(t, "species", "b", "a"))
                        .getMessage());
    }

    @Test
    void decisionBoundaryOfATrainedNetwork() throws Exception {
        // logistic regression that says class 1 exactly when x > 0
        MultiLayerNetwork net = Mlp.logisticRegression(2).build();
        net.setParams(Nd4j.create(new float[] {10, 0, 0}).reshape(1, 3));
        double[] x = {-1, -0.8, 1, 0.9};
        double[] y = {-1, 0.2, 1, -0.3};
        int[] classes = {0, 0, 1, 1};
        XYChart chart = ScatterCharts.decisionBoundary(net, x, y, classes);
        XYSeries left = chart.getSeriesMap().get("region 0");
        XYSeries right = chart.getSeriesMap().get("region 1");
        assertTrue(Arrays.stream(left.getXData()).allMatch(v -> v < 0));
        assertTrue(Arrays.stream(right.getXData()).allMatch(v -> v > 0));
        assertEquals(ScatterCharts.RESOLUTION * ScatterCharts.RESOLUTION,
                left.getXData().length + right.getXData().length);
        BufferedImage img = renderPng(chart, "decision-boundary", 500, 400);
        assertEquals(ChartStyle.tint(ChartStyle.color(0), 0.75), pixel(img, chart, -0.5, 0.8));
        assertEquals(ChartStyle.tint(ChartStyle.color(1), 0.75), pixel(img, chart, 0.5, -0.8));
        assertEquals(ChartStyle.color(1), chart.getSeriesMap().get("1").getMarkerColor());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ScatterCharts.decisionBoundary(p -> new int[1], x, y, classes)).getMessage()
                .contains("one class per grid point"));
    }

    @Test
    void barChartsFromListsAndTables() throws Exception {
        CategoryChart chart = BarCharts.of("parameters", List.of("embedding", "lstm", "output"),
                new double[] {128_000, 263_168, 129_000});
        assertEquals(List.of(128_000.0, 263_168.0, 129_000.0),
                List.copyOf(chart.getSeriesMap().get("parameters").getYData()));
        renderPng(chart, "bar", 400, 300);
        Table t = Table.create("models", StringColumn.create("model", "mlp", "cnn"),
                DoubleColumn.create("accuracy", 0.9, 0.97), DoubleColumn.create("f1", 0.88, 0.96));
        CategoryChart grouped = BarCharts.of(t, "model", "accuracy", "f1");
        assertEquals(List.of("accuracy", "f1"), List.copyOf(grouped.getSeriesMap().keySet()));
        renderPng(grouped, "bar-grouped", 400, 300);
        assertEquals("categories and values must have the same, non-zero length, but have 2 and 3",
                assertThrows(IllegalArgumentException.class,
                        () -> BarCharts.of("x", List.of("a", "b"), new double[3])).getMessage());
    }

    @Test
    void histogramCountsEveryValueOnce() throws Exception {
        Random r = new Random(2);
        double[] v = r.doubles(1000).map(u -> u * u).toArray();
        CategoryChart chart = Histograms.of("u²", v, 20);
        List<?> counts = List.copyOf(chart.getSeriesMap().get("u²").getYData());
        assertEquals(20, counts.size());
        assertEquals(1000.0, counts.stream().mapToDouble(c -> ((Number) c).doubleValue()).sum());
        assertTrue(((Number) counts.get(0)).doubleValue() > ((Number) counts.get(19)).doubleValue(),
                "u² piles up near 0");
        renderPng(chart, "histogram", 500, 300);
        assertEquals("bins must be >= 1, but is 0",
                assertThrows(IllegalArgumentException.class, () -> Histograms.of("x", v, 0)).getMessage());
    }

    @Test
    void heatMapPutsRowZeroOnTop() throws Exception {
        double[][] m = {{9, 1, 0}, {1, 8, 2}, {0, 3, 7}};
        HeatMapChart chart = HeatMaps.of("confusion", m, List.of("a", "b", "c"), List.of("a", "b", "c"));
        List<? extends Number[]> heat = chart.getHeatMapSeries().getHeatData();
        Number[] first = heat.get(0);
        assertArrayEquals(new Number[] {0, 2, 9.0}, first, "row 0 is drawn at the top (y index 2)");
        assertEquals(List.of("c", "b", "a"), chart.getHeatMapSeries().getYData());
        renderPng(chart, "heatmap", 500, 400);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> HeatMaps.of("x", new double[][] {{1, 2}, {3}})).getMessage().contains("rectangular"));

        Table t = Table.create("scores", StringColumn.create("model", "mlp", "cnn"),
                DoubleColumn.create("accuracy", 0.9, 0.97), DoubleColumn.create("f1", 0.88, 0.96));
        HeatMapChart fromTable = HeatMaps.of(t, "model");
        assertEquals(List.of("accuracy", "f1"), fromTable.getHeatMapSeries().getXData());
        assertEquals(List.of("cnn", "mlp"), fromTable.getHeatMapSeries().getYData());
        assertArrayEquals(new Number[] {1, 1, 0.88}, fromTable.getHeatMapSeries().getHeatData().get(1),
                "mlp (row 0, top) · f1");
        renderPng(fromTable, "heatmap-table", 400, 250);
    }

    @Test
    void imageGridLaysOutDigits() throws Exception {
        double[][] images = new double[12][64];
        for (int n = 0; n < 12; n++) {
            for (int i = 0; i < 8; i++) {
                images[n][i * 8 + (n % 8)] = 16; // a vertical stroke at column n mod 8
            }
        }
        BufferedImage grid = ImageGrid.of(images, 8, 8).columns(5).scale(3).image();
        assertEquals(5 * (8 * 3 + 2) + 2, grid.getWidth());
        assertEquals(3 * (8 * 3 + 2) + 2, grid.getHeight());
        // image 6 sits in row 1, column 1; its stroke is at column 6 → black; column 0 → white
        int x0 = 2 + 26;
        int y0 = 2 + 26;
        assertEquals(Color.BLACK.getRGB(), grid.getRGB(x0 + 6 * 3 + 1, y0 + 4 * 3));
        assertEquals(Color.WHITE.getRGB(), grid.getRGB(x0 + 1, y0 + 4 * 3));
        BufferedImage captioned = ImageGrid.of(Nd4j.create(images), 8, 8).columns(4).scale(4)
                .captions(Arrays.stream(new int[12]).mapToObj(i -> "7").toArray(String[]::new)).image();
        assertEquals(3 * (8 * 4 + 2 + 14) + 2, captioned.getHeight());
        Charts.savePng(captioned, PREVIEW.resolve("digits.png"));
        assertNotBlank(ImageIO.read(PREVIEW.resolve("digits.png").toFile()));
        assertEquals("images[0] must have 8·8 = 64 values, but has 3", assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.of(new double[][] {{1, 2, 3}}, 8, 8)).getMessage());
    }

    @Test
    void imageGridScalesTogetherOrEachOnItsOwnRange() {
        // a strong stroke (value 10) and a faint one (value 1), and an image of zeros
        double[][] images = new double[3][4];
        images[0][0] = 10;
        images[1][0] = 1;
        BufferedImage shared = ImageGrid.of(images, 2, 2).scale(1).image();
        BufferedImage own = ImageGrid.of(images, 2, 2).scale(1).eachOwnRange().image();
        int cell = 2 + 2;   // width·scale + gap
        // together: the faint stroke is light grey (ink 255·1/10 ≈ 26); on its own range it is black
        assertEquals(new Color(229, 229, 229).getRGB(), shared.getRGB(2 + cell, 2));
        assertEquals(Color.BLACK.getRGB(), own.getRGB(2 + cell, 2));
        assertEquals(Color.BLACK.getRGB(), own.getRGB(2, 2));
        // an image whose values are all equal stays white either way
        assertEquals(Color.WHITE.getRGB(), own.getRGB(2 + 2 * cell, 2));
        assertEquals(Color.WHITE.getRGB(), shared.getRGB(2 + 2 * cell, 2));
    }

    @Test
    void renderingChecksItsArguments() {
        XYChart chart = LineCharts.of("x", new double[] {1, 2}, new double[] {3, 4});
        assertEquals("width and height must be >= 1, but are 0 and 10",
                assertThrows(IllegalArgumentException.class, () -> Charts.image(chart, 0, 10)).getMessage());
        assertEquals("x and y must have the same, non-zero length, but have 2 and 1",
                assertThrows(IllegalArgumentException.class,
                        () -> LineCharts.of("x", new double[] {1, 2}, new double[] {3})).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Charts.savePng(chart, PREVIEW.resolve("wrong.jpg"), 10, 10)).getMessage()
                .contains("must end in .png"));
        BufferedImage image = Charts.image(chart);
        assertEquals(ChartStyle.WIDTH, image.getWidth());
        assertEquals(ChartStyle.HEIGHT, image.getHeight());
    }
}
