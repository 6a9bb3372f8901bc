package org.dlnotes.data;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Row selection for arrays of any rank (first dimension = examples), via Nd4j.pullRows on a 2-D view. */
final class Rows {

    private Rows() {
    }

    static INDArray select(INDArray array, int[] rows) {
        if (array == null) {
            return null;
        }
        long[] shape = array.shape();
        long rest = array.length() / shape[0];
        INDArray flat = array.dup('c').reshape('c', shape[0], rest);
        INDArray picked = Nd4j.pullRows(flat, 1, rows);
        long[] newShape = Arrays.copyOf(shape, shape.length);
        newShape[0] = rows.length;
        return picked.reshape('c', newShape);
    }
}
