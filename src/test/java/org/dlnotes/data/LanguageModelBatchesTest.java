package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

class LanguageModelBatchesTest {

    private static final Vocabulary CHARS = Vocabulary.characters("abcdefghij");

    @Test
    void labelsAreInputsShiftedByOne() {
        int[] ids = CHARS.encode("abcdefghij");
        DataSetIterator it = LanguageModelBatches.of(ids, CHARS.size()).length(3).batchSize(2).seed(1).iterator();
        List<String> inputs = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        while (it.hasNext()) {
            DataSet batch = it.next();
            long b = batch.numExamples();
            assertArrayEquals(new long[] {b, 10, 3}, batch.getFeatures().shape());
            assertArrayEquals(new long[] {b, 10, 3}, batch.getLabels().shape());
            for (int i = 0; i < b; i++) {
                int[] in = Nd4j.argMax(batch.getFeatures().slice(i), 0).toIntVector();
                int[] out = Nd4j.argMax(batch.getLabels().slice(i), 0).toIntVector();
                inputs.add(CHARS.decode(in));
                targets.add(CHARS.decode(out));
                assertEquals(3.0, batch.getLabels().slice(i).sumNumber().doubleValue());
            }
        }
        List<String> sorted = new ArrayList<>(inputs);
        sorted.sort(null);
        assertEquals(List.of("abc", "def", "ghi"), sorted);
        for (int i = 0; i < inputs.size(); i++) {
            assertEquals(inputs.get(i).substring(1), targets.get(i).substring(0, 2));
        }
    }

    @Test
    void indexInputsAndEpochReshuffle() {
        String text = Datasets.mobyDick();
        Vocabulary chars = Vocabulary.characters(text);
        LanguageModelBatches windows = LanguageModelBatches.of(chars.encode(text), chars.size()).length(100)
                .batchSize(16).seed(3).indexInputs().maxWindows(64);
        assertEquals((text.length() - 1) / 100, windows.windows());
        DataSetIterator it = windows.iterator();
        DataSet first = it.next();
        assertArrayEquals(new long[] {16, 100}, first.getFeatures().shape());
        assertArrayEquals(new long[] {16, 83, 100}, first.getLabels().shape());
        int batches = 1;
        while (it.hasNext()) {
            it.next();
            batches++;
        }
        assertEquals(4, batches);
        it.reset();
        assertFalse(first.getFeatures().equals(it.next().getFeatures()), "a new epoch draws new windows");
        assertEquals(first.getFeatures(), windows.iterator().next().getFeatures(), "same seed, same windows");
        // the label at step t is the input id at step t + 1
        int[] in = first.getFeatures().getRow(0).toIntVector();
        int[] next = Nd4j.argMax(first.getLabels().slice(0), 0).toIntVector();
        for (int t = 0; t < 99; t++) {
            assertEquals(in[t + 1], next[t]);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("ids[1] is 10, outside [0, 10)", assertThrows(IllegalArgumentException.class,
                () -> LanguageModelBatches.of(new int[] {0, 10}, 10)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LanguageModelBatches.of(new int[] {0}, 10));
        assertThrows(IllegalArgumentException.class, () -> LanguageModelBatches.of(new int[] {0, 1}, 10).length(0));
        assertThrows(IllegalArgumentException.class, () -> LanguageModelBatches.of(new int[] {0, 1}, 10).batchSize(0));
        assertEquals("The corpus has 3 tokens, fewer than one window of 5 plus one; use a shorter length.",
                assertThrows(DataException.class,
                        () -> LanguageModelBatches.of(new int[] {0, 1, 2}, 10).length(5).iterator()).getMessage());
    }
}
