package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

class BinaryLabelsTest {

    private static LabelledData tiny() {
        INDArray features = Nd4j.createFromArray(new float[][] {{0, 10}, {1, 11}, {2, 12}, {3, 13}, {4, 14}});
        return LabelledData.of("tiny", features, new int[] {1, 0, 0, 1, 1}, List.of("no", "yes"), List.of("a", "b"));
    }

    @Test
    void labelsAreOneColumnWithOneForTheSecondClass() {
        INDArray labels = BinaryLabels.labels(tiny());
        assertArrayEquals(new long[] {5, 1}, labels.shape());
        assertArrayEquals(new float[] {1, 0, 0, 1, 1}, labels.toFloatVector());
    }

    @Test
    void breastCancerCountsBenignAsOne() {
        LabelledData cancer = Datasets.breastCancer();
        INDArray labels = BinaryLabels.labels(cancer);
        assertEquals(cancer.classCounts().get(cancer.classes().get(1)), labels.sumNumber().intValue());
        assertEquals(cancer.size(), labels.rows());
    }

    @Test
    void dataSetKeepsTheFeatures() {
        DataSet ds = BinaryLabels.toDataSet(tiny());
        assertEquals(tiny().features(), ds.getFeatures());
        assertArrayEquals(new long[] {5, 1}, ds.getLabels().shape());
    }

    @Test
    void batchesPairEachRowWithItsLabelAndCoverEveryRowOnce() {
        DataSetIterator it = BinaryLabels.batches(tiny(), 2, 3);
        List<Integer> sizes = new ArrayList<>();
        List<Float> firstFeature = new ArrayList<>();
        while (it.hasNext()) {
            DataSet batch = it.next();
            sizes.add(batch.numExamples());
            assertEquals(1, batch.getLabels().columns());
            for (int r = 0; r < batch.numExamples(); r++) {
                float a = batch.getFeatures().getFloat(r, 0);
                firstFeature.add(a);
                float expected = (a == 0 || a == 3 || a == 4) ? 1 : 0;
                assertEquals(expected, batch.getLabels().getFloat(r, 0), "row with a=" + a);
            }
        }
        assertEquals(List.of(2, 2, 1), sizes);
        firstFeature.sort(null);
        assertEquals(List.of(0f, 1f, 2f, 3f, 4f), firstFeature);
    }

    @Test
    void batchesFollowTheSameOrderAsOneHotBatches() {
        LabelledData data = tiny();
        DataSetIterator binary = BinaryLabels.batches(data, 5, 11);
        DataSetIterator oneHot = data.batches(5, 11);
        assertEquals(oneHot.next().getFeatures(), binary.next().getFeatures());
    }

    @Test
    void moreThanTwoClassesIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BinaryLabels.labels(Datasets.iris()));
        assertTrue(e.getMessage().contains("exactly 2 classes"), e.getMessage());
        assertTrue(e.getMessage().contains("iris"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BinaryLabels.batches(tiny(), 0, 1));
    }
}
