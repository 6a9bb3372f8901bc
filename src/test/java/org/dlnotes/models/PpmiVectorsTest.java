package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dlnotes.data.Vocabulary;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

class PpmiVectorsTest {

    @Test
    void ppmiMatchesTheFormulaByHand() {
        List<String> texts = List.of("a b", "a b", "c d");
        Vocabulary words = Vocabulary.words(texts, 10);
        INDArray m = PpmiVectors.of(words).ppmi(texts);
        int a = words.id("a"), b = words.id("b"), c = words.id("c"), d = words.id("d");
        // 6 ordered pairs: (a,b),(b,a) twice, (c,d),(d,c) once; P(a)=P(b)=2/6, P(c)=P(d)=1/6
        assertEquals(Math.log((2 / 6.0) / (2 / 6.0 * 2 / 6.0)), m.getDouble(a, b), 1e-9);
        assertEquals(Math.log((1 / 6.0) / (1 / 6.0 * 1 / 6.0)), m.getDouble(c, d), 1e-9);
        assertEquals(m.getDouble(a, b), m.getDouble(b, a), 0);
        assertEquals(0, m.getDouble(a, c), 0);
        assertEquals(0, m.getDouble(a, a), 0);
        assertEquals(0, m.getRow(0).sumNumber().doubleValue(), 0);   // PAD
    }

    @Test
    void wordsInTheSameCompanyGetCloserVectors() {
        List<String> texts = List.of("good great", "good fine", "great fine", "good great fine",
                "bad awful", "bad poor", "awful poor", "bad awful poor");
        Vocabulary words = Vocabulary.words(texts, 20);
        INDArray v = PpmiVectors.of(words).dimensions(2).fit(texts);
        assertArrayEquals(new long[] {words.size(), 2}, v.shape());
        assertEquals(0, v.getRow(0).norm2Number().doubleValue(), 0);   // PAD
        assertEquals(0, v.getRow(1).norm2Number().doubleValue(), 0);   // UNK
        double same = cosine(v.getRow(words.id("good")), v.getRow(words.id("great")));
        double other = cosine(v.getRow(words.id("good")), v.getRow(words.id("bad")));
        assertTrue(same > 0.9 && other < 0.1, "cosine good/great " + same + ", good/bad " + other);
    }

    @Test
    void averagesOfTheFittedTextsHaveUnitSpread() {
        List<String> texts = List.of("good great", "good fine", "great fine", "bad awful", "bad poor", "awful poor");
        Vocabulary words = Vocabulary.words(texts, 20);
        INDArray v = PpmiVectors.of(words).dimensions(2).fit(texts);
        INDArray averages = org.nd4j.linalg.factory.Nd4j.vstack(texts.stream()
                .map(t -> v.getRows(words.encode(t)).mean(0).reshape(1, 2)).toArray(INDArray[]::new));
        assertArrayEquals(new double[] {1, 1}, averages.std(0).toDoubleVector(), 1e-5);
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        Vocabulary words = Vocabulary.words(List.of("a b c"), 10);
        var e = assertThrows(IllegalArgumentException.class, () -> PpmiVectors.of(words).dimensions(4));
        assertTrue(e.getMessage().contains("dimensions must be in 1..3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PpmiVectors.of(words).fit(List.of("a", "zzz")));
        assertTrue(e.getMessage().contains("two distinct vocabulary words"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PpmiVectors.of(Vocabulary.characters("ab")));
        assertTrue(e.getMessage().contains("word-level"), e.getMessage());
    }

    private static double cosine(INDArray a, INDArray b) {
        return Transforms.cosineSim(a, b);
    }
}
