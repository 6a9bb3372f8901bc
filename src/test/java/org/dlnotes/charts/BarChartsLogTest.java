package org.dlnotes.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;

class BarChartsLogTest {

    @Test
    void logAxisStartsAtThePowerOfTenBelowTheSmallestBar() {
        CategoryChart chart = BarCharts.logY(BarCharts.of("GFLOP/s", List.of("fp32", "fp16"), new double[] {41.5, 0.027}));
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals(0.01, chart.getStyler().getYAxisMin(), 1e-15);
        assertEquals(640, Charts.image(chart).getWidth(), "renders");
    }

    @Test
    void rejectsValuesALogAxisCannotShow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BarCharts.logY(BarCharts.of("x", List.of("a", "b"), new double[] {1, 0})));
        assertTrue(e.getMessage().contains("> 0"), e.getMessage());
    }
}
