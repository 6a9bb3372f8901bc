package org.dlnotes.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UnigramModelTest {

    @Test
    void relativeFrequenciesWithoutSmoothing() {
        UnigramModel m = UnigramModel.fit(new int[] {0, 0, 1, 2}, 3, 0);
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, m.probabilities(), 1e-15);
        CrossEntropy ce = m.crossEntropy(new int[] {0, 1, 2});
        double expected = -(Math.log(0.5) + 2 * Math.log(0.25)) / 3;
        assertEquals(expected, ce.nats(), 1e-15);
        assertEquals(3, ce.tokens());
        assertEquals(Math.exp(expected), ce.perplexity(), 1e-12);
    }

    @Test
    void textWithTheModelsOwnFrequenciesScoresItsEntropy() {
        // p = (1/2, 1/4, 1/8, 1/8): entropy 1.75 bits exactly, perplexity 2^1.75
        UnigramModel m = UnigramModel.fit(new int[] {0, 0, 0, 0, 1, 1, 2, 3}, 4, 0);
        CrossEntropy ce = m.crossEntropy(new int[] {0, 0, 0, 0, 1, 1, 2, 3});
        assertEquals(1.75, ce.bits(), 1e-12);
        assertEquals(Math.pow(2, 1.75), ce.perplexity(), 1e-12);
        assertEquals(1.75 * Math.log(2), m.entropy(), 1e-12);
    }

    @Test
    void uniformTextOverVTokensHasPerplexityV() {
        int[] ids = new int[500];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 5;
        }
        assertEquals(5.0, UnigramModel.fit(ids, 5, 0).crossEntropy(ids).perplexity(), 1e-12);
    }

    @Test
    void addOneSmoothingGivesUnseenTokensMass() {
        UnigramModel m = UnigramModel.fit(new int[] {0, 0, 1}, 3, 1.0);
        assertArrayEquals(new double[] {3 / 6.0, 2 / 6.0, 1 / 6.0}, m.probabilities(), 1e-15);
        assertEquals(Math.log(6.0), m.crossEntropy(new int[] {2}).nats(), 1e-15);
        // without smoothing an unseen token costs -ln(2.2e-16), not infinity
        assertEquals(-Math.log(Math.ulp(1.0)), UnigramModel.fit(new int[] {0}, 2, 0).crossEntropy(new int[] {1})
                .nats(), 1e-12);
    }

    @Test
    void badInputIsNamed() {
        assertEquals("ids[1] is 3, outside the classes 0..2", assertThrows(IllegalArgumentException.class,
                () -> UnigramModel.fit(new int[] {0, 3}, 3, 0)).getMessage());
        assertEquals("ids must not be empty", assertThrows(IllegalArgumentException.class,
                () -> UnigramModel.fit(new int[0], 3, 0)).getMessage());
        assertEquals("smoothing must be a finite number >= 0, but is -1.0", assertThrows(
                IllegalArgumentException.class, () -> UnigramModel.fit(new int[] {0}, 3, -1)).getMessage());
        assertEquals("vocabularySize must be >= 1, but is 0", assertThrows(IllegalArgumentException.class,
                () -> UnigramModel.fit(new int[] {0}, 0, 0)).getMessage());
        UnigramModel m = UnigramModel.fit(new int[] {0}, 2, 1);
        assertEquals("ids[0] is -1, outside the classes 0..1", assertThrows(IllegalArgumentException.class,
                () -> m.crossEntropy(new int[] {-1})).getMessage());
    }
}
