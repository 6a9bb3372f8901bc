package org.dlnotes.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.LabelledData;
import org.dlnotes.train.TrainingInterruptedException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

class FederatedAveragingTest {

    @Test
    void oneClientIsPlainSgd() {
        LabelledData data = DpSgdTest.blobs(60, 1);
        MultiLayerNetwork central = DpSgdTest.net(0.2);
        MultiLayerNetwork global = DpSgdTest.net(0.2);
        var batches = data.batches(16, 7); // FedAvg shuffles client k's batches with seed + k
        for (int epoch = 0; epoch < 4; epoch++) {
            batches.reset();
            while (batches.hasNext()) {
                central.fit(batches.next());
            }
        }
        FederatedAveraging.builder().epochs(4).fastMode(false).localEpochs(1).batchSize(16).seed(7).progressEvery(0)
                .fit(global, List.of(data), null);
        assertArrayEquals(central.params().toFloatVector(), global.params().toFloatVector(), 1e-6f);
    }

    @Test
    void theServerTakesTheExampleWeightedMeanOfTheClientModels() {
        LabelledData all = DpSgdTest.blobs(90, 2);
        List<LabelledData> clients = List.of(Clients.iid(all, 3, 1).get(0),
                Clients.iid(DpSgdTest.blobs(30, 3), 1, 1).get(0));
        // sizes 30 and 30 would make weights equal: make them differ
        clients = List.of(clients.get(0), DpSgdTest.blobs(10, 4));
        MultiLayerNetwork global = DpSgdTest.net(0.2);
        INDArray start = global.params().dup();
        // reproduce each client's round by hand: a clone trained one epoch on the client's batches (seed + k)
        INDArray expected = Nd4j.zeros(start.shape());
        long total = 0;
        for (int k = 0; k < clients.size(); k++) {
            MultiLayerNetwork local = global.clone();
            var it = clients.get(k).batches(8, 11 + k);
            it.reset();
            while (it.hasNext()) {
                local.fit(it.next());
            }
            expected.addi(local.params().mul(clients.get(k).size()));
            total += clients.get(k).size();
        }
        expected.divi(total);
        FederatedAveraging.Result r = FederatedAveraging.builder().epochs(1).batchSize(8).seed(11).progressEvery(0)
                .fit(global, clients, null);
        assertArrayEquals(expected.toFloatVector(), global.params().toFloatVector(), 1e-6f);
        assertEquals(40, r.examplesPerRound(), 1e-12);
        assertTrue(global.params().sub(start).norm2Number().doubleValue() > 0);
    }

