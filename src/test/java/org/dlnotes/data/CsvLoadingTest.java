package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoadingTest {

    private static final List<String> CLASSES = List.of("no", "yes");

    private static Path fixture(String name) {
        try {
            return Path.of(CsvLoadingTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String failure(String name) {
        return assertThrows(DataException.class, () -> Datasets.csv(fixture(name), "label", CLASSES)).getMessage();
    }

    @Test
    void loadsAWellFormedFile() {
        LabelledData data = Datasets.csv(fixture("good.csv"), "label", CLASSES);
        assertEquals("good", data.name());
        assertEquals(List.of("a", "b"), data.featureNames());
        assertArrayEquals(new int[] {1, 0}, data.labelIndices());
        assertArrayEquals(new float[] {3f, 4f}, data.features().getRow(1).toFloatVector());
    }

    @Test
    void raggedShortRowNamesFileAndLine() {
        String message = failure("ragged-short.csv");
        assertTrue(message.contains("ragged-short.csv line 3"), message);
        assertTrue(message.contains("Row number 2 contains 2 columns. 3 expected"), message);
    }

    @Test
    void raggedLongRowNamesFileAndRow() {
        String message = failure("ragged-long.csv");
        assertTrue(message.contains("ragged-long.csv"), message);
        assertTrue(message.contains("Row number 2 contains 4 columns. 3 expected"), message);
    }

    @Test
    void nonNumericValueNamesFileLineAndColumn() {
        String message = failure("non-numeric.csv");
        assertTrue(message.contains("non-numeric.csv line 3, column 'b'"), message);
        assertTrue(message.contains("four"), message);
    }

    @Test
    void missingValueNamesFileLineAndColumn() {
        String message = failure("missing-value.csv");
        assertTrue(message.contains("missing-value.csv line 3, column 'b': the value is missing"), message);
    }

    @Test
    void unknownLabelNamesTheLabelAndTheKnownClasses() {
        String message = failure("unknown-label.csv");
        assertTrue(message.contains("unknown-label.csv line 3, column 'label': unknown label 'maybe'; expected one of "
                + "[no, yes]"), message);
    }

    @Test
    void headerWithoutRowsIsAnEmptyDataset() {
        assertTrue(failure("header-only.csv").contains("has a header but no rows"));
    }

    @Test
    void emptyFileIsReported() {
        assertTrue(failure("empty.csv").contains("empty.csv is empty; it needs a header line"));
    }

    @Test
    void absentLabelColumnListsTheColumns() {
        String message = assertThrows(DataException.class,
                () -> Datasets.csv(fixture("good.csv"), "species", CLASSES)).getMessage();
        assertTrue(message.contains("no label column 'species'; its columns are [a, b, label]"), message);
    }

    @Test
    void missingFileIsNamed() {
        Path absent = Path.of("no-such-dir", "absent.csv");
        String message = assertThrows(DataException.class, () -> Datasets.csv(absent, "label", CLASSES)).getMessage();
        assertTrue(message.contains("absent.csv does not exist"), message);
    }

    /** Cells that a lenient parser would read as numbers (or as infinity) are refused with file, line and column. */
    @Test
    void featureCellsMustBePlainFiniteDecimalNumbers(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lenient.csv");
        for (String cell : List.of("Infinity", "-Infinity", "NaN", "1e999", "5%", "\"1,5\"", "1.5d", "0x1p3")) {
            Files.writeString(file, "a,b,label\n1,2,no\n3," + cell + ",yes\n");
            String message = assertThrows(DataException.class, () -> Datasets.csv(file, "label", CLASSES))
                    .getMessage();
            String shown = cell.replace("\"", "");
            assertTrue(message.startsWith(file + " line 3, column 'b': '" + shown + "' is "), message);
        }
        Files.writeString(file, "a,b,label\n-1.5e-3,+.5,no\n3.,4E2,yes\n");
        assertArrayEquals(new float[] {-1.5e-3f, 0.5f, 3f, 400f},
                Datasets.csv(file, "label", CLASSES).features().reshape(4).toFloatVector());
    }

    @Test
    void duplicateHeaderNameIsReportedAsDuplicate(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("twice.csv"), "a,b,a,label\n1,2,3,no\n");
        String message = assertThrows(DataException.class, () -> Datasets.csv(file, "label", CLASSES)).getMessage();
        assertEquals(file + " line 1: the column name 'a' appears twice (columns 1 and 3); give every column its own"
                + " name.", message);
    }

    @Test
    void headerOnlySentimentFileNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("sentiment.tsv"), "source\tlabel\ttext\n");
        assertEquals(file + " has a header but no rows.",
                assertThrows(DataException.class, () -> Datasets.sentiment(file)).getMessage());
    }

    @Test
    void duplicateAfinnWordNamesTheWordAndBothLines(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("afinn.tsv"), "word\tscore\ngood\t3\nbad\t-3\ngood\t-2\n");
        assertEquals(file + " lines 2 and 4: the word 'good' appears twice; keep one line (one score) per word.",
                assertThrows(DataException.class, () -> Datasets.afinn(file)).getMessage());
    }
}
