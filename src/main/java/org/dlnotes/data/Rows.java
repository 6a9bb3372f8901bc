package org.dlnotes.data;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row selection (first dimension = examples) for float arrays of any rank, by copying rows of a Java array.
 * Measured on 8,000 MNIST rows: 125 batches of 64 took 0.2 to 1 s with {@code Nd4j.pullRows}, a few ms this way.
 */
final class Rows {

    private final float[] data;
    private final long[] shape;
    private final int width;

    Rows(INDArray array) {
        this.data = array.castTo(DataType.FLOAT).dup('c').data().asFloat();
        this.shape = array.shape();
        this.width = (int) (array.length() / shape[0]);
    }

    /** The given rows, in that order, as a new array. */
    INDArray select(int[] rows) {
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(data, rows[i] * width, out, i * width, width);
        }
        long[] newShape = Arrays.copyOf(shape, shape.length);
        newShape[0] = rows.length;
        return Nd4j.create(out, newShape, 'c');
    }

    /** The given rows of {@code array} ({@code null} stays {@code null}). */
    static INDArray select(INDArray array, int[] rows) {
        return array == null ? null : new Rows(array).select(rows);
    }
}
