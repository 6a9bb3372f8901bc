package org.dlnotes.train;

import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;

/** Two well separated Gaussian blobs in 2-D, one-hot labels, and a plain accuracy metric for the tests. */
final class ToyData {

    private ToyData() {
    }

    static DataSet blobs(int n, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(n, 2);
        INDArray y = Nd4j.zeros(n, 2);
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double centre = c == 0 ? -2 : 2;
            x.putScalar(i, 0, centre + 0.5 * r.nextGaussian());
            x.putScalar(i, 1, centre + 0.5 * r.nextGaussian());
            y.putScalar(i, c, 1);
        }
        return new DataSet(x, y);
    }

    static ViewIterator iterator(DataSet data, int batch) {
        return new ViewIterator(data, batch);
    }

    /** Fraction of rows whose largest output is the labelled class. */
    static double accuracy(INDArray labels, INDArray output) {
        return labels.argMax(1).eq(output.argMax(1)).castTo(DataType.DOUBLE)
                .meanNumber().doubleValue();
    }
}
