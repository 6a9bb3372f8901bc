package org.dlnotes.data;

import java.util.Arrays;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Data augmentation for image datasets ({@link Datasets#digits()}, {@link Datasets#mnistTrain()}): images moved by
 * whole pixels, the vacated border filled with 0 (background). A digit moved by a pixel or two is still the same
 * digit, so the shifted copies are new labelled examples for free.
 *
 * <pre>{@code
 * LabelledData bigger = ImageShifts.augment(train, 1);   // originals + 4 copies moved 1 pixel left/right/up/down
 * LabelledData right = ImageShifts.shift(train, 2, 0);   // every image 2 pixels to the right
 * }</pre>
 */
public final class ImageShifts {

    private ImageShifts() {
    }

    /**
     * Every image moved {@code dx} pixels right (negative: left) and {@code dy} pixels down (negative: up).
     *
     * @throws IllegalStateException if the dataset does not hold images
     * @throws IllegalArgumentException if a shift is as large as the image
     */
    public static LabelledData shift(LabelledData images, int dx, int dy) {
        Objects.requireNonNull(images, "images");
        int[] shape = images.imageShape();
        if (shape.length == 0) {
            throw new IllegalStateException("Dataset '" + images.name() + "' does not hold images; shifts need an"
                    + " image dataset such as Datasets.digits() or Datasets.mnistTrain().");
        }
        int h = shape[1];
        int w = shape[2];
        if (Math.abs(dx) >= w || Math.abs(dy) >= h) {
            throw new IllegalArgumentException("shift (dx, dy) must be smaller than the image " + w + "×" + h
                    + ", but is (" + dx + ", " + dy + ")");
        }
        INDArray in = images.images();
        INDArray out = Nd4j.zeros(in.dataType(), in.shape());
        out.get(NDArrayIndex.all(), NDArrayIndex.all(), range(dy, h), range(dx, w))
                .assign(in.get(NDArrayIndex.all(), NDArrayIndex.all(), range(-dy, h), range(-dx, w)));
        int[] labels = images.labelIndices();
        return LabelledData.of(images.name() + "/shift(" + dx + "," + dy + ")", out.reshape('c', labels.length,
                (long) shape[0] * h * w), labels, images.classes(), images.featureNames(), shape);
    }

    /**
     * The images followed by four shifted copies: {@code pixels} right, left, down and up (5× the rows, labels
     * repeated in that order).
     */
    public static LabelledData augment(LabelledData images, int pixels) {
        if (pixels < 1) {
            throw new IllegalArgumentException("pixels must be >= 1, but is " + pixels);
        }
        LabelledData[] parts = {images, shift(images, pixels, 0), shift(images, -pixels, 0), shift(images, 0, pixels),
                shift(images, 0, -pixels)};
        INDArray features = Nd4j.vstack(Arrays.stream(parts).map(LabelledData::features).toArray(INDArray[]::new));
        int n = images.size();
        int[] labels = new int[n * parts.length];
        int[] original = images.labelIndices();
        for (int p = 0; p < parts.length; p++) {
            System.arraycopy(original, 0, labels, p * n, n);
        }
        return LabelledData.of(images.name() + "/augmented", features, labels, images.classes(),
                images.featureNames(), images.imageShape());
    }

    /** Destination (shift ≥ 0) or source (shift &lt; 0) window of a dimension of size n moved by {@code shift}. */
    private static INDArrayIndex range(int shift, int n) {
        return shift >= 0 ? NDArrayIndex.interval(shift, n) : NDArrayIndex.interval(0, n + shift);
    }
}
