package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ProductsTest {

    @Test
    void transposeTimesIntoCAndFOrderArrays() {
        Nd4j.getRandom().setSeed(3);
        INDArray a = Nd4j.rand(DataType.DOUBLE, 7, 3);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 7, 5);
        INDArray expected = a.transpose().mmul(b);
        for (char order : new char[] {'c', 'f'}) {
            INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {3, 5}, order);
            Products.transposeTimes(a, b, out);
            assertEquals(order, out.ordering());
            assertEquals(0.0, out.sub(expected).amaxNumber().doubleValue(), 1e-14, "order " + order);
        }
        // an f-order view inside a larger buffer, as DL4J's gradient views are
        INDArray flat = Nd4j.zeros(DataType.DOUBLE, 1, 4 + 15 + 2);
        INDArray view = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 19)).reshape('f', 3, 5);
        Products.transposeTimes(a, b, view);
        assertEquals(0.0, view.sub(expected).amaxNumber().doubleValue(), 1e-14);
        assertEquals(0.0, flat.getDouble(0, 3) + flat.getDouble(0, 19) + flat.getDouble(0, 20), "outside the view");
    }
}
