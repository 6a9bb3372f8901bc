package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void rowBlocksAreViewsOfTheCurrentArray() {
        ScratchArrays scratch = new ScratchArrays();
        INDArray z = scratch.get("z", DataType.FLOAT, 6, 3);
        INDArray[] blocks = scratch.rowBlocks("z", 2);
        assertEquals(3, blocks.length);
        blocks[1].assign(7);
        z.putScalar(1, 0, 0);
        assertEquals(0.0, z.getDouble(1, 0), "row 1 is outside block 1");
        assertEquals(7.0, z.getDouble(2, 0));
        assertEquals(7.0, z.getDouble(3, 2));
        assertSame(blocks, scratch.rowBlocks("z", 2), "made once per array");
        INDArray bigger = scratch.get("z", DataType.FLOAT, 8, 3);
        INDArray[] again = scratch.rowBlocks("z", 2);
        assertEquals(4, again.length, "remade for the new array");
        again[3].assign(5);
        assertEquals(5.0, bigger.getDouble(7, 1));
        assertThrows(IllegalStateException.class, () -> scratch.rowBlocks("nothing", 2));
    }
}
