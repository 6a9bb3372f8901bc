package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
