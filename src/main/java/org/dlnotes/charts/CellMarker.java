package org.dlnotes.charts;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.Marker;

/**
 * A filled rectangle one grid cell ({@code dx × dy} in data units) wide and high, whatever size the chart is painted
 * at: a scatter series of cell centres with this marker paints a raster (decision regions, loss surfaces).
 */
final class CellMarker extends Marker {

    private final XYChart chart;
    private final double dx;
    private final double dy;

    CellMarker(XYChart chart, double dx, double dy) {
        this.chart = chart;
        this.dx = dx;
        this.dy = dy;
    }

    @Override
    public void paint(Graphics2D g, double xOffset, double yOffset, int markerSize) {
        double w = Math.abs(chart.getScreenXFromChart(dx) - chart.getScreenXFromChart(0)) + 1;
        double h = Math.abs(chart.getScreenYFromChart(dy) - chart.getScreenYFromChart(0)) + 1;
        g.fill(new Rectangle2D.Double(xOffset - w / 2, yOffset - h / 2, w, h));
    }
}
