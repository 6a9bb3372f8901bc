package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImageShiftsTest {

    /** Two 3×4 one-channel "images" whose pixel (r, c) holds 1 + r * 4 + c (+ 100 for the second). */
    private static LabelledData tiny() {
        float[][] x = new float[2][12];
        for (int i = 0; i < 2; i++) {
            for (int p = 0; p < 12; p++) {
                x[i][p] = 1 + p + 100 * i;
            }
        }
        List<String> names = new java.util.ArrayList<>();
        for (int p = 0; p < 12; p++) {
            names.add("p" + p);
        }
        return LabelledData.of("tiny", Nd4j.createFromArray(x), new int[] {0, 1}, List.of("a", "b"), names,
                new int[] {1, 3, 4});
    }

    @Test
    void shiftMovesPixelsAndFillsWithZero() {
        LabelledData right = ImageShifts.shift(tiny(), 1, 0);
        // row 0 of image 0 was 1 2 3 4; moved right by one: 0 1 2 3
        INDArray image = right.images().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0));
        assertArrayEquals(new float[] {0, 1, 2, 3}, image.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0)).toFloatVector());
        LabelledData up = ImageShifts.shift(tiny(), 0, -1);
        // image 1 moved up: its first row is the old second row 105..108, the last row is zeros
        float[] pixels = up.features().getRow(1).toFloatVector();
        assertArrayEquals(new float[] {105, 106, 107, 108, 109, 110, 111, 112, 0, 0, 0, 0}, pixels);
        assertArrayEquals(new int[] {0, 1}, up.labelIndices());
        assertArrayEquals(new int[] {1, 3, 4}, up.imageShape());
        // shifting back and forth loses only the border
        LabelledData back = ImageShifts.shift(ImageShifts.shift(tiny(), 2, 1), -2, -1);
        assertEquals(1 + 0, back.features().getFloat(0, 0));
        assertEquals(0, back.features().getFloat(0, 2));
    }

    @Test
    void augmentGivesFiveTimesTheRowsWithTheirLabels() {
        LabelledData digits = Datasets.digits().sample(50, 1);
        LabelledData augmented = ImageShifts.augment(digits, 1);
        assertEquals(250, augmented.size());
        int[] labels = augmented.labelIndices();
        int[] original = digits.labelIndices();
        for (int i = 0; i < labels.length; i++) {
            assertEquals(original[i % 50], labels[i]);
        }
        // the first block is the originals; total ink is kept where the digit does not touch the moved-out border
        assertEquals(digits.features(), augmented.features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0,
                50), org.nd4j.linalg.indexing.NDArrayIndex.all()));
        double ink = digits.features().sumNumber().doubleValue();
        double shiftedInk = augmented.features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(50, 100),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).sumNumber().doubleValue();
        assertTrue(shiftedInk <= ink && shiftedInk > 0.9 * ink, shiftedInk + " vs " + ink);
    }

    @Test
    void badInputFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ImageShifts.shift(Datasets.iris(), 1, 0));
        assertTrue(e.getMessage().contains("iris"), e.getMessage());
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> ImageShifts.shift(tiny(), 4, 0));
        assertTrue(a.getMessage().contains("(4, 0)"), a.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageShifts.augment(tiny(), 0));
    }
}
