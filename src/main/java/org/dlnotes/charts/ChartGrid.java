package org.dlnotes.charts;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Several charts side by side in one image, row by row, each rendered at the same cell size: a panel of small
 * multiples for a notebook cell.
 *
 * <pre>{@code
 * BufferedImage panel = ChartGrid.of(List.of(lineChart, barChart, pieChart), 3, 400, 300);
 * }</pre>
 */
public final class ChartGrid {

    private ChartGrid() {
    }

    /**
     * The charts in a grid of {@code columns} columns (the last row may be partly empty), each drawn at
     * {@code cellWidth}×{@code cellHeight} pixels on white. Each chart keeps that size for later renders.
     *
     * @throws IllegalArgumentException if charts is empty or holds null, or a size or columns is &lt; 1
     */
    public static BufferedImage of(List<? extends Chart<?, ?>> charts, int columns, int cellWidth, int cellHeight) {
        Objects.requireNonNull(charts, "charts");
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("charts must not be empty");
        }
        if (columns < 1 || cellWidth < 1 || cellHeight < 1) {
            throw new IllegalArgumentException("columns, cellWidth and cellHeight must be >= 1, but are " + columns
                    + ", " + cellWidth + " and " + cellHeight);
        }
        for (int i = 0; i < charts.size(); i++) {
            if (charts.get(i) == null) {
                throw new IllegalArgumentException("charts[" + i + "] is null");
            }
        }
        int cols = Math.min(columns, charts.size());
        int rows = (charts.size() + cols - 1) / cols;
        BufferedImage image = new BufferedImage(cols * cellWidth, rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                BufferedImage cell = Charts.image(charts.get(i), cellWidth, cellHeight);
                g.drawImage(cell, (i % cols) * cellWidth, (i / cols) * cellHeight, null);
            }
        } finally {
            g.dispose();
        }
        return image;
    }
}
