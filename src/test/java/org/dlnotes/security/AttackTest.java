package org.dlnotes.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.Split;
import org.dlnotes.models.Cnn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

class AttackTest {

    private static Split data;
    private static MultiLayerNetwork net;

    @BeforeAll
    static void train() {
        data = Digits.split();
        net = Digits.trained(data.train(), 15);
    }

    private static double linf(INDArray a, INDArray b) {
        return Transforms.abs(a.sub(b), false).maxNumber().doubleValue();
    }

    @Test
    void fgsmStaysWithinEpsilonAndPixelRangeAndRaisesTheLoss() {
        INDArray x = data.test().features();
        Attack.Outcome o = Attack.fgsm(0.1).evaluate(net, x, data.test().labels());
        assertTrue(o.cleanAccuracy() > 0.9, "the net is trained: " + o.cleanAccuracy());
        assertTrue(o.maxPerturbation() <= 0.1 + 1e-6, "L∞ " + o.maxPerturbation());
        assertTrue(o.maxPerturbation() > 0.09, "FGSM moves pixels by ε: " + o.maxPerturbation());
        assertEquals(o.maxPerturbation(), linf(o.adversarial(), x), 1e-9);
        assertTrue(o.adversarial().minNumber().doubleValue() >= 0 && o.adversarial().maxNumber().doubleValue() <= 1);
        assertTrue(o.adversarialLoss() > o.cleanLoss() + 0.1, o.cleanLoss() + " -> " + o.adversarialLoss());
        assertTrue(o.adversarialAccuracy() < o.cleanAccuracy() - 0.05,
                o.cleanAccuracy() + " -> " + o.adversarialAccuracy());
        assertEquals("FGSM ε=0.1", o.attack());
    }

    @Test
    void pgdStaysInTheBallAndIsAtLeastAsStrongAsFgsm() {
        INDArray x = data.test().features();
        INDArray y = data.test().labels();
        for (double eps : new double[] {0.05, 0.1, 0.2}) {
            Attack.Outcome fgsm = Attack.fgsm(eps).evaluate(net, x, y);
            Attack.Outcome pgd = Attack.pgd(eps).steps(10).evaluate(net, x, y);
            assertTrue(pgd.maxPerturbation() <= eps + 1e-6, "L∞ " + pgd.maxPerturbation() + " at ε " + eps);
            assertTrue(pgd.adversarial().minNumber().doubleValue() >= 0);
            assertTrue(pgd.adversarial().maxNumber().doubleValue() <= 1);
            assertTrue(pgd.adversarialAccuracy() <= fgsm.adversarialAccuracy(),
                    "ε " + eps + ": PGD " + pgd.adversarialAccuracy() + ", FGSM " + fgsm.adversarialAccuracy());
            assertTrue(pgd.adversarialLoss() >= fgsm.adversarialLoss(),
                    "ε " + eps + ": PGD loss " + pgd.adversarialLoss() + ", FGSM " + fgsm.adversarialLoss());
        }
        Attack.Outcome random = Attack.pgd(0.1).steps(3).randomStart(true).seed(5).evaluate(net, x, y);
        assertTrue(random.maxPerturbation() <= 0.1 + 1e-6);
        assertEquals(random.adversarial(), Attack.pgd(0.1).steps(3).randomStart(true).seed(5).perturb(net, x, y));
    }

    @Test
    void pgdDefaultStepSizeAndZeroEpsilon() {
        assertEquals(0.05, Attack.pgd(0.1).steps(5).effectiveStepSize(), 1e-12);
        assertEquals(0.1, Attack.fgsm(0.1).effectiveStepSize(), 1e-12);
        INDArray x = data.test().features();
        assertEquals(x, Attack.pgd(0).perturb(net, x, data.test().labels()));
    }

    @Test
    void attacksAConvolutionalNetworkOnFlatImages() {
        MultiLayerNetwork cnn = Cnn.builder().image(8, 8, 1).classes(10).filters(4).dense(16).seed(3).build();
        INDArray x = data.test().features();
        INDArray y = data.test().labels();
        INDArray adv = Attack.fgsm(0.05).perturb(cnn, x, y);
        assertEquals(x.shapeInfoToString(), adv.shapeInfoToString());
        assertTrue(linf(adv, x) <= 0.05 + 1e-6);
        assertTrue(cnn.score(new DataSet(adv, y), false) > cnn.score(new DataSet(x, y), false));
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> Attack.fgsm(0.1).perturb(net, data.test().features().mul(16), data.test().labels()));
        assertTrue(range.getMessage().contains("pixel range [0.0, 1.0]"), range.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Attack.fgsm(-1)).getMessage()
                .contains("epsilon must be"));
        assertTrue(assertThrows(IllegalStateException.class, () -> Attack.fgsm(0.1).steps(3)).getMessage()
                .contains("PGD only"));
        assertThrows(IllegalArgumentException.class, () -> Attack.pgd(0.1).steps(0));
        assertThrows(IllegalArgumentException.class,
                () -> Attack.fgsm(0.1).perturb(net, data.test().features(), data.train().labels()));
    }
}
