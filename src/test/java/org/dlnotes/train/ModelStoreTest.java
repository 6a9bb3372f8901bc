package org.dlnotes.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    void missingFileOrMissingHistoryAreClearErrors() throws Exception {
        Path nowhere = dir.resolve("none.zip");
        assertEquals("file must be a saved model, but does not exist: " + nowhere,
                assertThrows(IllegalArgumentException.class, () -> ModelStore.load(nowhere)).getMessage());
        Path plain = dir.resolve("plain.zip");
        ModelSerializer.writeModel(Mlp.logisticRegression(2).build(), plain.toFile(), false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelStore.load(plain)).getMessage()
                .startsWith("file holds a model but no dlnotes history"));
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