    @Test
    void fastModeCapsTheRoundsAndEachRoundPrintsTheSharedProgressLine() {
        List<LabelledData> clients = Clients.iid(DpSgdTest.blobs(60, 5), 3, 2);
        List<String> lines = new ArrayList<>();
        FederatedAveraging fed = FederatedAveraging.builder().epochs(6).fastMode(true).progressTo(lines::add);
        assertEquals(2, fed.plannedEpochs());
        FederatedAveraging.Result r = fed.fit(DpSgdTest.net(0.1), clients, DpSgdTest.blobs(20, 6));
        assertEquals(2, r.history().epochs().size());
        assertEquals(60, r.examplesPerRound(), 1e-9);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).startsWith("epoch 2/2  train_loss "), lines.get(1));
    }

    @Test
    void anInterruptEndsTrainingWithTheFinishedRounds() {
        List<LabelledData> clients = Clients.iid(DpSgdTest.blobs(60, 5), 3, 2);
        FederatedAveraging fed = FederatedAveraging.builder().epochs(5).fastMode(false).progressTo(line -> {
            Thread.currentThread().interrupt();   // after the first round, as Jupyter's Kernel > Interrupt does
        });
        TrainingInterruptedException e;
        try {
            e = assertThrows(TrainingInterruptedException.class, () -> fed.fit(DpSgdTest.net(0.1), clients, null));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt flag stays set for the caller");
        }
        assertEquals(2, e.epoch());
        assertEquals(1, e.history().epochs().size());
        assertEquals(List.of("train_loss", "clients", "seconds"), e.history().columns());
    }

    @Test
    void clientFractionSelectsThatManyClients() {
        List<LabelledData> clients = Clients.iid(DpSgdTest.blobs(100, 5), 10, 2);
        FederatedAveraging.Result r = FederatedAveraging.builder().epochs(3).fastMode(false).clientFraction(0.3)
                .progressEvery(0).fit(DpSgdTest.net(0.1), clients, DpSgdTest.blobs(20, 6));
        assertArrayEquals(new double[] {3, 3, 3}, r.history().column("clients"));
        assertEquals(3, r.history().column("val_accuracy").length);
    }

    @Test
    void shardsGiveEachClientFewClassesAndPartitionTheRows() {
        // 10 classes of 20 rows each, 10 clients of 2 shards of 10 rows: each client holds 1 or 2 classes
        float[][] x = new float[200][1];
        int[] labels = new int[200];
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        for (int i = 0; i < 200; i++) {
            labels[i] = i % 10;
            x[i][0] = i; // the row's identity
        }
        LabelledData data = LabelledData.of("ids", Nd4j.createFromArray(x), labels, classes, List.of("id"));
        List<LabelledData> clients = Clients.shards(data, 10, 2, 3);
        Set<Integer> seen = new HashSet<>();
        for (LabelledData c : clients) {
            assertEquals(20, c.size());
            long present = c.classCounts().values().stream().filter(v -> v > 0).count();
            assertTrue(present >= 1 && present <= 2, "classes " + c.classCounts());
            float[] ids = c.features().toFloatVector();
            int[] l = c.labelIndices();
            for (int i = 0; i < ids.length; i++) {
                assertTrue(seen.add((int) ids[i]), "row " + ids[i] + " given twice");
                assertEquals((int) ids[i] % 10, l[i], "label travels with its row");
            }
        }
        assertEquals(200, seen.size());
        Table summary = Clients.table(clients);
        assertEquals(10, summary.rowCount());
        assertThrows(IllegalArgumentException.class, () -> Clients.shards(data, 10, 30, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Clients.iid(data, 0, 1));
        assertTrue(e.getMessage().contains("k (clients)"), e.getMessage());
    }

    @Test
    void byLabelGivesEveryClientExactlyItsClassesAndPartitionsTheRows() {
        float[][] x = new float[300][1];
        int[] labels = new int[300];
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        for (int i = 0; i < 300; i++) {
            labels[i] = (i * 7) % 10;
            x[i][0] = i;
        }
        LabelledData data = LabelledData.of("ids", Nd4j.createFromArray(x), labels, classes, List.of("id"));
        List<LabelledData> clients = Clients.byLabel(data, 10, 2, 5);
        Set<Integer> seen = new HashSet<>();
        int[] holders = new int[10];
        for (LabelledData c : clients) {
            long present = c.classCounts().values().stream().filter(v -> v > 0).count();
            assertEquals(2, present, "classes " + c.classCounts());
            c.classCounts().forEach((name, count) -> {
                if (count > 0) {
                    holders[Integer.parseInt(name)]++;
                    assertEquals(15, count, "each digit's 30 rows are split between its 2 clients");
                }
            });
            float[] ids = c.features().toFloatVector();
            for (float id : ids) {
                assertTrue(seen.add((int) id));
            }
        }
        assertEquals(300, seen.size());
        assertArrayEquals(new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, holders);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Clients.byLabel(data, 4, 2, 1));
        assertTrue(e.getMessage().contains("classesPerClient"), e.getMessage());
    }

    @Test
    void iidSplitsEvenly() {
        List<LabelledData> clients = Clients.iid(DpSgdTest.blobs(103, 1), 10, 1);
        int total = 0;
        for (LabelledData c : clients) {
            assertTrue(c.size() == 10 || c.size() == 11);
            total += c.size();
        }
        assertEquals(103, total);
    }
}
