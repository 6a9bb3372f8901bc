package org.dlnotes.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.LabelledData;
import org.dlnotes.models.Mlp;
import org.dlnotes.train.TrainingInterruptedException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class PrecisionComparisonTest {

    /** Two Gaussian blobs in 3-D whose third feature is always 0, as MNIST's border pixels are. */
    static LabelledData blobs(int n, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.zeros(DataType.FLOAT, n, 3);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double centre = y[i] == 0 ? -1.5 : 1.5;
            x.putScalar(i, 0, centre + 0.7 * r.nextGaussian());
            x.putScalar(i, 1, centre + 0.7 * r.nextGaussian());
        }
        return LabelledData.of("blobs", x, y, List.of("a", "b"), List.of("x1", "x2", "zero"));
    }

    static MultiLayerNetwork net(Adam adam) {
        return Mlp.builder().inputs(3).hidden(8).output(2, Activation.SOFTMAX, LossFunction.MCXENT).updater(adam)
                .seed(3).build();
    }

    @Test
    void trainsCopiesInEachTypeAndLeavesTheOriginalAlone() {
        MultiLayerNetwork base = net(new Adam(1e-2, 0.9, 0.999, 1e-4));
        INDArray before = base.params().dup();
        List<PrecisionResult> r = PrecisionComparison.of(base).fastMode(false)
                .types(DataType.DOUBLE, DataType.FLOAT, DataType.HALF).epochs(3).batchSize(16)
                .run(blobs(200, 1), blobs(100, 2));
        assertEquals(List.of(DataType.DOUBLE, DataType.FLOAT, DataType.HALF), r.stream().map(PrecisionResult::type)
                .toList());
        for (PrecisionResult p : r) {
            assertTrue(p.ok(), p.type() + ": " + p.failure());
            assertTrue(p.testAccuracy() > 0.9, p.type() + " accuracy " + p.testAccuracy());
            assertEquals(3, p.epochs());
            assertTrue(p.wallSeconds() > 0 && Double.isFinite(p.trainLoss()));
        }
        assertEquals(before, base.params(), "the original network is not trained");
        assertEquals(DataType.FLOAT, base.params().dataType());
        // same start, same order: double and float end close
        assertEquals(r.get(0).trainLoss(), r.get(1).trainLoss(), 1e-3);
        assertEquals(3, PrecisionComparison.table(r).rowCount());
    }

    @Test
    void anInterruptIsNotAFailedRunButEndsTheComparison() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(TrainingInterruptedException.class, () -> PrecisionComparison.of(net(new Adam(1e-2)))
                    .fastMode(false).types(DataType.FLOAT, DataType.DOUBLE).epochs(2).batchSize(16)
                    .run(blobs(100, 1), blobs(50, 2)));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt flag stays set for the caller");
        }
    }

    @Test
    void adamsDefaultEpsilonTurnsHalfPrecisionTrainingIntoNaN() {
        // A weight whose gradient is always 0 (the zero feature) gets m = v = 0; with epsilon 1e-8 rounded to 0 in
        // fp16, Adam's update m / (sqrt(v) + epsilon) is 0/0.
        List<PrecisionResult> r = PrecisionComparison.of(net(new Adam(1e-2))).types(DataType.FLOAT, DataType.HALF)
                .epochs(2).batchSize(16).run(blobs(200, 1), blobs(100, 2));
        assertTrue(r.get(0).ok());
        assertFalse(r.get(1).ok());
        assertTrue(r.get(1).failure().contains("NaN"), r.get(1).failure());
        assertTrue(Double.isNaN(r.get(1).testAccuracy()));
    }

    @Test
    void bfloat16TrainingFailsInNd4jsBackpropOpsOnCpu() {
        List<PrecisionResult> r = PrecisionComparison.of(net(new Adam(1e-2))).types(DataType.BFLOAT16).epochs(1)
                .batchSize(16).run(blobs(64, 1), blobs(32, 2));
        assertFalse(r.get(0).ok());
        assertTrue(r.get(0).failure().contains("_bp"), r.get(0).failure());
    }

    @Test
    void inferenceInReducedPrecisionKeepsTheAccuracy() {
        MultiLayerNetwork base = net(new Adam(1e-2));
        List<PrecisionResult> trained = PrecisionComparison.of(base).types(DataType.FLOAT).epochs(3).batchSize(16)
                .run(blobs(200, 1), blobs(100, 2));
        assertTrue(trained.get(0).ok());
        // train a network in place to have a trained one to convert
        MultiLayerNetwork net = PrecisionComparison.copy(base, DataType.FLOAT);
        org.dlnotes.train.Trainer.of(net).epochs(3).progressEvery(0).fit(blobs(200, 1).batches(16, 42));
        List<PrecisionResult> r = PrecisionComparison.inference(net, blobs(100, 2), 2, DataType.FLOAT,
                DataType.HALF, DataType.BFLOAT16);
        for (PrecisionResult p : r) {
            assertNull(p.failure(), p.type() + ": " + p.failure());
            assertEquals(r.get(0).testAccuracy(), p.testAccuracy(), 0.03, p.type().name());
        }
    }

    @Test
    void rejectsBadArguments() {
        MultiLayerNetwork base = net(new Adam(1e-2));
        assertThrows(IllegalArgumentException.class, () -> PrecisionComparison.of(base).types());
        assertThrows(IllegalArgumentException.class, () -> PrecisionComparison.of(base).types(DataType.INT));
        assertThrows(IllegalArgumentException.class, () -> PrecisionComparison.of(base).epochs(0));
        assertThrows(IllegalArgumentException.class, () -> PrecisionComparison.inference(base, blobs(10, 1), 0));
    }
}
