package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

class BatchesTest {

    /** Sepal length × 10 identifies most iris rows; collect it to compare orders. */
    private static List<Float> epoch(DataSetIterator it, List<Integer> sizes) {
        List<Float> values = new ArrayList<>();
        while (it.hasNext()) {
            DataSet batch = it.next();
            sizes.add(batch.numExamples());
            for (float v : batch.getFeatures().getColumn(0).toFloatVector()) {
                values.add(v);
            }
            assertEquals(batch.numExamples(), batch.getLabels().sumNumber().intValue());
        }
        return values;
    }

    @Test
    void batchesCoverEveryRowOnceWithASmallerLastBatch() {
        LabelledData iris = Datasets.iris();
        DataSetIterator it = iris.batches(32, 5);
        List<Integer> sizes = new ArrayList<>();
        List<Float> first = epoch(it, sizes);
        assertEquals(List.of(32, 32, 32, 32, 22), sizes);
        List<Float> sorted = new ArrayList<>(first);
        sorted.sort(null);
        List<Float> expected = new ArrayList<>();
        for (float v : iris.features().getColumn(0).toFloatVector()) {
            expected.add(v);
        }
        expected.sort(null);
        assertEquals(expected, sorted);
        assertEquals(List.of("setosa", "versicolor", "virginica"), it.getLabels());
        assertEquals(4, it.inputColumns());
        assertEquals(3, it.totalOutcomes());
        assertThrows(NoSuchElementException.class, it::next);

        it.reset();
        List<Float> second = epoch(it, new ArrayList<>());
        assertFalse(first.equals(second), "each epoch should draw a new order");
        assertEquals(first, epoch(iris.batches(32, 5), new ArrayList<>()), "same seed, same order");
    }

    @Test
    void rejectsNonPositiveBatchSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.iris().batches(0, 1));
        assertEquals("batchSize must be at least 1, but is 0", e.getMessage());
    }

    @Test
    void batchesKeepFeatureRowsWithTheirLabels() {
        LabelledData wine = Datasets.wine();
        DataSetIterator it = wine.batches(50, 9);
        float[][] all = wine.features().toFloatMatrix();
        int[] labels = wine.labelIndices();
        while (it.hasNext()) {
            DataSet batch = it.next();
            for (int i = 0; i < batch.numExamples(); i++) {
                float[] row = batch.getFeatures().getRow(i).toFloatVector();
                int match = -1;
                for (int r = 0; r < all.length; r++) {
                    if (java.util.Arrays.equals(all[r], row)) {
                        match = r;
                    }
                }
                float[] oneHot = new float[3];
                oneHot[labels[match]] = 1;
                assertArrayEquals(oneHot, batch.getLabels().getRow(i).toFloatVector());
            }
        }
    }
}
