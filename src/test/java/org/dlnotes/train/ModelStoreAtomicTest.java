package org.dlnotes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.models.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** {@link ModelStore#save} replaces the file atomically: a failed or killed save leaves the old model. */
class ModelStoreAtomicTest {

    @TempDir
    Path dir;

    @Test
    void aSaveThatFailsHalfwayLeavesTheOldModelAndNoTemporaryFile() throws Exception {
        MultiLayerNetwork old = Mlp.logisticRegression(3).seed(1).build();
        Path file = ModelStore.save(dir.resolve("model.zip"), old, SavingChild.history(1));
        MultiLayerNetwork failing = new MultiLayerNetwork(old.getLayerWiseConfigurations().clone()) {
            @Override
            public Updater getUpdater() { // asked for after the configuration and coefficients are written
                throw new IllegalStateException("injected failure");
            }
        };
        failing.init();
        assertEquals("injected failure", assertThrows(IllegalStateException.class,
                () -> ModelStore.save(file, failing, SavingChild.history(2))).getMessage());
        ModelStore.Saved saved = ModelStore.load(file);
        assertEquals(old.params(), saved.model().params());
        assertEquals(SavingChild.history(1), saved.history());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    /**
     * Kills a child JVM that saves new versions without pause, at delays from 0 to 450 ms after its first save, 6
     * times (bounded to about 90 s): the file must then load, and be one whole version (parameters and history
     * agree), never a mixture or a broken zip.
     */
    @Test
    void aKilledSaveLeavesTheOldOrTheNewModel() throws Exception {
        Path file = dir.resolve("model.zip");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int kills = 0;
        int midWrite = 0;
        for (int i = 0; i < 6 && System.nanoTime() < deadline; i++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), SavingChild.class.getName(),
                    file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                assertEquals("saved", out.readLine(), "the child should report its first save");
                Thread.sleep(i * 90L);
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child should exit");
            }
            kills++;
            try (Stream<Path> files = Files.list(dir)) {
                midWrite += (int) files.filter(f -> !f.equals(file)).count();
            }
            ModelStore.Saved saved = ModelStore.load(file);
            double version = saved.history().last().value(History.TRAIN_LOSS);
            assertEquals(version, saved.model().params().minNumber().doubleValue(), "kill " + kills);
            assertEquals(version, saved.model().params().maxNumber().doubleValue(), "kill " + kills);
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> !f.equals(file)).map(Path::toFile).forEach(File::delete);
            }
        }
        System.out.println("killed " + kills + " saving children; " + midWrite + " of the kills left a partly"
                + " written temporary file behind");
        assertTrue(kills >= 3, "at least 3 kills within the time bound, but " + kills);
    }
}
