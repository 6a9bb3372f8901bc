package org.dlnotes.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.models.Cnn;
import org.dlnotes.models.Mlp;
import org.dlnotes.privacy.PerExample.ClippedSum;
import org.dlnotes.privacy.PerExample.Method;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class PerExampleTest {

    static INDArray features(int n, int d, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[][] values = new float[n][d];
        for (float[] row : values) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) (4 * r.nextDouble() - 2);
            }
        }
        return Nd4j.createFromArray(values);
    }

    static INDArray oneHot(int n, int classes, long seed) {
        java.util.Random r = new java.util.Random(seed);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, r.nextInt(classes), 1f);
        }
        return y;
    }

    static MultiLayerNetwork softmaxNet(Activation hidden) {
        return Mlp.builder().inputs(5).hidden(7, 4).activation(hidden)
                .output(3, Activation.SOFTMAX, LossFunction.MCXENT).seed(3).build();
    }

    @Test
    void perExampleGradientsSumToTheBatchGradient() {
        MultiLayerNetwork net = softmaxNet(Activation.TANH);
        INDArray x = features(12, 5, 1);
        INDArray y = oneHot(12, 3, 2);
        INDArray before = net.params().dup();
        INDArray perExample = PerExample.gradients(net, x, y);
        assertEquals(12, perExample.rows());
        assertEquals(net.numParams(), perExample.columns());
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        INDArray batch = net.gradient().gradient().reshape(1, net.numParams());
        assertArrayEquals(batch.toFloatVector(), perExample.sum(0).toFloatVector(), 1e-4f);
        assertEquals(before, net.params(), "parameters must not change");
    }

    @Test
    void clippingBoundsEveryExampleNormAndKeepsSmallOnes() {
        MultiLayerNetwork net = softmaxNet(Activation.RELU);
        INDArray g = PerExample.gradients(net, features(20, 5, 4), oneHot(20, 3, 5));
        double[] norms = g.norm2(1).toDoubleVector();
        double c = median(norms);
        INDArray clipped = PerExample.clip(g, c);
        double[] after = clipped.norm2(1).toDoubleVector();
        int kept = 0;
        for (int i = 0; i < norms.length; i++) {
            assertTrue(after[i] <= c * (1 + 1e-5), "row " + i + " norm " + after[i] + " > " + c);
            if (norms[i] <= c) {
                kept++;
                assertArrayEquals(g.getRow(i).toFloatVector(), clipped.getRow(i).toFloatVector(), 1e-6f);
            } else {
                assertEquals(c, after[i], c * 1e-5);
            }
        }
        assertTrue(kept > 0 && kept < norms.length, "the median must split the rows");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void denseTrickEqualsTheLoopForSoftmaxNetworks() {
        for (Activation hidden : new Activation[] {Activation.RELU, Activation.TANH, Activation.SIGMOID,
                Activation.IDENTITY}) {
            MultiLayerNetwork net = softmaxNet(hidden);
            assertSame(net, features(16, 5, 6), oneHot(16, 3, 7), hidden.toString());
        }
    }

    @Test
    void denseTrickEqualsTheLoopForASigmoidOutput() {
        MultiLayerNetwork net = Mlp.builder().inputs(5).hidden(6).output(1, Activation.SIGMOID, LossFunction.XENT)
                .seed(9).build();
        INDArray y = oneHot(16, 2, 8).getColumn(1).dup().reshape(16, 1);
        assertSame(net, features(16, 5, 9), y, "sigmoid");
    }

    private static void assertSame(MultiLayerNetwork net, INDArray x, INDArray y, String what) {
        INDArray perExample = PerExample.gradients(net, x, y);
        double c = median(perExample.norm2(1).toDoubleVector());
        ClippedSum loop = PerExample.clippedSum(net, x, y, c, Method.LOOP);
        ClippedSum dense = PerExample.clippedSum(net, x, y, c, Method.DENSE);
        assertArrayEquals(loop.norms(), dense.norms(), 1e-4 * c, what + ": norms");
        assertArrayEquals(perExample.norm2(1).toDoubleVector(), dense.norms(), 1e-4 * c, what + ": norms vs rows");
        assertArrayEquals(loop.sum().toFloatVector(), dense.sum().toFloatVector(), (float) (1e-4 * c), what);
        assertArrayEquals(PerExample.clip(perExample, c).sum(0).toFloatVector(), dense.sum().toFloatVector(),
                (float) (1e-4 * c), what + ": clip then sum");
        assertArrayEquals(loop.losses(), dense.losses(), 1e-4, what + ": losses");
        assertTrue(dense.sum().norm2Number().doubleValue() <= x.rows() * c * (1 + 1e-5));
        assertEquals(0.5, dense.clippedFraction(c), 1.5 / x.rows(), what + ": about half clipped");
    }

    @Test
    void denseRefusesWhatItCannotDifferentiate() {
        MultiLayerNetwork cnn = Cnn.builder().image(8, 8, 1).filters(4).dense(8).classes(2).build();
        INDArray x = features(2, 64, 1);
        INDArray y = oneHot(2, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PerExample.clippedSum(cnn, x, y, 1, Method.DENSE));
        assertTrue(e.getMessage().contains("Method.LOOP"), e.getMessage());
        MultiLayerNetwork dropout = Mlp.builder().inputs(5).hidden(4).dropout(0.5)
                .output(3, Activation.SOFTMAX, LossFunction.MCXENT).build();
        e = assertThrows(IllegalArgumentException.class,
                () -> PerExample.clippedSum(dropout, features(2, 5, 1), oneHot(2, 3, 1), 1, Method.DENSE));
        assertTrue(e.getMessage().contains("dropout"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PerExample.clip(Nd4j.ones(2, 3), 0));
        assertTrue(e.getMessage().contains("maxNorm"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PerExample.gradients(softmaxNet(Activation.RELU), features(3, 5, 1), oneHot(2, 3, 1)));
        assertTrue(e.getMessage().contains("[3, 5]"), e.getMessage());
    }
}
