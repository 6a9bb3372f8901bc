package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ScratchArraysTest {

    @Test
    void sameNameTypeAndShapeGiveTheSameArrayElseANewOne() {
        ScratchArrays scratch = new ScratchArrays();
        INDArray a = scratch.get("z", DataType.FLOAT, 4, 8);
        assertArrayEquals(new long[] {4, 8}, a.shape());
        assertEquals('c', a.ordering());
        assertSame(a, scratch.get("z", DataType.FLOAT, 4, 8));
        assertNotSame(a, scratch.get("h", DataType.FLOAT, 4, 8), "another name");
        INDArray b = scratch.get("z", DataType.FLOAT, 2, 8);
        assertNotSame(a, b, "another shape");
        assertArrayEquals(new long[] {2, 8}, b.shape());
        INDArray d = scratch.get("z", DataType.DOUBLE, 2, 8);
        assertEquals(DataType.DOUBLE, d.dataType());
        assertSame(d, scratch.get("z", DataType.DOUBLE, 2, 8));
    }

    @Test
    void onesAreOnes() {
        ScratchArrays scratch = new ScratchArrays();
        INDArray ones = scratch.ones(DataType.DOUBLE, 5);
        assertEquals(5.0, ones.sumNumber().doubleValue());
        assertSame(ones, scratch.ones(DataType.DOUBLE, 5));
        assertEquals(3.0, scratch.ones(DataType.DOUBLE, 3).sumNumber().doubleValue());
    }
}
