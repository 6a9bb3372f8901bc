package org.dlnotes.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dlnotes.models.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class ModelStoreTest {

    @TempDir
    Path dir;

    @Test
    void savesAndLoadsModelWithHistory() throws Exception {
        MultiLayerNetwork net = Mlp.builder().inputs(2).hidden(4).output(2, Activation.SOFTMAX, LossFunction.MCXENT)
                .seed(5).build();
        TrainingResult r = Trainer.of(net).epochs(2).fastMode(false).progressEvery(0)
                .metric("accuracy", ToyData::accuracy).fit(ToyData.iterator(ToyData.blobs(40, 1), 10));
        Path file = ModelStore.save(dir.resolve("sub/model.zip"), net, r.history());
        ModelStore.Saved saved = ModelStore.load(file);
        assertEquals(r.history(), saved.history());
        INDArray x = ToyData.blobs(10, 9).getFeatures();
        assertEquals(net.output(x), saved.model().output(x));
        assertEquals(net.params(), saved.model().params());
    }

    @Test
    void writeAndReadRoundTripInMemoryAndReadRefusesGarbage() throws Exception {
        MultiLayerNetwork net = Mlp.builder().inputs(2).hidden(4).output(2, Activation.SOFTMAX, LossFunction.MCXENT)
                .seed(5).build();
        TrainingResult r = Trainer.of(net).epochs(1).fastMode(false).progressEvery(0)
                .fit(ToyData.iterator(ToyData.blobs(40, 1), 10));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelStore.write(bytes, net, r.history());
        ModelStore.Saved saved = ModelStore.read(bytes.toByteArray(), Path.of("memory"));
        Path file = ModelStore.save(dir.resolve("same.zip"), net, r.history());
        assertEquals(ModelStore.load(file).model().params(), saved.model().params());
        INDArray x = ToyData.blobs(10, 9).getFeatures();
        assertEquals(net.output(x), saved.model().output(x));
        assertEquals(r.history(), saved.history());
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelStore.read("not a zip".getBytes(StandardCharsets.UTF_8), Path.of("memory")));
        assertTrue(e.getMessage().startsWith("Cannot load model memory: it is not a zip"), e.getMessage());
    }

    @Test
    void savedFileHoldsDl4jEntriesAndPlainCsvHistoryAndDl4jReadsIt() throws Exception {
        MultiLayerNetwork net = Mlp.builder().inputs(2).hidden(4).output(2, Activation.SOFTMAX, LossFunction.MCXENT)
                .seed(5).build();
        TrainingResult r = Trainer.of(net).epochs(1).fastMode(false).progressEvery(0)
                .fit(ToyData.iterator(ToyData.blobs(40, 1), 10));
        Path file = ModelStore.save(dir.resolve("model.zip"), net, r.history());
        Map<String, byte[]> entries = entries(file);
        assertEquals(List.of("configuration.json", "coefficients.bin", "updaterState.bin", ModelStore.HISTORY_KEY),
                List.copyOf(entries.keySet()));
        assertEquals(r.history().toCsv(), new String(entries.get(ModelStore.HISTORY_KEY), StandardCharsets.UTF_8));
        assertEquals(net.params(), ModelSerializer.restoreMultiLayerNetwork(file.toFile()).params());
    }

    @Test
    void readsFilesOfEarlierVersionsWithTheHistoryAsSerializedString() throws Exception {
        MultiLayerNetwork net = Mlp.logisticRegression(3).seed(2).build();
        History history = SavingChild.history(7);
        Path file = dir.resolve("old.zip");
        ModelSerializer.writeModel(net, file.toFile(), true);
        ModelSerializer.addObjectToFile(file.toFile(), ModelStore.HISTORY_KEY, history.toCsv());
        ModelStore.Saved saved = ModelStore.load(file);
        assertEquals(history, saved.history());
        assertEquals(net.params(), saved.model().params());
    }

    @Test
    void legacyHistoryThatIsNotAStringIsRefusedWithoutDeserializingIt() throws Exception {
        HashMap<String, Object> map = new HashMap<>();
        map.put("history", new Canary());
        for (Serializable hostile : List.of(42, map, new ArrayList<>(List.of(new Canary())), new Canary(),
                new String[] {"epoch\n"})) {
            Path file = withEntries("hostile.zip", Map.of("objects/" + ModelStore.HISTORY_KEY, serialize(hostile)),
                    ModelStore.HISTORY_KEY);
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelStore.load(file));
            assertTrue(e.getMessage().startsWith("Cannot load model " + file + ": deserialization of its objects/"
                    + ModelStore.HISTORY_KEY + " entry was refused"), e.getMessage());
            assertTrue(e.getMessage().contains("REJECTED") && e.getMessage().contains("java.lang.String"),
                    e.getMessage());
        }
        assertEquals(0, Canary.READS.get(), "no Canary may be deserialized");
    }

    @Test
    void preprocessorAndUnknownEntriesAreRefusedBeforeAnythingIsDeserialized() throws Exception {
        for (String entry : List.of("preprocessor.bin", "normalizer.bin", "objects/other")) {
            Path file = withEntries("extra.zip", Map.of(entry, serialize(new Canary())), "");
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelStore.load(file));
            assertTrue(e.getMessage().startsWith("Cannot load model " + file + ": it has an entry '" + entry
                    + "', which ModelStore does not read"), e.getMessage());
            assertEquals(file, e.file());
        }
        assertEquals(0, Canary.READS.get(), "no Canary may be deserialized");
    }

    /** Each way a model file can be wrong gives a ModelFileException naming the file and the problem. */
    @Test
    void everyLoadErrorNamesTheFileAndWhatIsWrong() throws Exception {
        Path good = ModelStore.save(dir.resolve("good.zip"), Mlp.logisticRegression(3).seed(2).build(),
                SavingChild.history(1));
        byte[] goodBytes = Files.readAllBytes(good);
        byte[] coefficients = entries(good).get("coefficients.bin");
        Map<Path, String> cases = new LinkedHashMap<>();
        cases.put(dir.resolve("none.zip"), "no such file");
        cases.put(Files.writeString(dir.resolve("text.zip"), "not a zip"), "it is not a zip file");
        cases.put(Files.write(dir.resolve("cut.zip"), Arrays.copyOf(goodBytes, goodBytes.length / 2)),
                "it is not a zip file, or a damaged or truncated one");
        cases.put(withEntries("noconfig.zip", Map.of(), "configuration.json"), "it has no configuration.json entry");
        cases.put(withEntries("badjson.zip", Map.of("configuration.json", "{\"confs\": [".getBytes(
                StandardCharsets.UTF_8)), ""), "its configuration.json is not a valid MultiLayerNetwork configuration");
        cases.put(withEntries("cutcoefficients.zip", Map.of("coefficients.bin", Arrays.copyOf(coefficients,
                coefficients.length - 20)), ""), "its coefficients.bin entry is damaged or truncated");
        cases.put(withEntries("refused.zip", Map.of("objects/" + ModelStore.HISTORY_KEY, serialize(42)),
                ModelStore.HISTORY_KEY), "deserialization of its objects/dlnotes-history.csv entry was refused");
        cases.put(withEntries("preprocessor.zip", Map.of("preprocessor.bin", serialize("x")), ""),
                "it has an entry 'preprocessor.bin'");
        cases.put(withEntries("nohistory.zip", Map.of(), ModelStore.HISTORY_KEY),
                "it holds a network but no training history");
        cases.put(withEntries("badhistory.zip", Map.of(ModelStore.HISTORY_KEY, "loss\n1\n".getBytes(
                StandardCharsets.UTF_8)), ""), "its training history is not valid CSV");
        cases.forEach((file, problem) -> {
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelStore.load(file));
            assertTrue(e.getMessage().startsWith("Cannot load model " + file + ": " + problem), e.getMessage());
        });
    }

    /** A copy of good.zip's entries in {@link #dir}, with {@code changed} put in and {@code removed} left out. */
    private Path withEntries(String name, Map<String, byte[]> changed, String removed) throws Exception {
        Path good = dir.resolve("good.zip");
        if (!Files.exists(good)) {
            ModelStore.save(good, Mlp.logisticRegression(3).seed(2).build(), SavingChild.history(1));
        }
        Map<String, byte[]> entries = entries(good);
        entries.remove(removed);
        entries.putAll(changed);
        Path file = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
            }
        }
        return file;
    }

    private static Map<String, byte[]> entries(Path file) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        return entries;
    }

    private static byte[] serialize(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    /** Counts its own deserializations: a stand-in for a class whose readObject does harm. */
    static final class Canary implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger READS = new AtomicInteger();

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            READS.incrementAndGet();
            in.defaultReadObject();
        }
    }

    @Test
    void historyCsvRoundTripsExactly() {
        Map<String, Double> v1 = new LinkedHashMap<>();
        v1.put("train_loss", 0.1 + 0.2);
        v1.put("seconds", 1e-9);
        Map<String, Double> v2 = new LinkedHashMap<>();
        v2.put("train_loss", Math.PI);
        v2.put("seconds", Double.NaN);
        History h = new History(List.of(new History.Epoch(1, v1), new History.Epoch(2, v2)));
        assertEquals("epoch,train_loss,seconds\n1,0.30000000000000004,1.0E-9\n2,3.141592653589793,NaN\n", h.toCsv());
        History back = History.parseCsv(h.toCsv());
        assertEquals(h, back);
        assertArrayEquals(new double[] {0.30000000000000004, Math.PI}, back.column("train_loss"));
        assertEquals("column must be one of [train_loss, seconds], but is 'val_loss'",
                assertThrows(IllegalArgumentException.class, () -> h.column("val_loss")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> History.parseCsv("loss\n1"))
                .getMessage().contains("'epoch'"));
        Map<String, Double> other = Map.of("val_loss", 1.0);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new History(List.of(new History.Epoch(1, v1), new History.Epoch(2, other))))
                .getMessage().contains("same columns"));
    }
}
