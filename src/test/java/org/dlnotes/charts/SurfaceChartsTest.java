package org.dlnotes.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class SurfaceChartsTest {

    private static XYChart bowl(int bands) {
        return SurfaceCharts.contour("bowl", "x", "y", new double[] {-2, 2}, new double[] {-1, 1},
                (x, y) -> x * x + 4 * y * y, bands);
    }

    @Test
    void bandsCoverTheGridInEqualShares() {
        XYChart chart = bowl(8);
        List<XYSeries> bands = chart.getSeriesMap().values().stream().filter(s -> !s.isShowInLegend()).toList();
        assertEquals(8, bands.size());
        int cells = bands.stream().mapToInt(s -> s.getXData().length).sum();
        assertEquals(SurfaceCharts.RESOLUTION * SurfaceCharts.RESOLUTION, cells);
        for (XYSeries band : bands) {
            assertEquals(cells / 8.0, band.getXData().length, cells / 8.0 * 0.05, band.getName());
        }
        // the lowest band holds the minimum at the centre; it is drawn darkest
        XYSeries lowest = chart.getSeriesMap().get("band 0");
        double maxRadius = 0;
        for (int i = 0; i < lowest.getXData().length; i++) {
            double x = lowest.getXData()[i];
            double y = lowest.getYData()[i];
            maxRadius = Math.max(maxRadius, x * x + 4 * y * y);
        }
        assertTrue(maxRadius < 1, "band 0 reaches loss " + maxRadius);
        assertTrue(lowest.getMarkerColor().getRed() < chart.getSeriesMap().get("band 7").getMarkerColor().getRed());
    }

    @Test
    void pathsAndPointsTakeTheNextColoursAndShowInTheLegend() throws Exception {
        XYChart chart = bowl(10);
        XYSeries a = SurfaceCharts.addPath(chart, "slow", new double[] {1.5, 1.2, 1.0}, new double[] {0.8, 0.5, 0.3});
        XYSeries b = SurfaceCharts.addPath(chart, "fast", new double[] {-1.5, 0, 1}, new double[] {0.8, -0.8, 0.6});
        XYSeries m = SurfaceCharts.addPoint(chart, "minimum", 0, 0);
        assertEquals(ChartStyle.color(1), a.getLineColor());
        assertEquals(ChartStyle.color(2), b.getLineColor());
        assertEquals(ChartStyle.color(3), m.getMarkerColor());
        assertTrue(a.isShowInLegend());
        BufferedImage image = Charts.image(chart);
        assertEquals(ChartStyle.WIDTH, image.getWidth());
        Charts.savePng(chart, Path.of("target", "chart-preview", "surface.png"));
    }

    @Test
    void badArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> SurfaceCharts.contour("t", "x", "y",
                new double[] {1, 1}, new double[] {0, 1}, (x, y) -> x, 5));
        assertTrue(e.getMessage().contains("xRange") && e.getMessage().contains("[1.0, 1.0]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bowl(1));
        e = assertThrows(IllegalArgumentException.class, () -> SurfaceCharts.contour("t", "x", "y",
                new double[] {-1, 1}, new double[] {-1, 1}, (x, y) -> Math.log(x), 5));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SurfaceCharts.addPath(bowl(3), "p", new double[] {1}, new double[] {1, 2}));
        assertFalse(bowl(3).getSeriesMap().isEmpty());
    }
}
