package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class SplitTest {

    private static final LabelledData IRIS = Datasets.iris();

    /** Rows identified by their feature values plus label (iris has one duplicate pair, so count as a list). */
    private static List<String> keys(LabelledData data) {
        List<String> keys = new ArrayList<>();
        float[][] rows = data.features().toFloatMatrix();
        int[] labels = data.labelIndices();
        for (int i = 0; i < rows.length; i++) {
            keys.add(Arrays.toString(rows[i]) + labels[i]);
        }
        return keys;
    }

    @Test
    void concatPutsTheSplitBackTogetherInOrder() {
        Split split = IRIS.split(0.6, 0.2, 42);
        LabelledData all = LabelledData.concat("iris, all parts", split.train(), split.validation(), split.test());
        assertEquals(IRIS.size(), all.size());
        assertEquals("iris, all parts", all.name());
        assertEquals(IRIS.classCounts(), all.classCounts());
        List<String> expected = new ArrayList<>(keys(split.train()));
        expected.addAll(keys(split.validation()));
        expected.addAll(keys(split.test()));
        assertEquals(expected, keys(all));
        int n = split.train().size();
        assertArrayEquals(split.validation().labelIndices(),
                Arrays.copyOfRange(all.labelIndices(), n, n + split.validation().size()));
    }

    @Test
    void concatRejectsPartsOfDifferentDatasets() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> LabelledData.concat("x"));
        assertTrue(none.getMessage().contains("at least one part"), none.getMessage());
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> LabelledData.concat("x", IRIS, Datasets.wine()));
        assertTrue(mixed.getMessage().contains("wine") && mixed.getMessage().contains("13 features"), mixed.getMessage());
    }

    @Test
    void stratifiedSplitKeepsClassProportionsAndEveryRowOnce() {
        Split split = IRIS.split(0.7, 0.15, 42);
        assertEquals(Map.of("setosa", 35, "versicolor", 35, "virginica", 35), split.train().classCounts());
        assertEquals(Map.of("setosa", 8, "versicolor", 8, "virginica", 8), split.validation().classCounts());
        assertEquals(Map.of("setosa", 7, "versicolor", 7, "virginica", 7), split.test().classCounts());
        List<String> all = new ArrayList<>(keys(split.train()));
        all.addAll(keys(split.validation()));
        all.addAll(keys(split.test()));
        List<String> expected = keys(IRIS);
        all.sort(null);
        expected.sort(null);
        assertEquals(expected, all);
        assertEquals("iris/train", split.train().name());
    }

    @Test
    void splitIsReproducibleFromTheSeedAndShuffled() {
        Split a = IRIS.split(0.7, 0.15, 42);
        Split b = IRIS.split(0.7, 0.15, 42);
        Split c = IRIS.split(0.7, 0.15, 43);
        assertEquals(a.train().features(), b.train().features());
        assertArrayEquals(a.test().labelIndices(), b.test().labelIndices());
        assertFalse(a.train().features().equals(c.train().features()));
        int[] labels = a.train().labelIndices();
        int[] sorted = labels.clone();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(sorted, labels), "train rows should be shuffled, not grouped by class");
    }

    @Test
    void fractionsOutsideTheOpenIntervalAreRejected() {
        for (double bad : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IRIS.split(bad, 0.1, 1));
            assertTrue(e.getMessage().startsWith("train must be in (0, 1), but is " + bad), e.getMessage());
        }
        IllegalArgumentException val = assertThrows(IllegalArgumentException.class, () -> IRIS.split(0.5, 0, 1));
        assertEquals("validation must be in (0, 1), but is 0.0", val.getMessage());
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class, () -> IRIS.split(0.8, 0.2, 1));
        assertTrue(sum.getMessage().contains("train + validation must be below 1"), sum.getMessage());
    }

    @Test
    void emptyPartIsReported() {
        LabelledData tiny = LabelledData.of("tiny", Nd4j.create(new float[][] {{1}, {2}, {3}, {4}}),
                new int[] {0, 0, 1, 1}, List.of("a", "b"), List.of("x"));
        DataException e = assertThrows(DataException.class, () -> tiny.split(0.5, 0.2, 1));
        assertTrue(e.getMessage().contains("leaves the validation part empty"), e.getMessage());
    }

    @Test
    void kFoldValidatesEveryRowExactlyOnceAndStratifies() {
        List<Fold> folds = IRIS.kFold(5, 7);
        assertEquals(5, folds.size());
        List<String> validated = new ArrayList<>();
        for (Fold fold : folds) {
            assertEquals(30, fold.validation().size());
            assertEquals(120, fold.train().size());
            assertEquals(Map.of("setosa", 10, "versicolor", 10, "virginica", 10), fold.validation().classCounts());
            Set<String> train = new HashSet<>(keys(fold.train()));
            keys(fold.validation()).forEach(k -> assertTrue(!train.contains(k) || k.equals(duplicateRow()), k));
            validated.addAll(keys(fold.validation()));
        }
        List<String> expected = keys(IRIS);
        validated.sort(null);
        expected.sort(null);
        assertEquals(expected, validated);
        assertThrows(IllegalArgumentException.class, () -> IRIS.kFold(1, 7));
        assertThrows(IllegalArgumentException.class, () -> IRIS.kFold(151, 7));
    }

    /** Iris rows 102 and 143 are identical, so they may sit in a fold's train and validation parts at once. */
    private static String duplicateRow() {
        return Arrays.toString(new float[] {5.8f, 2.7f, 5.1f, 1.9f}) + 2;
    }

    @Test
    void sampleIsStratifiedAndBounded() {
        LabelledData sample = Datasets.breastCancer().sample(100, 3);
        assertEquals(100, sample.size());
        assertEquals(Map.of("malignant", 37, "benign", 63), sample.classCounts());
        assertThrows(IllegalArgumentException.class, () -> IRIS.sample(0, 3));
        assertThrows(IllegalArgumentException.class, () -> IRIS.sample(151, 3));
    }

    @Test
    void fastSamplesOnlyInFastMode() {
        LabelledData fast = IRIS.fast(30, 1);
        if (org.dlnotes.core.FastMode.enabled()) {
            assertEquals(Map.of("setosa", 10, "versicolor", 10, "virginica", 10), fast.classCounts());
        } else {
            assertTrue(fast == IRIS, "without fast mode the dataset is returned unchanged");
        }
        assertTrue(IRIS.fast(150, 1) == IRIS, "asking for every row never samples");
    }

    @Test
    void invalidInputToOfIsRejected() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> LabelledData.of("x",
                Nd4j.create(new float[][] {{1, Float.NaN}}), new int[] {0}, List.of("a", "b"), List.of("p", "q")));
        assertEquals("features[0, q] is NaN; every feature must be a finite number", nan.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class, () -> LabelledData.of("x",
                Nd4j.create(new float[][] {{1}}), new int[] {2}, List.of("a", "b"), List.of("p")));
        assertEquals("labels[0] is 2, outside [0, 2) for classes [a, b]", label.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> LabelledData.of("x",
                Nd4j.create(new float[][] {{1}, {2}}), new int[] {0}, List.of("a", "b"), List.of("p")));
        assertEquals("features has 2 rows but labels has 1 entries", rows.getMessage());
    }

    @Test
    void featuresAreDefensiveCopies() {
        LabelledData data = Datasets.iris();
        data.features().putScalar(0, 0, 99f);
        assertEquals(5.1f, data.features().getFloat(0, 0));
    }
}
