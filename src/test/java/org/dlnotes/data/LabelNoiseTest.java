package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class LabelNoiseTest {

    private static int differing(int[] a, int[] b) {
        int count = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                count++;
            }
        }
        return count;
    }

    @Test
    void flipsExactlyTheRoundedFractionEachToAnotherClass() {
        LabelledData digits = Datasets.digits();
        int[] truth = digits.labelIndices();
        for (double rate : new double[] {0, 0.2, 0.4, 1}) {
            LabelNoise.Flipped noisy = LabelNoise.flip(digits, rate, 7);
            int expected = (int) Math.round(rate * digits.size());
            int[] labels = noisy.data().labelIndices();
            // every flipped row got a different class, so the count of changed labels is the count flipped
            assertEquals(expected, differing(truth, labels), "rate " + rate);
            assertEquals(expected, noisy.flippedRows().length, "rate " + rate);
            for (int r : noisy.flippedRows()) {
                assertNotEquals(truth[r], labels[r], "row " + r + " at rate " + rate);
            }
            assertArrayEquals(truth, noisy.originalLabels());
            assertEquals(digits.features(), noisy.data().features());
            assertArrayEquals(digits.imageShape(), noisy.data().imageShape());
        }
    }

    @Test
    void theWrongLabelIsSpreadOverAllOtherClasses() {
        LabelledData digits = Datasets.digits();   // 1 797 rows, 10 classes
        LabelNoise.Flipped noisy = LabelNoise.flip(digits, 1.0, 3);
        int[] truth = digits.labelIndices();
        int[] labels = noisy.data().labelIndices();
        int[] offsets = new int[10];
        for (int i = 0; i < truth.length; i++) {
            offsets[(labels[i] - truth[i] + 10) % 10]++;
        }
        assertEquals(0, offsets[0]);
        // 1 797 rows over 9 offsets: about 200 each; a biased draw (say never offset 9) would fail
        for (int d = 1; d < 10; d++) {
            assertTrue(offsets[d] > 140 && offsets[d] < 260, "offset " + d + ": " + Arrays.toString(offsets));
        }
    }

    @Test
    void theSameSeedFlipsTheSameRowsToTheSameClasses() {
        LabelledData iris = Datasets.iris();
        LabelNoise.Flipped a = LabelNoise.flip(iris, 0.3, 11);
        LabelNoise.Flipped b = LabelNoise.flip(iris, 0.3, 11);
        LabelNoise.Flipped c = LabelNoise.flip(iris, 0.3, 12);
        assertArrayEquals(a.flippedRows(), b.flippedRows());
        assertArrayEquals(a.data().labelIndices(), b.data().labelIndices());
        assertFalse(Arrays.equals(a.flippedRows(), c.flippedRows()));
        int[] sorted = a.flippedRows().clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, a.flippedRows());
    }

    @Test
    void partsSeparateWrongTrueAndUntouchedRows() {
        LabelledData iris = Datasets.iris();
        LabelNoise.Flipped noisy = LabelNoise.flip(iris, 0.2, 5);
        int[] rows = noisy.flippedRows();
        assertEquals(30, noisy.wrong().size());
        assertEquals(120, noisy.untouched().size());
        assertEquals(0.2, noisy.rate(), 1e-12);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(noisy.data().labelIndices()[rows[i]], noisy.wrong().labelIndices()[i]);
            assertEquals(iris.labelIndices()[rows[i]], noisy.truth().labelIndices()[i]);
            assertEquals(iris.features().getRow(rows[i]), noisy.truth().features().getRow(i));
        }
        assertEquals(0, differing(noisy.untouched().labelIndices(),
                Arrays.stream(java.util.stream.IntStream.range(0, 150).filter(r -> Arrays.binarySearch(rows, r) < 0)
                        .toArray()).map(r -> iris.labelIndices()[r]).toArray()));
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> LabelNoise.flip(iris, 0, 5).wrong());
        assertTrue(none.getMessage().contains("no row"), none.getMessage());
    }

    @Test
    void badRatesFailClearly() {
        LabelledData iris = Datasets.iris();
        for (double rate : new double[] {-0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LabelNoise.flip(iris, rate, 1));
            assertTrue(e.getMessage().contains("[0, 1]") && e.getMessage().contains(String.valueOf(rate)),
                    e.getMessage());
        }
        IllegalArgumentException percent = assertThrows(IllegalArgumentException.class,
                () -> LabelNoise.flip(iris, 20, 1));
        assertTrue(percent.getMessage().contains("0.2"), percent.getMessage());
    }
}
