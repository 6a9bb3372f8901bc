package org.dlnotes.charts;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * XChart output in one place: a chart becomes a {@link BufferedImage} (what a notebook cell shows inline in every
 * Java kernel), a PNG or an SVG file; plus log-scale axes. The chart factories ({@link LineCharts},
 * {@link ScatterCharts}, {@link BarCharts}, {@link Histograms}, {@link HeatMaps}) share {@link ChartStyle}.
 */
public final class Charts {

    private Charts() {
    }

    /**
     * Renders the chart to an image; end a notebook cell with this to show the chart inline in any Java kernel.
     * Tooltips are switched off first: XChart 3.8.8's bitmap encoder fails with a NullPointerException when they
     * are on and no window exists.
     */
    public static BufferedImage image(Chart<?, ?> chart) {
        Objects.requireNonNull(chart, "chart");
        chart.getStyler().setToolTipsEnabled(false);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Renders the chart at {@code width}×{@code height} pixels instead of the size it was created with; the
     * layout adapts (fonts keep their size), and the chart keeps the new size for later renders.
     */
    public static BufferedImage image(Chart<?, ?> chart, int width, int height) {
        Objects.requireNonNull(chart, "chart");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("width and height must be >= 1, but are " + width + " and " + height);
        }
        chart.getStyler().setToolTipsEnabled(false);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            chart.paint(g, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes the chart as a PNG file of {@code width}×{@code height} pixels and returns the path written. */
    public static Path savePng(Chart<?, ?> chart, Path file, int width, int height) {
        requireExtension(file, ".png");
        return savePng(image(chart, width, height), file);
    }

    /** Writes an image (e.g. an {@link ImageGrid}) as a PNG file and returns the path written. */
    public static Path savePng(BufferedImage image, Path file) {
        Objects.requireNonNull(image, "image");
        return write(file, ".png", path -> ImageIO.write(image, "png", path.toFile()));
    }

    /** Switches the chart's x axis to a logarithmic scale (all x values must be > 0) and returns it. */
    public static <C extends XYChart> C logX(C chart) {
        Objects.requireNonNull(chart, "chart").getStyler().setXAxisLogarithmic(true);
        return chart;
    }

    /** Switches the chart's y axis to a logarithmic scale (all y values must be > 0) and returns it. */
    public static <C extends XYChart> C logY(C chart) {
        Objects.requireNonNull(chart, "chart").getStyler().setYAxisLogarithmic(true);
        return chart;
    }

    /** Writes the chart as a PNG file (parent folders are created) and returns the path written. */
    public static Path savePng(Chart<?, ?> chart, Path file) {
        Objects.requireNonNull(chart, "chart");
        chart.getStyler().setToolTipsEnabled(false);
        return write(file, ".png", path -> {
            try (OutputStream out = Files.newOutputStream(path)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        });
    }

    /** Writes the chart as an SVG file (parent folders are created) and returns the path written. */
    public static Path saveSvg(Chart<?, ?> chart, Path file) {
        Objects.requireNonNull(chart, "chart");
        return write(file, ".svg", path -> {
            try (OutputStream out = Files.newOutputStream(path)) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            }
        });
    }

    private interface Writer {
        void write(Path path) throws IOException;
    }

    private static void requireExtension(Path file, String extension) {
        Objects.requireNonNull(file, "file");
        String name = file.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(extension)) {
            throw new IllegalArgumentException("file must end in " + extension + ", but is " + file);
        }
    }

    private static Path write(Path file, String extension, Writer writer) {
        requireExtension(file, extension);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            writer.write(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write chart to " + file + ": " + e.getMessage(), e);
        }
    }
}
