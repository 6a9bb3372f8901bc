package org.dlnotes.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.models.Mlp;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class MembershipInferenceTest {

    private static MultiLayerNetwork net() {
        return Mlp.builder().inputs(5).hidden(64).output(3, Activation.SOFTMAX, LossFunction.MCXENT)
                .updater(new Adam(0.01)).seed(4).build();
    }

    @Test
    void aucAdvantageAndThresholdOfAWorkedExample() {
        double[] members = {0.1, 0.2, 0.3};
        double[] nonMembers = {0.25, 0.5, 0.6, 0.7};
        MembershipInference.Attack a = MembershipInference.lossThreshold(members, nonMembers);
        // pairs with the member's loss below the non-member's: 4 + 4 + 3 of 12
        assertEquals(11.0 / 12, a.auc(), 1e-12);
        // loss <= 0.3 takes every member and one non-member in four
        assertEquals(0.75, a.advantage(), 1e-12);
        assertEquals(0.3, a.threshold(), 1e-12);
        assertEquals(1.0, a.truePositiveRate(), 1e-12);
        assertEquals(0.25, a.falsePositiveRate(), 1e-12);
        assertEquals(3, a.members());
        assertEquals(4, a.nonMembers());
        // Yeom et al.'s attacker takes the mean training loss, 0.2: two members in three, no non-member
        assertEquals(2.0 / 3, MembershipInference.advantageAt(members, nonMembers, 0.2), 1e-12);
        assertEquals(0.75, MembershipInference.advantageAt(members, nonMembers, a.threshold()), 1e-12);
    }

    @Test
    void aMemorisingModelIsEasyToAttack() {
        INDArray xIn = PerExampleTest.features(40, 5, 1);
        INDArray yIn = PerExampleTest.oneHot(40, 3, 2);     // random labels: only memorising can fit them
        INDArray xOut = PerExampleTest.features(40, 5, 3);
        INDArray yOut = PerExampleTest.oneHot(40, 3, 4);
        MultiLayerNetwork net = net();
        DataSet members = new DataSet(xIn, yIn);
        for (int i = 0; i < 400; i++) {
            net.fit(members);
        }
        MembershipInference.Attack a = MembershipInference.lossThreshold(MembershipInference.losses(net, members),
                MembershipInference.losses(net, xOut, yOut));
        assertTrue(a.auc() > 0.9, "AUC " + a.auc());
        assertTrue(a.advantage() > 0.7, "advantage " + a.advantage());
    }

    @Test
    void aConstantModelGivesAHalfAndNoAdvantage() {
        MultiLayerNetwork net = net();
        net.setParams(net.params().mul(0));                  // every output is (1/3, 1/3, 1/3)
        double[] in = MembershipInference.losses(net, PerExampleTest.features(30, 5, 1),
                PerExampleTest.oneHot(30, 3, 2));
        double[] out = MembershipInference.losses(net, PerExampleTest.features(50, 5, 3),
                PerExampleTest.oneHot(50, 3, 4));
        for (double loss : in) {
            assertEquals(Math.log(3), loss, 1e-6);
        }
        MembershipInference.Attack a = MembershipInference.lossThreshold(in, out);
        assertEquals(0.5, a.auc(), 1e-12);
        assertEquals(0.0, a.advantage(), 1e-12);
    }

    @Test
    void lossesAreMinusTheLogOfTheTrueClassProbability() {
        MultiLayerNetwork net = net();
        INDArray x = PerExampleTest.features(20, 5, 7);
        INDArray y = PerExampleTest.oneHot(20, 3, 8);
        double[] losses = MembershipInference.losses(net, x, y);
        double[][] p = net.output(x).toDoubleMatrix();
        for (int i = 0; i < 20; i++) {
            int label = y.getRow(i).argMax().getInt(0);
            assertEquals(-Math.log(p[i][label]), losses[i], 1e-5, "row " + i);
        }
    }

    @Test
    void randomMembershipReachesTheChanceLevelOfTheSampleSize() {
        java.util.Random r = new java.util.Random(9);
        double[] a = new double[500];
        double[] b = new double[500];
        for (int i = 0; i < 500; i++) {
            a[i] = r.nextDouble();
            b[i] = r.nextDouble() + 0.5;                  // a real difference, which shuffling must erase
        }
        MembershipInference.Shuffled s = MembershipInference.shuffled(a, b, 400, 1);
        // Kolmogorov–Smirnov: the 95 % point of the one-sided statistic for 500 against 500 is about 0.077;
        // the Mann-Whitney area's is 0.5 + 1.645 · √(1001 / (12 · 500 · 500)) ≈ 0.530
        assertTrue(s.advantageQuantile(0.95) > 0.055 && s.advantageQuantile(0.95) < 0.1, "" + s.advantageQuantile(0.95));
        assertTrue(s.aucQuantile(0.95) > 0.515 && s.aucQuantile(0.95) < 0.545, "" + s.aucQuantile(0.95));
        assertTrue(MembershipInference.lossThreshold(a, b).advantage() > 0.4);
        assertArrayEquals(s.advantages(), MembershipInference.shuffled(a, b, 400, 1).advantages());
    }

    @Test
    void advantageBoundOfDifferentialPrivacy() {
        assertEquals(0.0, MembershipInference.advantageBound(0, 0), 1e-15);
        assertEquals(0.5, MembershipInference.advantageBound(Math.log(3), 0), 1e-12);
        assertEquals(Math.tanh(0.35), MembershipInference.advantageBound(0.7, 0), 1e-12);
        assertEquals(0.5 + 2e-5 / 4, MembershipInference.advantageBound(Math.log(3), 1e-5), 1e-12);
        assertTrue(MembershipInference.advantageBound(0.7, 0) < Math.exp(0.7) - 1);
        assertEquals(1.0, MembershipInference.advantageBound(Double.POSITIVE_INFINITY, 1e-5));
        assertEquals(1.0, MembershipInference.advantageBound(5000, 0));
        assertThrows(IllegalArgumentException.class, () -> MembershipInference.advantageBound(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> MembershipInference.advantageBound(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> MembershipInference.advantageBound(1, 2));
    }

    @Test
    void badLossesFailClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MembershipInference.lossThreshold(new double[0], new double[] {1}));
        assertTrue(e.getMessage().contains("memberLosses"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MembershipInference.lossThreshold(new double[] {1}, new double[] {0.5, Double.NaN}));
        assertTrue(e.getMessage().contains("nonMemberLosses[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MembershipInference.shuffled(new double[] {1}, new double[] {2}, 0, 1));
    }
}
