package org.dlnotes.data;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ##}, {@code ###} or {@code ####} heading of a seed article, with the notebooks that cover it and how: a row
 * of {@code data/references/seed-sections.tsv} (see {@link SeedSections}).
 *
 * @param article the seed, {@code 000} to {@code 004}
 * @param line the heading's line in the seed file, counting from 1
 * @param level the number of {@code #}: 2, 3 or 4
 * @param heading the heading's text, verbatim, without the {@code #} marks
 * @param notebooks where it is covered, in the file's order; empty only for a {@link Verdict#NOT_MEASURABLE} row
 * @param verdict how it is covered
 * @param note what the named cells measure or show, or why the section is not measurable here; never empty
 */
public record SeedSection(String article, int line, int level, String heading, List<Where> notebooks, Verdict verdict,
        String note) {

    /** The note of a section whose only text introduces its subsections starts with this. */
    public static final String HEADING_ONLY = "heading only";

    /** How a notebook covers a section. */
    public enum Verdict {
        /** A notebook cell computes or checks what the section claims. */
        MEASURED("measured"),
        /** The section is quoted or discussed beside a computed counterpart, but its own claim is not what is computed. */
        SHOWN("shown"),
        /** Nothing here can measure it; the note says why. */
        NOT_MEASURABLE("not measurable here");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        /** The verdict as the file writes it. */
        public String label() {
            return label;
        }

        /**
         * The verdict written as {@code label}.
         *
         * @throws IllegalArgumentException naming the label and the allowed ones
         */
        public static Verdict of(String label) {
            return TsvRows.labelled(values(), Verdict::label, label, "verdict");
        }
    }

    /**
     * A place in the book: a notebook, by the prefix of its file name ({@code 05a} for
     * {@code notebooks/05a-article-000-mlp.ipynb}), and optionally one of its sections, by the start of its heading
     * ({@code 12} for {@code ## 12 · The articles' pros and cons}, {@code Mistake 2} for
     * {@code ## Mistake 2: dividing by 255}); empty for the whole notebook.
     */
    public record Where(String notebook, String section) {

        private static final Pattern TEXT = Pattern.compile("(\\d\\d[a-z]?)(?: §(\\S.*))?");

        /** Checks the notebook id (two digits and an optional letter) and the section. */
        public Where {
            if (notebook == null || !notebook.matches("\\d\\d[a-z]?")) {
                throw new IllegalArgumentException("notebook '" + notebook + "' is not a notebook id such as 05a");
            }
            section = Objects.requireNonNullElse(section, "").strip();
        }

        /**
         * Parses {@code 05a §Mistake 2} or {@code 09b}.
         *
         * @throws IllegalArgumentException naming the text
         */
        public static Where parse(String text) {
            Matcher m = TEXT.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("notebook reference '" + text
                        + "' is not 'ID' or 'ID §SECTION' (e.g. '05a §Mistake 2')");
            }
            return new Where(m.group(1), m.group(2));
        }

        /**
         * Whether {@code heading} (a notebook heading's text without its {@code #} marks) is this section: it starts
         * with the section text, followed by its end or by a character that is not a letter or digit.
         */
        public boolean matches(String heading) {
            if (section.isEmpty() || !heading.startsWith(section)) {
                return section.isEmpty();
            }
            return heading.length() == section.length() || !Character.isLetterOrDigit(heading.charAt(section.length()));
        }

        @Override
        public String toString() {
            return section.isEmpty() ? notebook : notebook + " §" + section;
        }
    }

    /** Checks every part; see {@link SeedSections#load(java.nio.file.Path)} for the rules. */
    public SeedSection {
        Objects.requireNonNull(verdict, "verdict");
        if (article == null || !article.matches("00[0-4]")) {
            throw new IllegalArgumentException("article must be 000..004, but is '" + article + "'");
        }
        if (line < 1) {
            throw new IllegalArgumentException("line must be a line number from 1, but is " + line);
        }
        if (level < 2 || level > 4) {
            throw new IllegalArgumentException("level must be 2, 3 or 4 (##, ###, ####), but is " + level);
        }
        if (heading == null || heading.isBlank()) {
            throw new IllegalArgumentException("heading must not be empty");
        }
        notebooks = List.copyOf(notebooks);
        if (verdict != Verdict.NOT_MEASURABLE && notebooks.isEmpty()) {
            throw new IllegalArgumentException("a '" + verdict.label() + "' section must name the notebooks that cover it: "
                    + heading);
        }
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException("note must say what is measured or shown, or why not measurable: "
                    + heading);
        }
    }

    /** A not-measurable section whose only text is its heading or one introductory sentence. */
    public boolean headingOnly() {
        return verdict == Verdict.NOT_MEASURABLE && note.startsWith(HEADING_ONLY);
    }

    /** The notebooks as the file writes them, {@code 05a §2; 04 §3}. */
    public String notebooksText() {
        return String.join("; ", notebooks.stream().map(Where::toString).toList());
    }
}
