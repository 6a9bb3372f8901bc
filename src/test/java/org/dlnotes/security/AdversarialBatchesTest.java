package org.dlnotes.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.Split;
import org.dlnotes.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

class AdversarialBatchesTest {

    @Test
    void replacesTheFirstFractionOfEachBatchWithinEpsilon() {
        Split data = Digits.split();
        MultiLayerNetwork net = Digits.trained(data.train(), 3);
        INDArray x = data.test().features().get(NDArrayIndex.interval(0, 10), NDArrayIndex.all()).dup();
        INDArray y = data.test().labels().get(NDArrayIndex.interval(0, 10), NDArrayIndex.all()).dup();
        DataSet batch = new DataSet(x.dup(), y);
        AdversarialBatches.of(net, Attack.fgsm(0.1)).fraction(0.3).preProcess(batch);
        INDArray changed = Transforms.abs(batch.getFeatures().sub(x), false).max(1);
        for (int i = 0; i < 10; i++) {
            double d = changed.getDouble(i);
            if (i < 3) {
                assertTrue(d > 0 && d <= 0.1 + 1e-6, "row " + i + " moved by " + d);
            } else {
                assertEquals(0, d, 0, "row " + i + " stays clean");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> AdversarialBatches.of(net, Attack.fgsm(0.1)).fraction(0));
    }

    @Test
    void adversarialTrainingRaisesRobustAccuracy() {
        Split data = Digits.split();
        MultiLayerNetwork plain = Digits.trained(data.train(), 15);
        MultiLayerNetwork robust = Digits.mlp(7);
        DataSetIterator batches = data.train().batches(32, 1);
        batches.setPreProcessor(AdversarialBatches.of(robust, Attack.fgsm(0.15)).fraction(0.5));
        Trainer.of(robust).epochs(15).fastMode(false).progressEvery(0).fit(batches);
        Attack attack = Attack.pgd(0.15).steps(5);
        Attack.Outcome before = attack.evaluate(plain, data.test().features(), data.test().labels());
        Attack.Outcome after = attack.evaluate(robust, data.test().features(), data.test().labels());
        assertTrue(after.adversarialAccuracy() > before.adversarialAccuracy() + 0.15,
                "robust accuracy " + before.adversarialAccuracy() + " -> " + after.adversarialAccuracy());
        assertTrue(after.cleanAccuracy() > 0.85, "clean accuracy after adversarial training " + after.cleanAccuracy());
    }
}
