package org.dlnotes.data;

import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Views of a two-class {@link LabelledData} for a network with <em>one</em> output unit (a sigmoid with binary
 * cross-entropy, e.g. {@code Mlp.logisticRegression(n)}): labels as one column {@code [rows, 1]} holding 1 for the
 * second class ({@code classes().get(1)}) and 0 for the first, instead of the two one-hot columns of
 * {@link LabelledData#labels()}.
 *
 * <pre>{@code
 * LabelledData cancer = Datasets.breastCancer();                 // classes: malignant, benign
 * DataSetIterator train = BinaryLabels.batches(cancer, 32, 42);   // labels [32, 1]: 1 = benign
 * }</pre>
 */
public final class BinaryLabels {

    private BinaryLabels() {
    }

    /**
     * Labels {@code [rows, 1]}, float: 1 where the row is of class 1, 0 where of class 0.
     *
     * @throws IllegalArgumentException if the dataset does not have exactly two classes
     */
    public static INDArray labels(LabelledData data) {
        int[] indices = requireTwoClasses(data).labelIndices();
        float[] values = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            values[i] = indices[i];
        }
        return Nd4j.createFromArray(values).reshape(indices.length, 1).castTo(DataType.FLOAT);
    }

    /** A DL4J DataSet: the features and the one-column labels of {@link #labels(LabelledData)}. */
    public static DataSet toDataSet(LabelledData data) {
        return new DataSet(data.features(), labels(data));
    }

    /**
     * Shuffled batches of one-column labels, reshuffled each epoch, exactly as {@link LabelledData#batches(int, long)}
     * orders its rows.
     *
     * @throws IllegalArgumentException if the dataset does not have exactly two classes or {@code batchSize < 1}
     */
    public static DataSetIterator batches(LabelledData data, int batchSize, long seed) {
        return new ShuffledBatches(toDataSet(data), batchSize, seed);
    }

    private static LabelledData requireTwoClasses(LabelledData data) {
        Objects.requireNonNull(data, "data");
        if (data.classes().size() != 2) {
            throw new IllegalArgumentException("one-column labels need exactly 2 classes, but '" + data.name()
                    + "' has " + data.classes().size() + ": " + data.classes()
                    + "; use LabelledData.labels() (one-hot) with a softmax output instead");
        }
        return data;
    }
}
