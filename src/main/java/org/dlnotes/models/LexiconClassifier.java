package org.dlnotes.models;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.dlnotes.data.Vocabulary;

/**
 * A sentiment baseline without training: add up the lexicon scores of a text's words (as split by
 * {@link Vocabulary#tokenize}) and call the text positive when the sum is above zero, negative otherwise (a text
 * with no lexicon word, or whose scores cancel, is negative). With AFINN ({@code Datasets.afinn()}, scores −5 … 5)
 * this is the classic AFINN classifier.
 *
 * <pre>{@code
 * LexiconClassifier afinn = LexiconClassifier.of(Datasets.afinn());
 * int[] predicted = afinn.predict(test.texts());   // 1 positive, 0 negative, as Sentences.labelIndices()
 * }</pre>
 */
public final class LexiconClassifier {

    private final Map<String, Integer> lexicon;

    private LexiconClassifier(Map<String, Integer> lexicon) {
        this.lexicon = lexicon;
    }

    /**
     * A classifier over word scores; words are matched in lower case.
     *
     * @throws IllegalArgumentException if the lexicon is empty or holds a word that is not lower case
     */
    public static LexiconClassifier of(Map<String, Integer> lexicon) {
        Objects.requireNonNull(lexicon, "lexicon");
        if (lexicon.isEmpty()) {
            throw new IllegalArgumentException("lexicon must not be empty");
        }
        for (String word : lexicon.keySet()) {
            if (!word.equals(word.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("lexicon words must be lower case (texts are lower-cased before "
                        + "lookup), but '" + word + "' is not");
            }
        }
        return new LexiconClassifier(Map.copyOf(lexicon));
    }

    /** The sum of the lexicon scores of the text's words (0 if none is in the lexicon). */
    public int score(String text) {
        Objects.requireNonNull(text, "text");
        int sum = 0;
        for (String word : Vocabulary.tokenize(text)) {
            sum += lexicon.getOrDefault(word, 0);
        }
        return sum;
    }

    /** Whether at least one word of the text is in the lexicon. */
    public boolean covers(String text) {
        return Vocabulary.tokenize(Objects.requireNonNull(text, "text")).stream().anyMatch(lexicon::containsKey);
    }

    /** 1 (positive) if {@link #score} is above 0, else 0 (negative). */
    public int predict(String text) {
        return score(text) > 0 ? 1 : 0;
    }

    /** {@link #predict(String)} for every text, in order. */
    public int[] predict(List<String> texts) {
        return texts.stream().mapToInt(this::predict).toArray();
    }
}
