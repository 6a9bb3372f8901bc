package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class MatrixMemoryTest {

    @Test
    void readsWritesAndFindsNonZerosInFloatAndDoubleArrays() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = Nd4j.create(new double[] {0, 1.5, 0, 0, -2, 0}, new long[] {2, 3}, type);
            MatrixMemory m = MatrixMemory.of(a);
            double[] block = new double[3];
            m.read(2, block, 3);
            assertArrayEquals(new double[] {0, 0, -2}, block, type.toString());
            m.write(4, new double[] {9, 8}, 2);
            assertEquals(9.0, a.getDouble(1, 1));
            assertEquals(8.0, a.getDouble(1, 2));
            int[] at = new int[5];
            double[] values = new double[5];
            assertEquals(3, m.nonZeros(1, 5, at, values));
            assertArrayEquals(new int[] {0, 3, 4}, java.util.Arrays.copyOf(at, 3));
            assertArrayEquals(new double[] {1.5, 9, 8}, java.util.Arrays.copyOf(values, 3));
            assertArrayEquals(new double[] {0, 1.5, 0, 0, 9, 8}, m.readAll());
        }
    }

    @Test
    void refusesViewsOtherOrdersAndTypes() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 4, 3);
        assertThrows(IllegalArgumentException.class,
                () -> MatrixMemory.of(a.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all())));
        assertThrows(IllegalArgumentException.class, () -> MatrixMemory.of(a.transpose()));
        assertThrows(IllegalArgumentException.class, () -> MatrixMemory.of(a.dup('f')));
        assertThrows(IllegalArgumentException.class, () -> MatrixMemory.of(a.castTo(DataType.INT)));
    }
}
