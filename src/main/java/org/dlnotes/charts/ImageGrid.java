package org.dlnotes.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Many small grayscale images (e.g. 8×8 or 28×28 digits, one per row) as one picture: a grid with a thin gap,
 * dark ink on white, values scaled from the smallest to the largest value of all images (or of each image, with
 * {@link #eachOwnRange()}), optional caption per image.
 *
 * <pre>{@code
 * BufferedImage digits = ImageGrid.of(features, 8, 8).columns(10).scale(4).captions(labels).image();
 * }</pre>
 */
public final class ImageGrid {

    private final double[][] images;
    private final int height;
    private final int width;
    private int columns;
    private int scale = 4;
    private String[] captions;
    private boolean eachOwnRange;

    private ImageGrid(double[][] images, int height, int width) {
        this.images = images;
        this.height = height;
        this.width = width;
        this.columns = Math.min(images.length, 10);
    }

    /** Images given as rows of {@code height·width} values. */
    public static ImageGrid of(double[][] images, int height, int width) {
        Objects.requireNonNull(images, "images");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("height and width must be >= 1, but are " + height + " and " + width);
        }
        if (images.length == 0) {
            throw new IllegalArgumentException("images must not be empty");
        }
        for (int i = 0; i < images.length; i++) {
            if (images[i].length != height * width) {
                throw new IllegalArgumentException("images[" + i + "] must have " + height + "·" + width + " = "
                        + height * width + " values, but has " + images[i].length);
            }
        }
        return new ImageGrid(images, height, width);
    }

    /** Images given as the rows of a {@code [n, height·width]} array. */
    public static ImageGrid of(INDArray images, int height, int width) {
        Objects.requireNonNull(images, "images");
        if (images.rank() != 2) {
            throw new IllegalArgumentException("images must be a [n, height·width] matrix, but has shape "
                    + Arrays.toString(images.shape()));
        }
        return of(images.toDoubleMatrix(), height, width);
    }

    /** Images per row of the grid (default: up to 10). */
    public ImageGrid columns(int columns) {
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1, but is " + columns);
        }
        this.columns = columns;
        return this;
    }

    /** Screen pixels per image pixel (default 4). */
    public ImageGrid scale(int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, but is " + scale);
        }
        this.scale = scale;
        return this;
    }

    /**
     * Scales each image from its own smallest to its own largest value (default: one range for all images), so that
     * a faint image shows its pattern; an image whose values are all equal stays white.
     */
    public ImageGrid eachOwnRange() {
        this.eachOwnRange = true;
        return this;
    }

    /** One caption per image, drawn below it (e.g. the label, or "7→1" for a mistake). */
    public ImageGrid captions(String... captions) {
        Objects.requireNonNull(captions, "captions");
        if (captions.length != images.length) {
            throw new IllegalArgumentException("captions must have one entry per image (" + images.length
                    + "), but has " + captions.length);
        }
        this.captions = captions.clone();
        return this;
    }

    /** Renders the grid. */
    public BufferedImage image() {
        int gap = 2;
        int captionHeight = captions == null ? 0 : 14;
        int cellW = width * scale + gap;
        int cellH = height * scale + gap + captionHeight;
        int rows = (images.length + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * cellW + gap, rows * cellH + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        double allMin = Arrays.stream(images).flatMapToDouble(Arrays::stream).min().orElseThrow();
        double allMax = Arrays.stream(images).flatMapToDouble(Arrays::stream).max().orElseThrow();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int n = 0; n < images.length; n++) {
            double min = eachOwnRange ? Arrays.stream(images[n]).min().orElseThrow() : allMin;
            double max = eachOwnRange ? Arrays.stream(images[n]).max().orElseThrow() : allMax;
            double span = max > min ? max - min : 1;
            int x0 = gap + (n % columns) * cellW;
            int y0 = gap + (n / columns) * cellH;
            g.setColor(new Color(235, 235, 235));
            g.drawRect(x0 - 1, y0 - 1, width * scale + 1, height * scale + 1);
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    int ink = (int) Math.round(255 * (images[n][r * width + c] - min) / span);
                    int grey = 255 - Math.max(0, Math.min(255, ink));
                    g.setColor(new Color(grey, grey, grey));
                    g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
                }
            }
            if (captions != null) {
                g.setColor(new Color(40, 40, 40));
                g.drawString(captions[n], x0, y0 + height * scale + 12);
            }
        }
        g.dispose();
        return out;
    }
}
