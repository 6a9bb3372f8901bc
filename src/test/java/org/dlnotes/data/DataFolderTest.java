package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {

    private static final List<String> SHIPPED = List.of("iris.csv", "breast-cancer.csv", "wine.csv", "digits.csv.gz",
            "mnist-train-images-idx3-ubyte.gz", "mnist-train-labels-idx1-ubyte.gz", "mnist-test-images-idx3-ubyte.gz",
            "mnist-test-labels-idx1-ubyte.gz", "sentiment.tsv", "afinn-165.tsv", "moby-dick.txt", "llm-api-prices.csv",
            "references/seed-references.tsv", "references/seed-sections.tsv");

    @Test
    void locatesTheRepositoryDataFolderAndEveryShippedFileVerifies() {
        DataFolder folder = DataFolder.locate();
        assertEquals("data", folder.dir().getFileName().toString());
        assertEquals(SHIPPED, List.copyOf(folder.checksums().keySet()));
        for (String name : SHIPPED) {
            assertEquals(folder.dir().resolve(name), folder.file(name));
        }
    }

    @Test
    void searchWalksUpFromASubfolderAsNotebooksDo(@TempDir Path empty) {
        Path repo = DataFolder.locate().dir().getParent();
        assertEquals(repo.resolve("data"), DataFolder.search(repo.resolve("src/main/java")).dir());
        DataException e = assertThrows(DataException.class, () -> DataFolder.search(empty));
        assertTrue(e.getMessage().contains("No data/SHA256SUMS in " + empty), e.getMessage());
        assertTrue(e.getMessage().contains("-Ddlnotes.data="), e.getMessage());
    }

    @Test
    void readmeTableListsEveryFileWithTheManifestChecksum() throws IOException {
        DataFolder folder = DataFolder.locate();
        String readme = Files.readString(folder.dir().resolve("README.md"));
        Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\|.*\\| `([0-9a-f]{64})` \\|$").matcher(readme);
        Map<String, String> listed = new LinkedHashMap<>();
        while (row.find()) {
            listed.put(row.group(1), row.group(2));
        }
        assertEquals(folder.checksums(), listed);
    }

    @Test
    void missingFileNamesTheFileAndTheRestoreCommands(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("SHA256SUMS"), "0".repeat(64) + "  gone.csv\n");
        DataException e = assertThrows(DataException.class, () -> DataFolder.at(dir).file("gone.csv"));
        assertTrue(e.getMessage().contains(dir.resolve("gone.csv").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("git checkout -- data/gone.csv"), e.getMessage());
        assertTrue(e.getMessage().contains("data/build.sh"), e.getMessage());
    }

    @Test
    void editedFileFailsTheChecksum(@TempDir Path dir) throws IOException {
        Path real = DataFolder.locate().file("iris.csv");
        Files.copy(real, dir.resolve("iris.csv"));
        Files.copy(real.resolveSibling("SHA256SUMS"), dir.resolve("SHA256SUMS"));
        DataFolder copy = DataFolder.at(dir);
        assertEquals(dir.resolve("iris.csv"), copy.file("iris.csv"));

        String edited = Files.readString(dir.resolve("iris.csv")).replace("5.1,3.5,1.4,0.2", "5.2,3.5,1.4,0.2");
        Files.writeString(dir.resolve("iris.csv"), edited);
        DataException e = assertThrows(DataException.class, () -> copy.file("iris.csv"));
        assertTrue(e.getMessage().contains("corrupt or was edited"), e.getMessage());
        assertTrue(e.getMessage().contains(DataFolder.sha256(dir.resolve("iris.csv"))), e.getMessage());
        assertTrue(e.getMessage().contains("git checkout -- data/iris.csv"), e.getMessage());
    }

    @Test
    void fileNotInManifestIsRejectedWithTheListedFiles() {
        DataException e = assertThrows(DataException.class, () -> DataFolder.locate().file("titanic.csv"));
        assertTrue(e.getMessage().contains("'titanic.csv' is not listed"), e.getMessage());
        assertTrue(e.getMessage().contains("iris.csv"), e.getMessage());
    }

    @Test
    void malformedOrMissingManifestIsReported(@TempDir Path dir) throws IOException {
        DataException missing = assertThrows(DataException.class, () -> DataFolder.at(dir));
        assertTrue(missing.getMessage().contains("SHA256SUMS is missing"), missing.getMessage());
        Files.writeString(dir.resolve("SHA256SUMS"), "abc iris.csv\n");
        DataException bad = assertThrows(DataException.class, () -> DataFolder.at(dir));
        assertTrue(bad.getMessage().contains("line 1"), bad.getMessage());
    }

    @Test
    void systemPropertyOverridesTheSearchAndMustPointAtAManifest(@TempDir Path dir) throws IOException {
        String before = System.getProperty(DataFolder.PROPERTY);
        try {
            System.setProperty(DataFolder.PROPERTY, dir.toString());
            DataException e = assertThrows(DataException.class, DataFolder::locate);
            assertTrue(e.getMessage().contains("system property dlnotes.data is '" + dir + "'"), e.getMessage());
            Files.writeString(dir.resolve("SHA256SUMS"), "");
            assertEquals(dir.toAbsolutePath().normalize(), DataFolder.locate().dir());
        } finally {
            if (before == null) {
                System.clearProperty(DataFolder.PROPERTY);
            } else {
                System.setProperty(DataFolder.PROPERTY, before);
            }
        }
    }

    @Test
    void sha256MatchesAKnownDigest(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("abc"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DataFolder.sha256(dir.resolve("abc")));
    }
}
