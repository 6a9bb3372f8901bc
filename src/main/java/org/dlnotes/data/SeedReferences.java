package org.dlnotes.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.dlnotes.data.SeedReference.Verdict;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The seed articles' reading lists and bibliographies, every entry checked, from the hand-curated
 * {@code data/references/seed-references.tsv} (UTF-8, tab-separated, one row per distinct entry; see
 * {@code data/README.md}).
 *
 * <pre>{@code
 * SeedReferences refs = SeedReferences.load();
 * Table counts = refs.counts();                 // verdict, entries
 * Table wrong = refs.table().where(refs.table().stringColumn("verdict").isEqualTo("corrected"));
 * }</pre>
 */
public final class SeedReferences {

    /** File name in {@code data/}. */
    public static final String FILE = "references/seed-references.tsv";

    /** The header the file must have, in this order. */
    public static final List<String> HEADER = List.of("article", "lines", "kind", "seed_text", "verdict",
            "corrected_entry", "source", "note");

    private final List<SeedReference> entries;

    private SeedReferences(List<SeedReference> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The shipped file, located with {@link DataFolder#locate()} and verified against {@code SHA256SUMS}. */
    public static SeedReferences load() {
        return load(DataFolder.locate().file(FILE));
    }

    /**
     * Reads and validates a reference file.
     *
     * @throws DataException naming the file and line of the first bad row: wrong header, not 8 tab-separated cells,
     *     an article outside 000..004, lines that are not numbers, an unknown verdict, or a correct or corrected
     *     entry without its corrected entry, source or (for corrected) note
     */
    public static SeedReferences load(Path file) {
        List<SeedReference> entries = new ArrayList<>();
        for (TsvRows.Row row : TsvRows.read(file, HEADER).rows()) {
            String[] c = row.cells();
            try {
                List<Integer> at = Arrays.stream(c[1].split(" ")).map(Integer::valueOf).toList();
                entries.add(new SeedReference(c[0], at, c[2], c[3], Verdict.of(c[4]), c[5], c[6], c[7]));
            } catch (IllegalArgumentException e) {
                throw new DataException(row.where() + ": " + e.getMessage() + ".", e);
            }
        }
        return new SeedReferences(entries);
    }

    /** All entries, in file order (by article). */
    public List<SeedReference> entries() {
        return entries;
    }

    /** Number of entries. */
    public int size() {
        return entries.size();
    }

    /** Number of entries with each verdict, every verdict present (0 where none). */
    public Map<Verdict, Integer> countByVerdict() {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        entries.forEach(e -> counts.merge(e.verdict(), 1, Integer::sum));
        return counts;
    }

    /** The counts of {@link #countByVerdict()} as a table: {@code verdict}, {@code entries}. */
    public Table counts() {
        Map<Verdict, Integer> counts = countByVerdict();
        return Table.create("seed references by verdict",
                StringColumn.create("verdict", counts.keySet().stream().map(Verdict::label).toList()),
                IntColumn.create("entries", counts.values().stream().mapToInt(Integer::intValue).toArray()));
    }

    /**
     * The entries as a table: {@code article}, {@code lines}, {@code kind}, {@code seed text}, {@code verdict},
     * {@code corrected entry}, {@code source}, {@code note}.
     */
    public Table table() {
        return Table.create("seed references, checked",
                StringColumn.create("article", entries.stream().map(SeedReference::article).toList()),
                StringColumn.create("lines", entries.stream().map(e -> e.lines().stream().map(String::valueOf)
                        .collect(Collectors.joining(" "))).toList()),
                StringColumn.create("kind", entries.stream().map(SeedReference::kind).toList()),
                StringColumn.create("seed text", entries.stream().map(SeedReference::seedText).toList()),
                StringColumn.create("verdict", entries.stream().map(e -> e.verdict().label()).toList()),
                StringColumn.create("corrected entry", entries.stream().map(SeedReference::correctedEntry).toList()),
                StringColumn.create("source", entries.stream().map(SeedReference::source).toList()),
                StringColumn.create("note", entries.stream().map(SeedReference::note).toList()));
    }

    @Override
    public String toString() {
        return "SeedReferences[" + size() + " entries, " + countByVerdict() + "]";
    }
}
