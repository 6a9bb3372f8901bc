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

    @Test
    void topShowsTheLargestValuesFirstAndTheNamedExtras() {
        CategoryChart chart = BarCharts.top("importance", List.of("a", "b", "c", "noise", "d"),
                new double[] {0.1, 0.5, 0.3, 0.01, 0.2}, 2, "noise", "b");
        var series = chart.getSeriesMap().values().iterator().next();
        assertEquals(List.of("b", "c", "noise"), series.getXData());
        assertEquals(List.of(0.5, 0.3, 0.01), series.getYData().stream().map(Number::doubleValue).toList());
        assertThrows(IllegalArgumentException.class, () -> BarCharts.top("x", List.of("a"), new double[] {1}, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BarCharts.top("x", List.of("a"), new double[] {1}, 1, "zz"));
        assertTrue(e.getMessage().contains("'zz'"), e.getMessage());
    }
}
