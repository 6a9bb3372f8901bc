package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.dlnotes.data.Datasets;
import org.dlnotes.data.Sentences;
import org.dlnotes.metrics.Classification;
import org.junit.jupiter.api.Test;

class LexiconClassifierTest {

    private final LexiconClassifier lexicon = LexiconClassifier.of(Map.of("good", 3, "bad", -3, "not", -1,
            "great", 3));

    @Test
    void scoresAreSumsOfWordScores() {
        assertEquals(6, lexicon.score("Good, GOOD!"));
        assertEquals(-1, lexicon.score("Not great... bad"));
        assertEquals(0, lexicon.score("the phone arrived"));
        assertArrayEquals(new int[] {1, 0, 0, 0}, lexicon.predict(List.of("good", "bad", "neutral words",
                "good bad")));
        assertTrue(lexicon.covers("a good day"));
        assertFalse(lexicon.covers("a day"));
    }

    @Test
    void afinnOnTheShippedSentencesBeatsChanceButIsFarFromPerfect() {
        Sentences all = Datasets.sentiment();
        double accuracy = Classification.accuracy(all.labelIndices(),
                LexiconClassifier.of(Datasets.afinn()).predict(all.texts()));
        assertTrue(accuracy > 0.6 && accuracy < 0.95, "AFINN accuracy " + accuracy);
    }

    @Test
    void badLexiconsAreRejected() {
        assertEquals("lexicon must not be empty", assertThrows(IllegalArgumentException.class,
                () -> LexiconClassifier.of(Map.of())).getMessage());
        assertEquals("lexicon words must be lower case (texts are lower-cased before lookup), but 'Good' is not",
                assertThrows(IllegalArgumentException.class, () -> LexiconClassifier.of(Map.of("Good", 1)))
                        .getMessage());
    }
}
