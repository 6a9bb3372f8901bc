package org.dlnotes.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class ChartGridTest {

    private static XYChart line(String name) {
        return LineCharts.of(name, new double[] {0, 1, 2}, new double[] {0, 1, 4});
    }

    @Test
    void placesChartsRowByRowAtTheCellSize() {
        BufferedImage image = ChartGrid.of(List.of(line("a"), line("b"), line("c")), 2, 200, 150);
        assertEquals(400, image.getWidth());
        assertEquals(300, image.getHeight());
        // the three cells are drawn (some non-white pixels), the empty fourth cell stays white
        assertTrue(nonWhite(image, 0, 0) > 100);
        assertTrue(nonWhite(image, 200, 0) > 100);
        assertTrue(nonWhite(image, 0, 150) > 100);
        assertEquals(0, nonWhite(image, 200, 150));
        // fewer charts than columns: one row, as wide as the charts
        assertEquals(200, ChartGrid.of(List.of(line("a")), 3, 200, 150).getWidth());
    }

    @Test
    void rejectsBadArguments() {
        assertEquals("charts must not be empty", assertThrows(IllegalArgumentException.class,
                () -> ChartGrid.of(List.of(), 2, 10, 10)).getMessage());
        assertEquals("columns, cellWidth and cellHeight must be >= 1, but are 0, 10 and 10",
                assertThrows(IllegalArgumentException.class, () -> ChartGrid.of(List.of(line("a")), 0, 10, 10))
                        .getMessage());
    }

    private static int nonWhite(BufferedImage image, int x0, int y0) {
        int count = 0;
        for (int y = y0; y < y0 + 150; y++) {
            for (int x = x0; x < x0 + 200; x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    count++;
                }
            }
        }
        return count;
    }
}
