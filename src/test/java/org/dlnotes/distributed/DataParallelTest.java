package org.dlnotes.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dlnotes.data.Datasets;
import org.dlnotes.data.Scaler;
import org.dlnotes.data.Split;
import org.dlnotes.efficiency.Nd4jThreads;
import org.dlnotes.models.Mlp;
import org.dlnotes.train.History;
import org.dlnotes.train.TrainingInterruptedException;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class DataParallelTest {

    static Split digits;

    @BeforeAll
    static void load() {
        Split raw = Datasets.digits().split(0.7, 0.1, 1);
        digits = Scaler.standardize(raw.train()).transform(raw);
    }

    static MultiLayerNetwork model() {
        return Mlp.builder().inputs(64).hidden(32).output(10, Activation.SOFTMAX, LossFunction.MCXENT).seed(5)
                .build();
    }

    @Test
    void oneWorkerAndTwoWorkersBothLearn() {
        List<String> lines = new ArrayList<>();
        DataParallelResult one = DataParallel.of(model()).workers(1).epochs(3).fastMode(false).test(digits.test())
                .progressTo(lines::add).fit(digits.train().batches(32, 42));
        for (DataParallel.Mode mode : DataParallel.Mode.values()) {
            DataParallelResult two = DataParallel.of(model()).workers(2).mode(mode).averagingFrequency(3).epochs(3)
                    .fastMode(false).test(digits.test()).progressTo(lines::add).fit(digits.train().batches(32, 42));
            assertEquals(2, two.workers());
            assertEquals(3, two.history().epochs().size());
            // each replica sees half the minibatches, so after 3 epochs it is behind the single worker, but learning
            assertTrue(two.finalAccuracy() > 0.4, mode + ": " + two.finalAccuracy());
            assertTrue(two.name().contains("×2"), two.name());
        }
        assertEquals(3, one.history().epochs().size());
        assertTrue(one.finalAccuracy() > 0.7, "one worker: " + one.finalAccuracy());
        assertEquals(List.of(History.SECONDS, DataParallelResult.CPU_SECONDS, DataParallelResult.CORES,
                DataParallelResult.TEST_ACCURACY), one.history().columns());
        assertEquals(9, lines.size(), "one progress line per epoch: " + lines);
        assertTrue(one.secondsPerEpoch() > 0 && one.cpuSecondsPerEpoch() > 0);
    }

    @Test
    void threadsPerOpHoldsDuringTrainingOnly() {
        int before = org.dlnotes.efficiency.Nd4jThreads.current();
        int[] seen = new int[1];
        DataParallelResult r = DataParallel.of(model()).workers(2).threadsPerOp(1).epochs(1).fastMode(false)
                .progressTo(s -> seen[0] = org.dlnotes.efficiency.Nd4jThreads.current())
                .fit(digits.train().batches(64, 1));
        assertEquals(1, seen[0], "one thread per op while training");
        assertEquals(before, org.dlnotes.efficiency.Nd4jThreads.current(), "restored afterwards");
        assertTrue(r.name().endsWith("1 thread per op"), r.name());
        assertThrows(IllegalArgumentException.class, () -> DataParallel.of(model()).threadsPerOp(-1));
    }

    @Test
    void threadsPerOpReachesTheReplicasOwnThreads() {
        // OpenMP's count is per thread, and ParallelWrapper trains each replica in a thread of its own
        int threads = Nd4jThreads.openMpThreads() + 1;
        Set<String> workerThreads = ConcurrentHashMap.newKeySet();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        MultiLayerNetwork net = model();
        TrainingListener record = new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                workerThreads.add(Thread.currentThread().getName());
                seen.add(Nd4jThreads.openMpThreads());
            }
        };
        net.setListeners(record);
        DataParallel.of(net).workers(2).threadsPerOp(threads).epochs(1).fastMode(false)
                .fit(digits.train().batches(32, 1));
        assertEquals(2, workerThreads.size(), "both replicas' threads: " + workerThreads);
        assertEquals(Set.of(threads), seen, "OpenMP threads seen in the replicas' threads");
        assertEquals(List.of(record), new ArrayList<>(net.getListeners()), "the network's own listeners restored");
    }

    @Test
    void theUpdaterCanBeReadWhileAnotherThreadHoldsTheNetwork() throws Exception {
        // ParallelWrapper's worker 1 reads the original network's updater while worker 0 trains it (holding its
        // monitor); without createUpdater the read would create the updater and wait for that monitor forever
        MultiLayerNetwork net = model();
        net.clear();   // what ParallelWrapper's worker 0 does to the original network at the end of each fit
        DataParallel.createUpdater(net);
        synchronized (net) {
            java.util.concurrent.CompletableFuture<Object> read =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> net.getUpdater());
            // a generous bound on a field read: only a deadlock can reach it
            assertTrue(read.get(120, java.util.concurrent.TimeUnit.SECONDS) != null);
        }
    }

    @Test
    void fastModeCapsTheEpochs() {
        DataParallelResult r = DataParallel.of(model()).workers(1).epochs(5).fastMode(true).progressTo(s -> { })
                .fit(digits.train().batches(64, 1));
        assertEquals(2, r.history().epochs().size());
        assertTrue(Double.isNaN(r.finalAccuracy()), "no test data, no accuracy");
    }

    @Test
    void anInterruptEndsTrainingWithTheFinishedEpochs() {
        List<String> lines = new ArrayList<>();
        DataParallel dp = DataParallel.of(model()).workers(1).epochs(4).fastMode(false).test(digits.test())
                .progressTo(line -> {
                    lines.add(line);
                    Thread.currentThread().interrupt();   // after the first epoch, as Jupyter's Kernel > Interrupt does
                });
        TrainingInterruptedException e;
        try {
            e = assertThrows(TrainingInterruptedException.class, () -> dp.fit(digits.train().batches(64, 1)));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt flag stays set for the caller");
        }
        assertEquals(2, e.epoch());
        assertEquals(1, e.history().epochs().size());
        assertEquals(List.of(History.SECONDS, DataParallelResult.CPU_SECONDS, DataParallelResult.CORES,
                DataParallelResult.TEST_ACCURACY), e.history().columns());
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("1 worker (net.fit)  epoch 1/4  "), lines.get(0));
    }

    @Test
    void medianLeavesOutTheWarmUpEpoch() {
        History h = History.parseCsv("epoch,seconds,cpu_seconds,cores\n1,9,9,1\n2,2,3,1.5\n3,4,5,1.25\n4,3,4,1.3\n");
        DataParallelResult r = new DataParallelResult("x", 1, h);
        assertEquals(3, r.secondsPerEpoch());
        assertEquals(4, r.cpuSecondsPerEpoch());
        assertEquals(1.0, DataParallel.table(List.of(r, r)).doubleColumn("speedup").get(1));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> DataParallel.of(model()).workers(0));
        assertThrows(IllegalArgumentException.class, () -> DataParallel.of(model()).averagingFrequency(0));
        assertThrows(IllegalArgumentException.class, () -> DataParallel.of(model()).epochs(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataParallel.of(model())
                .workers(1).epochs(1).fit(new ListDataSetIterator<>(List.<DataSet>of())));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataParallel.table(List.of()));
    }
}
