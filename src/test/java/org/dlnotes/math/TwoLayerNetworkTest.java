package org.dlnotes.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class TwoLayerNetworkTest {

    /** Article 000's worked example: 3 inputs, 2 sigmoid hidden units, 2 outputs (softmax here). */
    static TwoLayerNetwork article000() {
        return TwoLayerNetwork.of(new double[][] {{.1, .2, .3}, {.4, .5, .6}}, new double[] {.1, .2},
                new double[][] {{.1, .2}, {.3, .4}}, new double[] {.1, .2}, TwoLayerNetwork.Output.SOFTMAX);
    }

    private static final double[] X = {1, 2, 3};
    private static final double[] Y = {1, 0};

    @Test
    void article000ForwardPass() {
        TwoLayerNetwork.Forward f = article000().forward(X);
        assertArrayEquals(new double[] {1.5, 3.4}, f.z1(), 1e-15);
        // σ(1.5), σ(3.4): not the article's [0.4, 0.6]
        assertArrayEquals(new double[] {0.8175744761936437, 0.9677045353015494}, f.a1(), 1e-15);
        assertArrayEquals(new double[] {0.3752983546796743, 0.832354156978713}, f.z2(), 1e-15);
        assertArrayEquals(new double[] {0.387684501362743, 0.6123154986372569}, f.p(), 1e-15);
        assertEquals(-Math.log(0.387684501362743), article000().loss(X, Y), 1e-15);
    }

    @Test
    void article000ClosedFormGradients() {
        TwoLayerNetwork.Gradients g = article000().gradients(X, Y);
        assertArrayEquals(new double[] {0.387684501362743 - 1, 0.6123154986372569}, g.dz2(), 1e-15);
        assertArrayEquals(g.dz2(), g.db2(), 0);
        assertArrayEquals(new double[] {0.018264936833884717, 0.003827274063574898}, g.dz1(), 1e-15);
        assertArrayEquals(new double[] {0.018264936833884717, 2 * 0.018264936833884717, 3 * 0.018264936833884717},
                g.dW1()[0], 1e-15);
        assertEquals(g.dz2()[1] * 0.8175744761936437, g.dW2()[1][0], 1e-15);
    }

    @Test
    void article001OutputWithTheMissingWeightZero() {
        // article 001: 2 → 3 → 1, x = [1, 0], target 1; the output weight vector [0.6, 0.4] padded with 0
        TwoLayerNetwork net = TwoLayerNetwork.of(new double[][] {{1, .5}, {.8, .3}, {.5, .2}},
                new double[] {.2, .1, .1}, new double[][] {{.6, .4, 0}}, new double[] {.1},
                TwoLayerNetwork.Output.SIGMOID);
        TwoLayerNetwork.Forward f = net.forward(new double[] {1, 0});
        assertArrayEquals(new double[] {1.2, 0.9, 0.6}, f.z1(), 1e-15);
        assertEquals(0.6996211937508339, f.p()[0], 1e-15);
        assertEquals(0.3572162421987284, net.loss(new double[] {1, 0}, new double[] {1}), 1e-15);
    }

    @Test
    void threeWaysAgreeOnTheArticleExample() {
        assertThreeWaysAgree(article000(), X, Y);
    }

    @Test
    void threeWaysAgreeOnRandomNetworksOfBothKinds() {
        Random random = new Random(3);
        for (TwoLayerNetwork.Output kind : TwoLayerNetwork.Output.values()) {
            for (int trial = 0; trial < 3; trial++) {
                int in = 1 + random.nextInt(4);
                int hidden = 1 + random.nextInt(4);
                int out = 2 + random.nextInt(3);
                TwoLayerNetwork net = TwoLayerNetwork.of(matrix(random, hidden, in), vector(random, hidden),
                        matrix(random, out, hidden), vector(random, out), kind);
                double[] x = vector(random, in);
                double[] y = new double[out];
                if (kind == TwoLayerNetwork.Output.SOFTMAX) {
                    y[random.nextInt(out)] = 1;
                } else {
                    for (int k = 0; k < out; k++) {
                        y[k] = random.nextDouble(); // soft targets are allowed for binary cross-entropy
                    }
                }
                assertThreeWaysAgree(net, x, y);
            }
        }
    }

    private static void assertThreeWaysAgree(TwoLayerNetwork net, double[] x, double[] y) {
        double[] byHand = net.gradients(x, y).flat();
        double[] numeric = GradientChecks.centralDifferences(p -> net.withParameters(p).loss(x, y),
                net.parameters(), 1e-6);
        TwoLayerNetwork.Backprop dl4j = net.backprop(x, y);
        assertEquals(net.parameterNames().size(), byHand.length);
        assertTrue(GradientChecks.maxRelativeError(byHand, numeric, 1e-9) < 1e-6,
                net + ": closed form vs finite differences " + GradientChecks.maxRelativeError(byHand, numeric, 1e-9));
        assertTrue(GradientChecks.maxRelativeError(byHand, dl4j.gradient(), 1e-12) < 1e-9,
                net + ": closed form vs DL4J " + GradientChecks.maxRelativeError(byHand, dl4j.gradient(), 1e-12));
        assertEquals(net.loss(x, y), dl4j.loss(), 1e-12);
        assertArrayEquals(net.forward(x).p(), dl4j.output(), 1e-12);
    }

    @Test
    void aWrongGradientIsCaught() {
        // the check can fail: drop the σ' factor of the hidden layer, a classic hand-derivation slip
        TwoLayerNetwork net = article000();
        TwoLayerNetwork.Gradients g = net.gradients(X, Y);
        double[] wrong = g.flat();
        double factor = 1 / (net.forward(X).a1()[0] * (1 - net.forward(X).a1()[0]));
        wrong[0] *= factor;
        double[] numeric = GradientChecks.centralDifferences(p -> net.withParameters(p).loss(X, Y),
                net.parameters(), 1e-6);
        assertTrue(GradientChecks.maxRelativeError(wrong, numeric, 1e-9) > 0.5);
    }

    @Test
    void parametersRoundTripInTheNamedOrder() {
        TwoLayerNetwork net = article000();
        double[] p = net.parameters();
        assertArrayEquals(new double[] {.1, .2, .3, .4, .5, .6, .1, .2, .1, .2, .3, .4, .1, .2}, p, 0);
        assertEquals(14, net.parameterNames().size());
        assertEquals("W1[0,0]", net.parameterNames().get(0));
        assertEquals("W1[1,2]", net.parameterNames().get(5));
        assertEquals("b1[1]", net.parameterNames().get(7));
        assertEquals("W2[1,0]", net.parameterNames().get(10));
        assertEquals("b2[1]", net.parameterNames().get(13));
        double[] moved = p.clone();
        moved[3] = 9;
        assertEquals(9, net.withParameters(moved).parameters()[3], 0);
        assertNotEquals(net.loss(X, Y), net.withParameters(moved).loss(X, Y));
        // DL4J keeps W1 transposed: [inputs, hidden]
        assertArrayEquals(new long[] {3, 2}, net.toDl4j().getParam("0_W").shape());
        assertEquals(0.4, net.toDl4j().getParam("0_W").getDouble(0, 1), 0);
    }

    @Test
    void badInputFailsClearly() {
        var e = assertThrows(IllegalArgumentException.class, () -> article000().forward(new double[] {1, 2}));
        assertTrue(e.getMessage().contains("x must have 3 values, but has 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> article000().loss(X, new double[] {1, 1}));
        assertTrue(e.getMessage().contains("sum to 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> article000().loss(X, new double[] {2, -1}));
        assertTrue(e.getMessage().contains("y[0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TwoLayerNetwork.of(new double[][] {{1, 2}},
                new double[] {0}, new double[][] {{1, 2}}, new double[] {0}, TwoLayerNetwork.Output.SIGMOID));
        assertTrue(e.getMessage().contains("w2 must have one column per hidden unit"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TwoLayerNetwork.of(new double[][] {{1, 2}},
                new double[] {0}, new double[][] {{1}}, new double[] {0}, TwoLayerNetwork.Output.SOFTMAX));
        assertTrue(e.getMessage().contains("SOFTMAX output needs at least 2 units"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TwoLayerNetwork.of(new double[][] {{1, Double.NaN}},
                new double[] {0}, new double[][] {{1}}, new double[] {0}, TwoLayerNetwork.Output.SIGMOID));
        assertTrue(e.getMessage().contains("w1[0][1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> article000().withParameters(new double[3]));
    }

    private static double[][] matrix(Random random, int rows, int columns) {
        double[][] m = new double[rows][];
        for (int r = 0; r < rows; r++) {
            m[r] = vector(random, columns);
        }
        return m;
    }

    private static double[] vector(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }
}
