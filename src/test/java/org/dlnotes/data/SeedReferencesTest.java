package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.dlnotes.data.SeedReference.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tech.tablesaw.api.Table;

class SeedReferencesTest {

    private static final String HEADER = String.join("\t", SeedReferences.HEADER);
    private static final String GOOD = "003\t185 186\tbook\t《人工智能：一种现代方法》（Mitchell著）\tcorrected\tRussell, Norvig. AIMA"
            + "\thttps://aima.cs.berkeley.edu/\twrong author";

    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("refs.tsv");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private SeedReference find(SeedReferences refs, String article, String text) {
        return refs.entries().stream().filter(e -> e.article().equals(article) && e.seedText().contains(text))
                .findFirst().orElseThrow(() -> new AssertionError("no entry of " + article + " with " + text));
    }

    @Test
    void shippedFileLoadsAndItsCountsAddUp() {
        SeedReferences refs = SeedReferences.load();
        Map<Verdict, Integer> counts = refs.countByVerdict();
        assertEquals(refs.size(), counts.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(Verdict.values().length, counts.size());
        for (Verdict v : Verdict.values()) {
            assertEquals(refs.entries().stream().filter(e -> e.verdict() == v).count(), (long) counts.get(v), v.label());
        }
        Table counted = refs.counts();
        assertEquals(refs.size(), (int) counted.intColumn("entries").sum());
        Table table = refs.table();
        assertEquals(refs.size(), table.rowCount());
        assertEquals(counts.get(Verdict.CORRECTED),
                table.where(table.stringColumn("verdict").isEqualTo("corrected")).rowCount());
        for (String article : new String[] {"000", "001", "002", "003", "004"}) {
            assertTrue(refs.entries().stream().anyMatch(e -> e.article().equals(article)), article);
        }
    }

    @Test
    void shippedFileHasTheKnownErrors() {
        SeedReferences refs = SeedReferences.load();
        SeedReference mitchell = find(refs, "003", "（Mitchell著）");
        assertEquals(Verdict.CORRECTED, mitchell.verdict());
        assertTrue(mitchell.correctedEntry().contains("Russell") && mitchell.correctedEntry().contains("Norvig"));
        SeedReference kojima = find(refs, "003", "Kojima et al., 2020");
        assertEquals(Verdict.NO_SUCH_WORK, kojima.verdict());
        assertTrue(kojima.note().contains("GShard") && kojima.note().contains("2205.11916"), kojima.note());
        SeedReference knuth = find(refs, "003", "Kernighan & Ritchie");
        assertEquals(Verdict.CORRECTED, knuth.verdict());
        assertTrue(knuth.correctedEntry().contains("Knuth"));
        // The six corrections notebook 07 showed before the full check.
        assertEquals(Verdict.CORRECTED, find(refs, "000", "Stuart J. Russell").verdict());
        assertEquals(Verdict.CORRECTED, find(refs, "001", "LISA").verdict());
        assertEquals(Verdict.CORRECTED, find(refs, "001", "A Next-Generation").verdict());
        assertEquals(Verdict.CORRECTED, find(refs, "001", "Deep Neural Networks for Language").verdict());
        assertEquals(Verdict.CORRECTED, find(refs, "004", "1412.6980").verdict());
        assertEquals(Verdict.CORRECTED, find(refs, "004", "1910.03340").verdict());
    }

    @Test
    void readsOneRow() throws IOException {
        SeedReferences refs = SeedReferences.load(write(HEADER, GOOD));
        SeedReference e = refs.entries().get(0);
        assertEquals(java.util.List.of(185, 186), e.lines());
        assertEquals(Verdict.CORRECTED, e.verdict());
        assertEquals(1, refs.countByVerdict().get(Verdict.CORRECTED));
        assertEquals(0, refs.countByVerdict().get(Verdict.CORRECT));
    }

    @Test
    void badFilesNameTheLineAndTheProblem() throws IOException {
        DataException header = assertThrows(DataException.class,
                () -> SeedReferences.load(write("article,lines", GOOD)));
        assertTrue(header.getMessage().contains("line 1"), header.getMessage());
        DataException cells = assertThrows(DataException.class,
                () -> SeedReferences.load(write(HEADER, "003\t1\tbook")));
        assertTrue(cells.getMessage().contains("line 2") && cells.getMessage().contains("3 cells"), cells.getMessage());
        DataException verdict = assertThrows(DataException.class,
                () -> SeedReferences.load(write(HEADER, GOOD.replace("\tcorrected\t", "\twrong\t"))));
        assertTrue(verdict.getMessage().contains("'wrong'"), verdict.getMessage());
        DataException missing = assertThrows(DataException.class,
                () -> SeedReferences.load(write(HEADER, GOOD.replace("https://aima.cs.berkeley.edu/", ""))));
        assertTrue(missing.getMessage().contains("needs a corrected entry and a source"), missing.getMessage());
        DataException article = assertThrows(DataException.class,
                () -> SeedReferences.load(write(HEADER, GOOD.replace("003\t", "007\t"))));
        assertTrue(article.getMessage().contains("'007'"), article.getMessage());
        DataException lines = assertThrows(DataException.class,
                () -> SeedReferences.load(write(HEADER, GOOD.replace("185 186", "185,186"))));
        assertTrue(lines.getMessage().contains("line 2"), lines.getMessage());
        assertThrows(DataException.class, () -> SeedReferences.load(write(HEADER)));
    }
}
