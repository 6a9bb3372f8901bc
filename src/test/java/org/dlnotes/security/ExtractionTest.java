package org.dlnotes.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.LabelledData;
import org.dlnotes.data.Split;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ExtractionTest {

    @Test
    void aCopyTrainedOnTheVictimsAnswersAgreesWithIt() {
        Split data = Digits.split();
        MultiLayerNetwork victim = Digits.trained(data.train(), 15);
        LabelledData attackerOwn = data.validation();          // the attacker's unlabelled inputs
        for (Extraction.Answers answers : Extraction.Answers.values()) {
            Extraction.Result r = Extraction.of(victim).answers(answers).copy(() -> Digits.mlp(11)).epochs(30)
                    .fastMode(false).steal(attackerOwn.features(), data.test());
            assertEquals(attackerOwn.size(), r.queries());
            assertTrue(r.agreement() > 0.85, answers + ": agreement " + r.agreement());
            assertTrue(r.testAccuracy() > 0.8, answers + ": test accuracy " + r.testAccuracy());
            assertTrue(r.victimAccuracy() > 0.9, "victim " + r.victimAccuracy());
            assertEquals(30, r.history().epochs().size());
        }
    }

    @Test
    void topLabelAnswersAreOneHotAndProbabilitiesSumToOne() {
        Split data = Digits.split();
        MultiLayerNetwork victim = Digits.trained(data.train(), 2);
        INDArray q = data.test().features();
        INDArray probabilities = Extraction.of(victim).query(q);
        INDArray top = Extraction.of(victim).answers(Extraction.Answers.TOP_LABEL).query(q);
        assertEquals(q.size(0), top.sumNumber().longValue());
        assertEquals(1.0, top.max(1).minNumber().doubleValue(), 0);
        assertEquals(probabilities.argMax(1), top.argMax(1));
        assertEquals(1.0, probabilities.sum(1).minNumber().doubleValue(), 1e-5);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Extraction.of(victim).steal(q, data.test()));
        assertTrue(e.getMessage().contains("copy("), e.getMessage());
    }
}
