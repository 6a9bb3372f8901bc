package org.dlnotes.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class GradientChecksTest {

    @Test
    void centralDifferencesOfAPolynomialAreExactUpToH2() {
        // f = x³ + 2xy + sin(y); ∇f = (3x² + 2y, 2x + cos y)
        double[] at = {1.5, -0.7};
        double[] g = GradientChecks.centralDifferences(p -> p[0] * p[0] * p[0] + 2 * p[0] * p[1] + Math.sin(p[1]),
                at, 1e-5);
        assertArrayEquals(new double[] {3 * 1.5 * 1.5 + 2 * -0.7, 2 * 1.5 + Math.cos(-0.7)}, g, 1e-8);
        // the formula's error is h²·f'''/6: for x³ exactly h², visible with a large h
        double[] coarse = GradientChecks.centralDifferences(p -> p[0] * p[0] * p[0], new double[] {2}, 0.1);
        assertEquals(12 + 0.01, coarse[0], 1e-12);
    }

    @Test
    void centralDifferencesDoNotMoveThePoint() {
        double[] at = {1, 2, 3};
        GradientChecks.centralDifferences(p -> p[0] + p[1] + p[2], at, 1e-6);
        assertArrayEquals(new double[] {1, 2, 3}, at, 0);
    }

    @Test
    void relativeErrors() {
        assertEquals(0, GradientChecks.relativeError(0, 0), 0);
        assertEquals(0.5, GradientChecks.relativeError(1, 2), 1e-15);
        assertEquals(2, GradientChecks.relativeError(-1, 1), 1e-15);
        double[] a = {1.0, 1e-12, -3};
        double[] b = {1.001, 3e-12, -3};
        // the tiny entry differs by a factor of 3 but is ignored under an absolute tolerance of 1e-10
        assertEquals(0.001 / 1.001, GradientChecks.maxRelativeError(a, b, 1e-10), 1e-12);
        assertEquals(2.0 / 3, GradientChecks.maxRelativeError(a, b, 0), 1e-9);
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> GradientChecks.centralDifferences(p -> p[0], new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> GradientChecks.centralDifferences(p -> p[0], new double[0], 1e-6));
        var e = assertThrows(IllegalArgumentException.class,
                () -> GradientChecks.centralDifferences(p -> Math.log(p[0]), new double[] {0.5}, 1));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GradientChecks.maxRelativeError(new double[] {1}, new double[] {1, 2}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> GradientChecks.maxRelativeError(new double[] {1}, new double[] {1}, -1));
    }

    @Test
    void dl4jCheckNeedsDoublePrecisionAndRestoresTheDefaultType() {
        MultiLayerNetwork single = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .list().layer(new OutputLayer.Builder(LossFunction.MSE).nIn(2).nOut(1)
                        .activation(Activation.IDENTITY).build()).build());
        single.init();
        var e = assertThrows(IllegalArgumentException.class, () -> GradientChecks.dl4j(single,
                Nd4j.rand(DataType.DOUBLE, 3, 2), Nd4j.rand(DataType.DOUBLE, 3, 1), 1e-6, 1e-5, 1e-9));
        assertTrue(e.getMessage().contains("FLOAT"), e.getMessage());

        DataType before = Nd4j.dataType();
        TwoLayerNetwork net = TwoLayerNetworkTest.article000();
        assertTrue(GradientChecks.dl4j(net.toDl4j(), net.row(new double[] {1, 2, 3}),
                Nd4j.createFromArray(new double[][] {{1, 0}}), 1e-6, 1e-5, 1e-10));
        assertEquals(before, Nd4j.dataType());
    }
}
