package org.dlnotes.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark folder comes from the kernel's JVM flag (or the environment), never from guessing paths. */
class SparkLibraryTest {

    private final String before = System.getProperty(SparkTraining.PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(SparkTraining.PROPERTY);
        } else {
            System.setProperty(SparkTraining.PROPERTY, before);
        }
    }

    @Test
    void theFolderNamedByTheFlagIsUsedWhenItHoldsSparkCore(@TempDir Path dir) throws IOException {
        Files.createFile(dir.resolve("spark-core_2.12-3.1.2.jar"));
        System.setProperty(SparkTraining.PROPERTY, dir.toString());
        assertEquals(dir, SparkTraining.sparkLibrary().orElseThrow().folder());
        assertTrue(SparkTraining.childClasspath().endsWith(SparkTraining.sparkLibrary().get().classpathEntry()));
    }

    @Test
    void aFolderWithoutSparkCoreOrNoFlagGivesNone(@TempDir Path dir) throws IOException {
        Files.createFile(dir.resolve("other.jar"));
        System.setProperty(SparkTraining.PROPERTY, dir.toString());
        assertTrue(SparkTraining.sparkLibrary().isEmpty());
        System.setProperty(SparkTraining.PROPERTY, dir.resolve("missing").toString());
        assertTrue(SparkTraining.sparkLibrary().isEmpty());
        if (System.getenv(SparkTraining.ENV) == null) {
            System.clearProperty(SparkTraining.PROPERTY);
            assertTrue(SparkTraining.sparkLibrary().isEmpty(), "no guessing from the working directory");
        }
    }
}
