package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    @Test
    void characterVocabularyIsSortedAndRoundTrips() {
        Vocabulary chars = Vocabulary.characters("abca b");
        assertEquals(List.of(" ", "a", "b", "c"), chars.tokens());
        assertArrayEquals(new int[] {1, 2, 3, 1, 0, 2}, chars.encode("abca b"));
        assertEquals("abca b", chars.decode(chars.encode("abca b")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chars.encode("abz"));
        assertEquals("character 'z' (U+007A) is not in this vocabulary of 4 characters; found at code point 2 of the text",
                e.getMessage());
    }

    @Test
    void mobyDickCharacters() {
        String text = Datasets.mobyDick();
        Vocabulary chars = Vocabulary.characters(text);
        assertEquals(83, chars.size());
        assertEquals("\n", chars.token(0));
        int[] ids = chars.encode(text);
        assertEquals(text.length(), ids.length);
        assertEquals("CHAPTER 1. Loomings.", chars.decode(java.util.Arrays.copyOf(ids, 20)));
    }

    @Test
    void wordVocabularyKeepsTheMostFrequentWordsAndMapsOthersToUnk() {
        Vocabulary words = Vocabulary.words(List.of("The cat sat.", "the dog sat", "THE END"), 5);
        assertEquals(List.of(Vocabulary.PAD, Vocabulary.UNK, "the", "sat", "cat"), words.tokens());
        assertArrayEquals(new int[] {2, 4, 1}, words.encode("The cat barked!"));
        assertEquals("the cat <unk>", words.decode(2, 4, 1));
        assertTrue(words.wordLevel());
    }

    @Test
    void tokenizeKeepsInnerApostrophesAndDigits() {
        assertEquals(List.of("don't", "buy", "it", "10", "10"), Vocabulary.tokenize("Don't buy it -- 10/10!"));
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("maxSize must be at least 3 (pad, unk and one word), but is 2",
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.words(List.of("a"), 2)).getMessage());
        assertEquals("texts hold no word (1 texts)",
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.words(List.of("?!"), 10)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.characters(""));
        assertEquals("id must be in [0, 4), but is 4",
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.characters("abc ").token(4)).getMessage());
    }
}
