package org.dlnotes.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dlnotes.data.SeedSection.Verdict;
import org.dlnotes.data.SeedSection.Where;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Every section of the five seed articles and where the book covers it, from the hand-curated
 * {@code data/references/seed-sections.tsv} (UTF-8, tab-separated, one row per {@code ##}, {@code ###} or
 * {@code ####} heading of every seed, in seed and line order; see {@code data/README.md}).
 *
 * <pre>{@code
 * SeedSections sections = SeedSections.load();
 * Table counts = sections.counts();             // per article: measured, shown, not measurable here
 * Table open = sections.notMeasurable();        // the not-measurable sections with their reasons
 * }</pre>
 */
public final class SeedSections {

    /** File name in {@code data/}. */
    public static final String FILE = "references/seed-sections.tsv";

    /** The header the file must have, in this order. */
    public static final List<String> HEADER = List.of("article", "line", "level", "heading", "notebooks", "verdict",
            "note");

    /** The five seeds, in order. */
    public static final List<String> ARTICLES = List.of("000", "001", "002", "003", "004");

    private static final Pattern HEADING = Pattern.compile("(#{2,4}) (.*)");

    /**
     * A heading found in a seed file.
     *
     * @param line its line, counting from 1
     * @param level the number of {@code #}
     * @param text the text after the marks and one space, verbatim
     */
    public record Heading(int line, int level, String text) {
    }

    private final List<SeedSection> sections;

    private SeedSections(List<SeedSection> sections) {
        this.sections = List.copyOf(sections);
    }

    /** The shipped file, located with {@link DataFolder#locate()} and verified against {@code SHA256SUMS}. */
    public static SeedSections load() {
        return load(DataFolder.locate().file(FILE));
    }

    /**
     * Reads and validates a section file.
     *
     * @throws DataException naming the file and line of the first bad row: wrong header, not 7 tab-separated cells,
     *     an article outside 000..004, a line or level that is not a number (level 2..4), an empty heading, a notebook
     *     reference that is not {@code ID} or {@code ID §SECTION}, an unknown verdict, a measured or shown section
     *     without notebooks, an empty note, or a row not after the previous one in (article, line) order
     */
    public static SeedSections load(Path file) {
        List<SeedSection> sections = new ArrayList<>();
        for (TsvRows.Row row : TsvRows.read(file, HEADER).rows()) {
            String where = row.where();
            String[] c = row.cells();
            SeedSection s;
            try {
                List<Where> notebooks = c[4].isEmpty() ? List.of()
                        : Arrays.stream(c[4].split("; ", -1)).map(Where::parse).toList();
                s = new SeedSection(c[0], number(c[1], "line"), number(c[2], "level"), c[3], notebooks,
                        Verdict.of(c[5]), c[6]);
            } catch (IllegalArgumentException e) {
                throw new DataException(where + ": " + e.getMessage() + ".", e);
            }
            if (!sections.isEmpty()) {
                SeedSection previous = sections.get(sections.size() - 1);
                int order = previous.article().compareTo(s.article());
                if (order > 0 || order == 0 && previous.line() >= s.line()) {
                    throw new DataException(where + ": article " + s.article() + " line " + s.line()
                            + " must come after article " + previous.article() + " line " + previous.line() + ".");
                }
            }
            sections.add(s);
        }
        return new SeedSections(sections);
    }

    private static int number(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number");
        }
    }

    /**
     * The {@code ##}, {@code ###} and {@code ####} headings of a seed file, the rule by which the file's rows were
     * listed. A line is a heading when it starts with two to four {@code #} and a space and is not inside a code
     * block. A code block starts and ends at a fence, a line whose text (leading spaces removed) starts with three
     * backticks; fences that name {@code markdown} are not code: article 003 wraps its later drafts in them, and their
     * headings are sections like any other. So {@code # 训练模型} inside a {@code python} block is not a section, and
     * the {@code ## 7. 实际应用场景} of a {@code markdown}-fenced draft is.
     */
    public static List<Heading> headingsOf(Path seed) {
        List<String> lines;
        try {
            lines = Files.readAllLines(seed, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + seed, e);
        }
        List<Heading> headings = new ArrayList<>();
        boolean code = false;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.startsWith("```")) {
                if (!text.contains("markdown")) {
                    code = !code;
                }
                continue;
            }
            Matcher m = HEADING.matcher(lines.get(i));
            if (!code && m.matches()) {
                headings.add(new Heading(i + 1, m.group(1).length(), m.group(2)));
            }
        }
        return headings;
    }

    /** All sections, in file order (by article, then line). */
    public List<SeedSection> sections() {
        return sections;
    }

    /** The sections of one article, in line order. */
    public List<SeedSection> of(String article) {
        return sections.stream().filter(s -> s.article().equals(article)).toList();
    }

    /** Number of sections. */
    public int size() {
        return sections.size();
    }

    /** Number of sections with each verdict, every verdict present (0 where none). */
    public Map<Verdict, Integer> countByVerdict() {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        sections.forEach(s -> counts.merge(s.verdict(), 1, Integer::sum));
        return counts;
    }

    /**
     * Per article (000..004, then {@code all}): the sections with each verdict, how many of the not-measurable ones
     * are {@linkplain SeedSection#headingOnly() headings only}, and the total.
     */
    public Table counts() {
        List<String> rows = new ArrayList<>(ARTICLES);
        rows.add("all");
        StringColumn article = StringColumn.create("article");
        Map<Verdict, IntColumn> byVerdict = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            byVerdict.put(v, IntColumn.create(v.label()));
        }
        IntColumn headingOnly = IntColumn.create("of which heading only");
        IntColumn total = IntColumn.create("sections");
        for (String a : rows) {
            List<SeedSection> part = a.equals("all") ? sections : of(a);
            article.append(a);
            for (Verdict v : Verdict.values()) {
                byVerdict.get(v).append((int) part.stream().filter(s -> s.verdict() == v).count());
            }
            headingOnly.append((int) part.stream().filter(SeedSection::headingOnly).count());
            total.append(part.size());
        }
        Table t = Table.create("seed sections by verdict", article);
        byVerdict.values().forEach(t::addColumns);
        return t.addColumns(headingOnly, total);
    }

    /**
     * The not-measurable sections that are more than a heading: {@code article}, {@code line}, {@code heading},
     * {@code notebooks}, {@code reason}.
     */
    public Table notMeasurable() {
        List<SeedSection> open = sections.stream()
                .filter(s -> s.verdict() == Verdict.NOT_MEASURABLE && !s.headingOnly()).toList();
        return Table.create("seed sections not measurable here",
                StringColumn.create("article", open.stream().map(SeedSection::article).toList()),
                IntColumn.create("line", open.stream().mapToInt(SeedSection::line).toArray()),
                StringColumn.create("heading", open.stream().map(SeedSection::heading).toList()),
                StringColumn.create("notebooks", open.stream().map(SeedSection::notebooksText).toList()),
                StringColumn.create("reason", open.stream().map(SeedSection::note).toList()));
    }

    /** Per article, the lines of the {@linkplain SeedSection#headingOnly() heading-only} sections, in order. */
    public Map<String, List<Integer>> headingOnlyLines() {
        Map<String, List<Integer>> lines = new TreeMap<>();
        sections.stream().filter(SeedSection::headingOnly)
                .forEach(s -> lines.computeIfAbsent(s.article(), a -> new ArrayList<>()).add(s.line()));
        return lines;
    }

    /** The sections as a table: the file's seven columns. */
    public Table table() {
        return Table.create("seed sections and where they are covered",
                StringColumn.create("article", sections.stream().map(SeedSection::article).toList()),
                IntColumn.create("line", sections.stream().mapToInt(SeedSection::line).toArray()),
                IntColumn.create("level", sections.stream().mapToInt(SeedSection::level).toArray()),
                StringColumn.create("heading", sections.stream().map(SeedSection::heading).toList()),
                StringColumn.create("notebooks", sections.stream().map(SeedSection::notebooksText).toList()),
                StringColumn.create("verdict", sections.stream().map(s -> s.verdict().label()).toList()),
                StringColumn.create("note", sections.stream().map(SeedSection::note).toList()));
    }

    @Override
    public String toString() {
        return "SeedSections[" + size() + " sections, " + countByVerdict() + "]";
    }
}
