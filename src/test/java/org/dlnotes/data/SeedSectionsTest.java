package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.dlnotes.data.SeedSection.Verdict;
import org.dlnotes.data.SeedSection.Where;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import tech.tablesaw.api.Table;

class SeedSectionsTest {

    /** The seed articles, when this checkout has them: property, environment variable, or next to the repository. */
    static final String SEEDS_PROPERTY = "dlnotes.seeds";
    static final String SEEDS_ENV = "DLNOTES_SEEDS";

    private static final String HEADER = String.join("\t", SeedSections.HEADER);
    private static final String GOOD = "003\t57\t3\t举例说明\t01 §Article 003's example, recomputed; 04 §7\tmeasured"
            + "\te^{−1} is 0.368, not 0.64";

    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("sections.tsv");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    /** Headings (without their # marks) of every notebook, by id: {@code 05a} → headings of 05a-*.ipynb. */
    private static Map<String, List<String>> notebookHeadings() throws IOException {
        Path notebooks = Path.of("notebooks");
        assertTrue(Files.isDirectory(notebooks), "the repository's notebooks folder, from " + Path.of("").toAbsolutePath());
        Map<String, List<String>> headings = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(notebooks)) {
            for (Path nb : files.filter(f -> f.toString().endsWith(".ipynb")).toList()) {
                String id = nb.getFileName().toString().split("-", 2)[0];
                List<String> list = new ArrayList<>();
                for (JsonNode cell : json.readTree(nb.toFile()).get("cells")) {
                    if (!cell.get("cell_type").asText().equals("markdown")) {
                        continue;
                    }
                    StringBuilder source = new StringBuilder();
                    cell.get("source").forEach(s -> source.append(s.asText()));
                    boolean code = false;
                    for (String line : source.toString().split("\n")) {
                        if (line.strip().startsWith("```")) {
                            code = !code;
                        } else if (!code && line.startsWith("#")) {
                            list.add(line.replaceFirst("^#+", "").strip());
                        }
                    }
                }
                assertEquals(null, headings.put(id, list), "two notebooks with the id " + id);
            }
        }
        return headings;
    }

    private static Path seedsFolder() {
        String configured = System.getProperty(SEEDS_PROPERTY, System.getenv(SEEDS_ENV));
        return configured != null ? Path.of(configured) : Path.of("..", "shared", "seeds");
    }

    @Test
    void shippedFileLoadsVerifiedAndItsCountsAddUp() {
        SeedSections sections = SeedSections.load();     // checks SHA256SUMS
        Map<Verdict, Integer> counts = sections.countByVerdict();
        assertEquals(Verdict.values().length, counts.size());
        assertEquals(sections.size(), counts.values().stream().mapToInt(Integer::intValue).sum());
        for (Verdict v : Verdict.values()) {
            assertEquals(sections.sections().stream().filter(s -> s.verdict() == v).count(), (long) counts.get(v),
                    v.label());
            assertTrue(counts.get(v) > 0, v.label() + " is used");
        }
        Table table = sections.counts();
        assertEquals(SeedSections.ARTICLES.size() + 1, table.rowCount());
        int last = table.rowCount() - 1;
        assertEquals("all", table.stringColumn("article").get(last));
        assertEquals(sections.size(), table.intColumn("sections").get(last));
        for (Verdict v : Verdict.values()) {
            assertEquals(counts.get(v), table.intColumn(v.label()).get(last), v.label());
            int perArticle = 0;
            for (int r = 0; r < last; r++) {
                perArticle += table.intColumn(v.label()).get(r);
            }
            assertEquals(counts.get(v), perArticle, v.label() + " summed over the articles");
        }
        int headingOnly = (int) sections.sections().stream().filter(SeedSection::headingOnly).count();
        assertEquals(headingOnly, table.intColumn("of which heading only").get(last));
        assertEquals(counts.get(Verdict.NOT_MEASURABLE) - headingOnly, sections.notMeasurable().rowCount());
        assertEquals(headingOnly, sections.headingOnlyLines().values().stream().mapToInt(List::size).sum());
        assertEquals(sections.size(), sections.table().rowCount());
        for (String article : SeedSections.ARTICLES) {
            assertFalse(sections.of(article).isEmpty(), article);
        }
    }

    @Test
    void shippedFileKeepsTheKnownVerdicts() {
        SeedSections sections = SeedSections.load();
        SeedSection example = find(sections, "003", 57);
        assertEquals("举例说明", example.heading());
        assertEquals(Verdict.MEASURED, example.verdict());
        assertTrue(example.notebooks().stream().anyMatch(w -> w.notebook().equals("04")), example.notebooksText());
        assertEquals(Verdict.NOT_MEASURABLE, find(sections, "004", 200).verdict(), "BERT on IMDB needs downloads");
        assertEquals(Verdict.MEASURED, find(sections, "001", 318 + 10).verdict(), "9.5.2 is measured in 09g and 09h");
        assertTrue(find(sections, "000", 31).headingOnly(), "000 chapter 3 has no text before 3.1");
    }

    private static SeedSection find(SeedSections sections, String article, int line) {
        return sections.of(article).stream().filter(s -> s.line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no section at " + article + " line " + line));
    }

    @Test
    void everyNotebookAndSectionItNamesExists() throws IOException {
        Map<String, List<String>> headings = notebookHeadings();
        assertTrue(headings.size() >= 20, "notebooks found: " + headings.keySet());
        List<String> missing = new ArrayList<>();
        int references = 0;
        for (SeedSection s : SeedSections.load().sections()) {
            for (Where w : s.notebooks()) {
                references++;
                List<String> hs = headings.get(w.notebook());
                if (hs == null) {
                    missing.add(s.article() + " line " + s.line() + ": no notebook " + w.notebook() + "-*.ipynb");
                } else if (hs.stream().noneMatch(w::matches)) {
                    missing.add(s.article() + " line " + s.line() + ": no heading '" + w.section() + "' in "
                            + w.notebook());
                }
            }
        }
        assertTrue(references > 200, "references checked: " + references);
        assertEquals(List.of(), missing);
    }

    @Test
    void whenTheSeedsArePresentEveryHeadingOfEverySeedIsInTheFileAtItsLine() throws IOException {
        Path seeds = seedsFolder();
        boolean present = Files.isDirectory(seeds);
        if (!present) {
            System.out.println("SeedSectionsTest: skipped the seed check, no seeds folder at " + seeds.toAbsolutePath()
                    + " (set -D" + SEEDS_PROPERTY + " or " + SEEDS_ENV + ")");
        }
        assumeTrue(present, "no seeds folder at " + seeds.toAbsolutePath() + " (set -D" + SEEDS_PROPERTY + " or "
                + SEEDS_ENV + "); the seed check is skipped");
        SeedSections sections = SeedSections.load();
        for (String article : SeedSections.ARTICLES) {
            List<Path> files;
            try (Stream<Path> list = Files.list(seeds)) {
                files = list.filter(f -> f.getFileName().toString().startsWith(article + "_")).toList();
            }
            assertEquals(1, files.size(), "one seed file " + article + "_*.txt in " + seeds);
            List<String> expected = SeedSections.headingsOf(files.get(0)).stream()
                    .map(h -> h.line() + " " + h.level() + " " + h.text()).toList();
            List<String> actual = sections.of(article).stream()
                    .map(s -> s.line() + " " + s.level() + " " + s.heading()).toList();
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                assertEquals(expected.get(i), actual.get(i), "heading " + (i + 1) + " of " + files.get(0)
                        + " (line, level, text) against " + SeedSections.FILE);
            }
            assertEquals(expected.size(), actual.size(), "headings of " + files.get(0) + " against rows of article "
                    + article + " in " + SeedSections.FILE);
        }
    }

    @Test
    void headingsInCodeBlocksAreNotSections() throws IOException {
        Path seed = write("## 1. 背景", "```python", "# 训练模型", "## not a heading either", "```",
                "`````````markdown", "## 7. 实际应用场景", "   ```bash", "## inside bash", "   ```", "#### 5.1 环境",
                "# level one", "##no space");
        assertEquals(List.of(new SeedSections.Heading(1, 2, "1. 背景"), new SeedSections.Heading(7, 2, "7. 实际应用场景"),
                new SeedSections.Heading(11, 4, "5.1 环境")), SeedSections.headingsOf(seed));
    }

    @Test
    void readsOneRowAndMatchesNotebookHeadings() throws IOException {
        SeedSections sections = SeedSections.load(write(HEADER, GOOD));
        SeedSection s = sections.sections().get(0);
        assertEquals(List.of(new Where("01", "Article 003's example, recomputed"), new Where("04", "7")), s.notebooks());
        Where seven = s.notebooks().get(1);
        assertTrue(seven.matches("7 · Price decay: continuous or compounded (article 003)"));
        assertFalse(seven.matches("70 · something else"));
        assertTrue(new Where("09b", "").matches("any heading"));
        assertEquals(1, sections.countByVerdict().get(Verdict.MEASURED));
        assertEquals(0, sections.countByVerdict().get(Verdict.SHOWN));
    }

    @Test
    void badRowsNameTheFileTheLineAndTheProblem() throws IOException {
        DataException header = assertThrows(DataException.class, () -> SeedSections.load(write("article\tline", GOOD)));
        assertTrue(header.getMessage().contains("sections.tsv line 1"), header.getMessage());
        DataException cells = assertThrows(DataException.class, () -> SeedSections.load(write(HEADER, "003\t57\t3")));
        assertTrue(cells.getMessage().contains("sections.tsv line 2") && cells.getMessage().contains("3 cells"),
                cells.getMessage());
        DataException verdict = assertThrows(DataException.class,
                () -> SeedSections.load(write(HEADER, GOOD.replace("\tmeasured\t", "\tcovered\t"))));
        assertTrue(verdict.getMessage().contains("line 2") && verdict.getMessage().contains("'covered'"),
                verdict.getMessage());
        DataException reference = assertThrows(DataException.class,
                () -> SeedSections.load(write(HEADER, GOOD.replace("04 §7", "notebook four"))));
        assertTrue(reference.getMessage().contains("'notebook four'"), reference.getMessage());
        DataException noNotebook = assertThrows(DataException.class, () -> SeedSections.load(
                write(HEADER, GOOD.replace("01 §Article 003's example, recomputed; 04 §7", ""))));
        assertTrue(noNotebook.getMessage().contains("must name the notebooks"), noNotebook.getMessage());
        DataException noNote = assertThrows(DataException.class,
                () -> SeedSections.load(write(HEADER, GOOD.substring(0, GOOD.lastIndexOf('\t') + 1))));
        assertTrue(noNote.getMessage().contains("note must say"), noNote.getMessage());
        DataException level = assertThrows(DataException.class,
                () -> SeedSections.load(write(HEADER, GOOD.replace("\t57\t3\t", "\t57\t5\t"))));
        assertTrue(level.getMessage().contains("level"), level.getMessage());
        DataException line = assertThrows(DataException.class,
                () -> SeedSections.load(write(HEADER, GOOD.replace("\t57\t", "\tfifty\t"))));
        assertTrue(line.getMessage().contains("'fifty'"), line.getMessage());
        DataException order = assertThrows(DataException.class, () -> SeedSections.load(write(HEADER, GOOD, GOOD)));
        assertTrue(order.getMessage().contains("line 3") && order.getMessage().contains("must come after"),
                order.getMessage());
        DataException article = assertThrows(DataException.class,
                () -> SeedSections.load(write(HEADER, GOOD.replace("003\t", "005\t"))));
        assertTrue(article.getMessage().contains("'005'"), article.getMessage());
        assertThrows(DataException.class, () -> SeedSections.load(write(HEADER)));
    }
}
