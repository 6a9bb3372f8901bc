package org.dlnotes.data;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a seed article's reading list or bibliography, as checked in {@code data/references/seed-references.tsv}.
 *
 * @param article the seed article, {@code 000} to {@code 004}
 * @param lines every line of the seed the entry is on (from 1)
 * @param kind book, paper, website, software, course, blog or other
 * @param seedText the entry as the seed writes it
 * @param verdict the outcome of the check
 * @param correctedEntry the right entry (empty where none exists)
 * @param source the page that states the facts of the corrected entry
 * @param note what was wrong, or what the reader should know
 */
public record SeedReference(String article, List<Integer> lines, String kind, String seedText, Verdict verdict,
        String correctedEntry, String source, String note) {

    /** The outcome of checking one entry's author, title, year, venue, identifier and link. */
    public enum Verdict {
        /** Every checked fact is right. */
        CORRECT("correct"),
        /** Something is wrong; the corrected entry and a note say what. */
        CORRECTED("corrected"),
        /** No work matching the entry exists, as far as the cited search shows. */
        NO_SUCH_WORK("no such work found"),
        /** The entry names no work (a place or a genre, not a title). */
        TOO_VAGUE("too vague to check"),
        /** The entry could not be checked from here (an address that no stored source covers). */
        UNVERIFIED("unverified");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        /** The verdict as the file writes it. */
        public String label() {
            return label;
        }

        /**
         * The verdict written {@code label} in the file.
         *
         * @throws IllegalArgumentException naming the allowed labels
         */
        public static Verdict of(String label) {
            return TsvRows.labelled(values(), Verdict::label, label, "verdict");
        }
    }

    /** Checks that the required parts are present and the lines are positive. */
    public SeedReference {
        Objects.requireNonNull(verdict, "verdict");
        if (article == null || !article.matches("00[0-4]")) {
            throw new IllegalArgumentException("article must be 000..004, but is '" + article + "'");
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty() || lines.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("lines must be line numbers from 1, but are " + lines);
        }
        if (kind == null || kind.isBlank() || seedText == null || seedText.isBlank()) {
            throw new IllegalArgumentException("kind and seedText must not be empty");
        }
        correctedEntry = Objects.requireNonNullElse(correctedEntry, "");
        source = Objects.requireNonNullElse(source, "");
        note = Objects.requireNonNullElse(note, "");
        if ((verdict == Verdict.CORRECT || verdict == Verdict.CORRECTED)
                && (correctedEntry.isBlank() || source.isBlank())) {
            throw new IllegalArgumentException("a '" + verdict.label() + "' entry needs a corrected entry and a source: "
                    + seedText);
        }
        if (verdict == Verdict.CORRECTED && note.isBlank()) {
            throw new IllegalArgumentException("a corrected entry needs a note saying what was wrong: " + seedText);
        }
    }
}
