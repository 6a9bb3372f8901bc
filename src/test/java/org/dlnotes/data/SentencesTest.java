package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

class SentencesTest {

    private static final Sentences ALL = Datasets.sentiment();

    @Test
    void stratifiedSplitIsDisjointAndBalanced() {
        Sentences.Split split = ALL.split(0.8, 0.1, 4);
        assertEquals(Map.of("negative", 1200, "positive", 1200), split.train().classCounts());
        assertEquals(Map.of("negative", 150, "positive", 150), split.validation().classCounts());
        assertEquals(Map.of("negative", 150, "positive", 150), split.test().classCounts());
        Set<Sentences.Sentence> train = new HashSet<>(split.train().rows());
        long overlap = split.test().rows().stream().filter(train::contains).count();
        long duplicatesInData = ALL.size() - new HashSet<>(ALL.rows()).size();
        assertTrue(overlap <= duplicatesInData, overlap + " test sentences also in train");
    }

    @Test
    void encodePadsMasksAndOneHotEncodes() {
        Sentences two = Sentences.of(List.of(
                new Sentences.Sentence("t", "positive", "Great phone, great price"),
                new Sentences.Sentence("t", "negative", "Awful")));
        Vocabulary vocab = Vocabulary.words(two.texts(), 10);
        assertEquals(List.of("<pad>", "<unk>", "great", "awful", "phone", "price"), vocab.tokens());
        DataSet data = two.encode(vocab, 3);
        assertArrayEquals(new float[] {2, 4, 2}, data.getFeatures().getRow(0).toFloatVector());
        assertArrayEquals(new float[] {3, 0, 0}, data.getFeatures().getRow(1).toFloatVector());
        assertArrayEquals(new float[] {1, 1, 1}, data.getFeaturesMaskArray().getRow(0).toFloatVector());
        assertArrayEquals(new float[] {1, 0, 0}, data.getFeaturesMaskArray().getRow(1).toFloatVector());
        assertArrayEquals(new float[] {0, 1}, data.getLabels().getRow(0).toFloatVector());
        assertArrayEquals(new float[] {1, 0}, data.getLabels().getRow(1).toFloatVector());
    }

    @Test
    void everyShippedSentenceEncodesAndBatchesCarryMasks() {
        Vocabulary vocab = Vocabulary.words(ALL.texts(), 2000);
        assertEquals(2000, vocab.size());
        assertEquals("the", vocab.token(2));
        DataSetIterator it = ALL.batches(vocab, 40, 64, 1);
        int rows = 0;
        while (it.hasNext()) {
            DataSet batch = it.next();
            assertArrayEquals(new long[] {batch.numExamples(), 40}, batch.getFeaturesMaskArray().shape());
            assertTrue(batch.getFeaturesMaskArray().getColumn(0).minNumber().doubleValue() == 1.0,
                    "every sentence has at least one token");
            rows += batch.numExamples();
        }
        assertEquals(3000, rows);
    }

    @Test
    void badInputIsRejected() {
        assertEquals("unknown label 'neutral'; expected one of [negative, positive]",
                assertThrows(IllegalArgumentException.class, () -> new Sentences.Sentence("x", "neutral", "ok")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sentences.Sentence("x", "positive", " "));
        assertTrue(assertThrows(DataException.class, () -> Sentences.of(List.of())).getMessage().contains("empty"));
        assertEquals("source 'twitter' is unknown; sources are [amazon, imdb, yelp]",
                assertThrows(IllegalArgumentException.class, () -> ALL.source("twitter")).getMessage());
        Sentences punctuation = Sentences.of(List.of(new Sentences.Sentence("x", "positive", "!!!")));
        Vocabulary vocab = Vocabulary.words(ALL.texts(), 100);
        assertTrue(assertThrows(DataException.class, () -> punctuation.encode(vocab, 5)).getMessage()
                .contains("has no word token"));
        assertThrows(IllegalArgumentException.class, () -> ALL.encode(Vocabulary.characters("abc"), 5));
        assertThrows(IllegalArgumentException.class, () -> ALL.encode(vocab, 0));
    }

    @Test
    void sampleKeepsBalance() {
        Sentences sample = ALL.sample(300, 2);
        assertEquals(Map.of("negative", 150, "positive", 150), sample.classCounts());
    }
}
