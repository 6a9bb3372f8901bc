package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.LanguageModelBatches;
import org.dlnotes.data.Vocabulary;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;

class TextSamplerTest {

    private static final double[] P = {0.1, 0.6, 0.3};

    @Test
    void temperatureZeroIsArgmaxAndOneIsTheModel() {
        assertArrayEquals(new double[] {0, 1, 0}, TextSampler.reshape(P, 0), 0);
        assertArrayEquals(P, TextSampler.reshape(P, 1), 1e-12);
        Random random = new Random(1);
        for (int i = 0; i < 50; i++) {
            assertEquals(1, TextSampler.sample(P, 0, random));
        }
        // a very low temperature is argmax in effect
        assertEquals(1.0, TextSampler.reshape(P, 1e-3)[1], 1e-12);
    }

    @Test
    void temperatureIsAPowerOfTheProbabilities() {
        // T = 0.5: p^2 normalised = (0.01, 0.36, 0.09) / 0.46
        assertArrayEquals(new double[] {0.01 / 0.46, 0.36 / 0.46, 0.09 / 0.46}, TextSampler.reshape(P, 0.5), 1e-12);
        // T = 2: sqrt(p) normalised; a high temperature tends to uniform
        double s = Math.sqrt(0.1) + Math.sqrt(0.6) + Math.sqrt(0.3);
        assertArrayEquals(new double[] {Math.sqrt(0.1) / s, Math.sqrt(0.6) / s, Math.sqrt(0.3) / s},
                TextSampler.reshape(P, 2), 1e-12);
        double[] hot = TextSampler.reshape(P, 1e6);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, hot, 1e-5);
        // tiny probabilities do not underflow to a 0/0 division
        double[] tiny = TextSampler.reshape(new double[] {1e-300, 2e-300}, 0.01);
        assertEquals(1.0, tiny[0] + tiny[1], 1e-12);
    }

    @Test
    void samplesFollowTheReshapedDistribution() {
        Random random = new Random(42);
        int[] counts = new int[3];
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            counts[TextSampler.sample(P, 0.5, random)]++;
        }
        double[] expected = TextSampler.reshape(P, 0.5);
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], counts[i] / (double) n, 0.005, "token " + i);
        }
        // a token of probability 0 is never drawn, even at a high temperature
        for (int i = 0; i < 1000; i++) {
            assertTrue(TextSampler.sample(new double[] {0.5, 0, 0.5}, 5, random) != 1);
        }
    }

    @Test
    void badInputIsRejected() {
        assertEquals("temperature must be a finite number >= 0, but is -1.0", assertThrows(
                IllegalArgumentException.class, () -> TextSampler.reshape(P, -1)).getMessage());
        assertEquals("probabilities[1] must be a finite number >= 0, but is NaN", assertThrows(
                IllegalArgumentException.class, () -> TextSampler.reshape(new double[] {0.5, Double.NaN}, 1))
                .getMessage());
        assertEquals("probabilities sum to 0: nothing to sample", assertThrows(IllegalArgumentException.class,
                () -> TextSampler.sample(new double[] {0, 0}, 1, new Random())).getMessage());
        assertEquals("probabilities must not be empty", assertThrows(IllegalArgumentException.class,
                () -> TextSampler.reshape(new double[0], 1)).getMessage());
    }

    @Test
    void aTrainedModelContinuesARepeatedPattern() {
        String text = "abcd".repeat(60);
        Vocabulary chars = Vocabulary.characters(text);
        MultiLayerNetwork lm = LstmLanguageModel.builder().vocabulary(chars.size()).embedding(8).lstm(16, 1)
                .updater(new Adam(0.05)).seed(3).build();
        DataSetIterator it = LanguageModelBatches.of(chars.encode(text), chars.size()).length(20).batchSize(8)
                .indexInputs().seed(1).iterator();
        for (int epoch = 0; epoch < 25; epoch++) {
            it.reset();
            while (it.hasNext()) {
                lm.fit(it.next());
            }
        }
        assertEquals("abcdabcdabcdabcd", TextSampler.generate(lm, chars, "ab", 14, 0, 1));
        // same seed, same text; the state is cleared between calls
        assertEquals(TextSampler.generate(lm, chars, "ab", 30, 1.0, 9), TextSampler.generate(lm, chars, "ab", 30,
                1.0, 9));
        assertEquals("ab", TextSampler.generate(lm, chars, "ab", 0, 1.0, 9));
        assertEquals("prompt must hold at least one token, but '' has none", assertThrows(
                IllegalArgumentException.class, () -> TextSampler.generate(lm, chars, "", 5, 1, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TextSampler.generate(lm, chars, "x", 5, 1, 1));
        Vocabulary other = Vocabulary.characters("abcdef");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> TextSampler.generate(lm, other, "ab", 5, 1, 1));
        assertTrue(wrong.getMessage().contains("[1, 6, T]"), wrong.getMessage());
    }
}
