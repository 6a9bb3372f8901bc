package org.dlnotes.charts;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * XChart output in one place: a chart becomes a {@link BufferedImage} (what a notebook cell shows inline in every
 * Java kernel), a PNG or an SVG file.
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

    private static Path write(Path file, String extension, Writer writer) {
        Objects.requireNonNull(file, "file");
        String name = file.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(extension)) {
            throw new IllegalArgumentException("file must end in " + extension + ", but is " + file);
        }
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
