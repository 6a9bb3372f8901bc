package org.dlnotes.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.models.Mlp;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class HalfPrecisionTest {

    static MultiLayerNetwork adamNet() {
        return Mlp.builder().inputs(3).hidden(8).output(2, Activation.SOFTMAX, LossFunction.MCXENT)
                .updater(new Adam(1e-2)).seed(3).build();
    }

    @Test
    void findsAdamsEpsilonAndTheCrossEntropyClip() {
        List<HalfPrecision.Setting> s = HalfPrecision.vanishing(adamNet());
        assertEquals(3, s.size(), s.toString());   // Adam in both layers, the loss's clip in the output layer
        assertTrue(s.stream().anyMatch(x -> x.setting().equals("Adam epsilon") && x.value() == 1e-8));
        assertTrue(s.stream().anyMatch(x -> x.setting().equals("LossMCXENT softmaxClipEps") && x.value() == 1e-10));
        assertTrue(s.stream().allMatch(x -> x.inHalf() == 0));
        assertEquals(3, HalfPrecision.table(s).rowCount());
        MultiLayerNetwork sgd = Mlp.builder().inputs(3).output(2, Activation.SOFTMAX, LossFunction.MCXENT)
                .updater(new Sgd(0.1)).build();
        assertEquals(1, HalfPrecision.vanishing(sgd).size(), "SGD has no epsilon, the loss still clips");
    }

    @Test
    void guardMakesFp16TrainingWithDefaultAdamWork() {
        LabelledData2 data = new LabelledData2();
        List<PrecisionResult> before = PrecisionComparison.of(adamNet()).types(DataType.HALF).epochs(2)
                .fastMode(false).run(data.train, data.test);
        assertTrue(!before.get(0).ok() && before.get(0).failure().contains("NaN"), before.toString());
        MultiLayerNetwork guarded = HalfPrecision.guard(adamNet(), 1e-4);
        assertTrue(HalfPrecision.vanishing(guarded).isEmpty());
        List<PrecisionResult> after = PrecisionComparison.of(guarded).types(DataType.HALF).epochs(2)
                .fastMode(false).run(data.train, data.test);
        assertTrue(after.get(0).ok(), after.get(0).failure());
        assertTrue(after.get(0).testAccuracy() > 0.9, "accuracy " + after.get(0).testAccuracy());
    }

    @Test
    void rejectsAFloorThatVanishesItself() {
        assertThrows(IllegalArgumentException.class, () -> HalfPrecision.guard(adamNet(), 1e-9));
        assertThrows(IllegalArgumentException.class, () -> HalfPrecision.guard(adamNet(), 0.5));
    }

    /** The blobs with a zero feature of {@link PrecisionComparisonTest}. */
    static final class LabelledData2 {
        final org.dlnotes.data.LabelledData train = PrecisionComparisonTest.blobs(200, 1);
        final org.dlnotes.data.LabelledData test = PrecisionComparisonTest.blobs(100, 2);
    }
}
