package org.dlnotes.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Arrays;
import java.util.Objects;

import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The house style shared by every dlnotes chart: white background, light grid, one colour-blind-friendly palette
 * (Okabe–Ito), sans-serif fonts, legend below the plot, tooltips off (XChart 3.8.8's bitmap encoder fails with
 * them on). Charts are created at {@value #WIDTH}×{@value #HEIGHT}; {@link Charts#image(Chart, int, int)} renders
 * any other size.
 */
public final class ChartStyle {

    /** Default chart width in pixels. */
    public static final int WIDTH = 640;
    /** Default chart height in pixels. */
    public static final int HEIGHT = 400;

    private static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115), new Color(213, 94, 0),
        new Color(204, 121, 167), new Color(86, 180, 233), new Color(240, 228, 66), new Color(0, 0, 0),
        new Color(127, 127, 127), new Color(153, 102, 51)
    };
    private static final Color GRID = new Color(225, 225, 225);
    private static final Color TEXT = new Color(40, 40, 40);

    private ChartStyle() {
    }

    /** The {@code i}-th colour of the palette (it repeats after 10); class {@code k} is drawn in {@code color(k)}. */
    public static Color color(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("i must be >= 0, but is " + i);
        }
        return PALETTE[i % PALETTE.length];
    }

    /** {@code color} mixed with white; {@code amount} 0 keeps it, 1 gives white. */
    public static Color tint(Color color, double amount) {
        Objects.requireNonNull(color, "color");
        if (!(amount >= 0 && amount <= 1)) {
            throw new IllegalArgumentException("amount must be in [0, 1], but is " + amount);
        }
        return new Color(mix(color.getRed(), amount), mix(color.getGreen(), amount), mix(color.getBlue(), amount));
    }

    private static int mix(int c, double amount) {
        return (int) Math.round(c + (255 - c) * amount);
    }

    /** Applies the house style to a chart and returns it. */
    public static <C extends Chart<?, ?>> C apply(C chart) {
        Objects.requireNonNull(chart, "chart");
        Styler s = chart.getStyler();
        s.setToolTipsEnabled(false);
        s.setAntiAlias(true);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartFontColor(TEXT);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setChartTitleBoxVisible(false);
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        if (!(s instanceof HeatMapStyler)) {
            s.setLegendPosition(Styler.LegendPosition.OutsideS);
            s.setLegendLayout(Styler.LegendLayout.Horizontal);
            s.setLegendBorderColor(Color.WHITE);
        }
        s.setPlotBorderVisible(false);
        s.setChartPadding(12);
        s.setSeriesColors(PALETTE);
        Marker[] markers = new Marker[PALETTE.length];
        Arrays.fill(markers, SeriesMarkers.CIRCLE);
        s.setSeriesMarkers(markers);
        BasicStroke[] lines = new BasicStroke[PALETTE.length];
        Arrays.fill(lines, new BasicStroke(2f));
        s.setSeriesLines(lines);
        if (s instanceof AxesChartStyler a) {
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            a.setAxisTickLabelsColor(TEXT);
            a.setPlotGridLinesColor(GRID);
            a.setPlotGridLinesStroke(new BasicStroke(1f));
            a.setAxisTickMarksColor(GRID);
            a.setPlotMargin(4);
        }
        return chart;
    }
}
