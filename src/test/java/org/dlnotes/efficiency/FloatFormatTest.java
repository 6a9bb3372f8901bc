package org.dlnotes.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class FloatFormatTest {

    @Test
    void halfPrecisionIsIeeeBinary16() {
        FloatFormat half = FloatFormat.of(DataType.HALF);
        assertEquals(16, half.bits());
        assertEquals(Math.pow(2, -10), half.epsilon());
        assertEquals(65504, half.max());
        assertEquals(Math.pow(2, -14), half.minNormal());
        assertEquals(Math.pow(2, -24), half.minSubnormal());
    }

    @Test
    void floatAndDoubleMatchJava() {
        FloatFormat f = FloatFormat.of(DataType.FLOAT);
        assertEquals(Math.ulp(1.0f), f.epsilon());
        assertEquals(Float.MAX_VALUE, f.max());
        assertEquals(Float.MIN_NORMAL, f.minNormal());
        assertEquals(Float.MIN_VALUE, f.minSubnormal());
        FloatFormat d = FloatFormat.of(DataType.DOUBLE);
        assertEquals(Math.ulp(1.0), d.epsilon());
        assertEquals(Double.MAX_VALUE, d.max());
        assertEquals(Double.MIN_NORMAL, d.minNormal());
        assertEquals(Double.MIN_VALUE, d.minSubnormal());
    }

    @Test
    void bfloat16KeepsTheFloatRangeWithEightBitsOfPrecision() {
        FloatFormat bf = FloatFormat.of(DataType.BFLOAT16);
        assertEquals(16, bf.bits());
        assertEquals(Math.pow(2, -7), bf.epsilon());
        // the largest bfloat16: (2 − 2^-7) · 2^127
        assertEquals((2 - Math.pow(2, -7)) * Math.pow(2, 127), bf.max(), 1e30);
        assertEquals(Float.MIN_NORMAL, bf.minNormal());
        assertTrue(bf.decimalDigits() > 2 && bf.decimalDigits() < 2.2, "about 2.1 decimal digits");
    }

    @Test
    void adamsDefaultEpsilonVanishesInHalfButNotInBfloat16() {
        assertEquals(0.0, FloatFormat.round(DataType.HALF, 1e-8));
        assertTrue(FloatFormat.round(DataType.BFLOAT16, 1e-8) > 0);
        assertEquals(Double.POSITIVE_INFINITY, FloatFormat.round(DataType.HALF, 70000));
        assertEquals(1.0, FloatFormat.round(DataType.HALF, 1 + 1e-4), "1 + 1e-4 rounds to 1 in fp16");
    }

    @Test
    void tableHasOneRowPerFormat() {
        assertEquals(4, FloatFormat.table(FloatFormat.all()).rowCount());
        assertEquals("HALF", FloatFormat.table(FloatFormat.all()).stringColumn("type").get(2));
    }

    @Test
    void rejectsIntegerTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FloatFormat.of(DataType.INT));
        assertTrue(e.getMessage().contains("INT"), e.getMessage());
    }
}
