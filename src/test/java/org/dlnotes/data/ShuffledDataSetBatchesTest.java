package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

class ShuffledDataSetBatchesTest {

    @Test
    void sameRowOrderAsLabelledDataBatchesWithTheSameSeed() {
        INDArray x = Nd4j.arange(20).reshape(10, 2).castTo(DataType.FLOAT);
        int[] labels = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        LabelledData data = LabelledData.of("t", x, labels, List.of("a", "b"), List.of("f0", "f1"));
        // extra label columns: the one-hot labels and the row index
        INDArray extra = Nd4j.hstack(data.labels(), Nd4j.arange(10).reshape(10, 1).castTo(DataType.FLOAT));
        DataSetIterator plain = data.batches(4, 7);
        DataSetIterator wide = Batches.shuffled(new DataSet(data.features(), extra), 4, 7);
        for (int epoch = 0; epoch < 2; epoch++) {
            plain.reset();
            wide.reset();
            int batches = 0;
            while (plain.hasNext()) {
                DataSet a = plain.next();
                DataSet b = wide.next();
                assertEquals(a.getFeatures(), b.getFeatures());
                assertEquals(a.getLabels(), b.getLabels().getColumns(0, 1));
                batches++;
            }
            assertEquals(3, batches);
            assertEquals(false, wide.hasNext());
        }
    }

    @Test
    void rowsMustAgree() {
        DataSet bad = new DataSet(Nd4j.rand(3, 2), Nd4j.rand(4, 2));
        assertEquals("data has 3 feature rows but 4 label rows",
                assertThrows(IllegalArgumentException.class, () -> Batches.shuffled(bad, 2, 1)).getMessage());
    }
}
