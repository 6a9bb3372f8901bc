package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

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

    @Test
    void shuffledDataSetGivesTheRowOrderOfLabelledDataBatchesWithTheSameSeed() {
        INDArray x = Nd4j.arange(20).reshape(10, 2).castTo(DataType.FLOAT);
        int[] labels = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        LabelledData data = LabelledData.of("t", x, labels, List.of("a", "b"), List.of("f0", "f1"));
        // extra label columns: the one-hot labels and the row index
        INDArray extra = Nd4j.hstack(data.labels(), Nd4j.arange(10).reshape(10, 1).castTo(DataType.FLOAT));
        DataSetIterator plain = data.batches(4, 7);
        DataSetIterator wide = Batches.shuffled(new DataSet(data.features(), extra), 4, 7);
        List<Float> firstEpoch = null;
        for (int epoch = 0; epoch < 2; epoch++) {
            plain.reset();
            wide.reset();
            List<Float> rows = new ArrayList<>();
            int batches = 0;
            while (plain.hasNext()) {
                DataSet a = plain.next();
                DataSet b = wide.next();
                assertEquals(a.getFeatures(), b.getFeatures());
                assertEquals(a.getLabels(), b.getLabels().getColumns(0, 1));
                for (float v : b.getLabels().getColumn(2).toFloatVector()) {
                    rows.add(v);
                }
                batches++;
            }
            assertEquals(3, batches);
            assertFalse(wide.hasNext());
            assertEquals(10, rows.stream().distinct().count(), "every row once: " + rows);
            if (firstEpoch == null) {
                firstEpoch = rows;
            } else {
                assertFalse(rows.equals(firstEpoch), "a new order each epoch: " + rows);
            }
        }
    }

    @Test
    void shuffledDataSetRowsMustAgree() {
        DataSet bad = new DataSet(Nd4j.rand(3, 2), Nd4j.rand(4, 2));
        assertEquals("data has 3 feature rows but 4 label rows",
                assertThrows(IllegalArgumentException.class, () -> Batches.shuffled(bad, 2, 1)).getMessage());
    }
}
