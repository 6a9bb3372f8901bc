package org.dlnotes.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed mapping between tokens and ids 0..size-1: either characters (every character of a corpus, strict) or
 * words (the most frequent words plus {@link #PAD} = 0 and {@link #UNK} = 1 for words not in it).
 */
public final class Vocabulary {

    /** Word-level padding token, id 0. */
    public static final String PAD = "<pad>";
    /** Word-level token for words outside the vocabulary, id 1. */
    public static final String UNK = "<unk>";

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}\\p{N}]+)*");

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final boolean wordLevel;

    private Vocabulary(List<String> tokens, boolean wordLevel) {
        this.tokens = List.copyOf(tokens);
        this.wordLevel = wordLevel;
        this.ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
        }
    }

    /**
     * Every distinct character of {@code text} (by code point), in code-point order.
     *
     * @throws IllegalArgumentException if the text is empty
     */
    public static Vocabulary characters(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("text is empty; a character vocabulary needs at least one character");
        }
        TreeSet<Integer> codePoints = new TreeSet<>();
        text.codePoints().forEach(codePoints::add);
        List<String> tokens = new ArrayList<>();
        codePoints.forEach(cp -> tokens.add(new String(Character.toChars(cp))));
        return new Vocabulary(tokens, false);
    }

    /**
     * {@link #PAD}, {@link #UNK}, then the {@code maxSize - 2} most frequent words of {@code texts} (ties in
     * alphabetical order), words as split by {@link #tokenize(String)}.
     *
     * @throws IllegalArgumentException if maxSize &lt; 3 or the texts hold no word
     */
    public static Vocabulary words(List<String> texts, int maxSize) {
        if (maxSize < 3) {
            throw new IllegalArgumentException("maxSize must be at least 3 (pad, unk and one word), but is " + maxSize);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String text : texts) {
            tokenize(text).forEach(w -> counts.merge(w, 1, Integer::sum));
        }
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("texts hold no word (" + texts.size() + " texts)");
        }
        List<String> tokens = new ArrayList<>(List.of(PAD, UNK));
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(maxSize - 2L)
                .forEach(e -> tokens.add(e.getKey()));
        return new Vocabulary(tokens, true);
    }

    /** Lower-cased words: runs of letters and digits, with inner apostrophes kept ("don't"). */
    public static List<String> tokenize(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /** Number of tokens (ids are 0..size-1). */
    public int size() {
        return tokens.size();
    }

    /** Whether this is a word vocabulary (else characters). */
    public boolean wordLevel() {
        return wordLevel;
    }

    /** All tokens, by id. */
    public List<String> tokens() {
        return tokens;
    }

    /**
     * The id of {@code token}; for words outside the vocabulary the id of {@link #UNK}.
     *
     * @throws IllegalArgumentException for a character outside a character vocabulary
     */
    public int id(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            if (wordLevel) {
                return 1;
            }
            throw new IllegalArgumentException("character '" + token + "' (U+" + String.format("%04X",
                    token.codePointAt(0)) + ") is not in this vocabulary of " + size() + " characters");
        }
        return id;
    }

    /**
     * The token with this id.
     *
     * @throws IllegalArgumentException if id is outside [0, size)
     */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("id must be in [0, " + tokens.size() + "), but is " + id);
        }
        return tokens.get(id);
    }

    /**
     * Ids of the characters of {@code text}, or of its words ({@link #tokenize}).
     *
     * @throws IllegalArgumentException for a character outside a character vocabulary, naming its offset
     */
    public int[] encode(String text) {
        if (wordLevel) {
            return tokenize(text).stream().mapToInt(this::id).toArray();
        }
        int[] codePoints = text.codePoints().toArray();
        int[] result = new int[codePoints.length];
        for (int i = 0; i < codePoints.length; i++) {
            try {
                result[i] = id(new String(Character.toChars(codePoints[i])));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + "; found at code point " + i + " of the text", e);
            }
        }
        return result;
    }

    /** The text of these ids: characters concatenated, or words joined by spaces. */
    public String decode(int... ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (wordLevel && sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(token(id));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Vocabulary[" + (wordLevel ? "words" : "characters") + ", " + size() + " tokens]";
    }
}
