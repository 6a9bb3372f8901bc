package org.dlnotes.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.Datasets;
import org.dlnotes.data.Scaler;
import org.dlnotes.data.Split;
import org.dlnotes.models.Mlp;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** A real Spark standalone cluster (a master and two workers, each a JVM) on 127.0.0.1, and a job submitted to it. */
class LoopbackClusterTest {

    static MultiLayerNetwork model() {
        return Mlp.builder().inputs(64).hidden(32).output(10, Activation.SOFTMAX, LossFunction.MCXENT).seed(5)
                .updater(new Adam(1e-2)).build();
    }

    @Test
    void aJobRunsOnBothExecutorsMatchesLocalModeAndLeavesNoProcess() {
        Split raw = Datasets.digits().split(0.7, 0.1, 1);
        Split digits = Scaler.standardize(raw.train()).transform(raw);
        SparkTraining local = SparkTraining.of(model()).workers(2).batchSize(32).averagingFrequency(3).epochs(2)
                .fastMode(false).timeoutSeconds(400).progressTo(s -> { });
        SparkResult inLocalMode = local.fit(digits.train(), digits.test());
        List<ProcessHandle> processes;
        SparkResult onCluster;
        List<String> progress = new ArrayList<>();
        try (LoopbackCluster cluster = LoopbackCluster.builder().workers(2).workerMemory("1g").start()) {
            assertTrue(cluster.masterUrl().startsWith("spark://127.0.0.1:"), cluster.masterUrl());
            onCluster = SparkTraining.of(model()).master(cluster.masterUrl()).workers(cluster.workers()).batchSize(32)
                    .averagingFrequency(3).epochs(2).memory("1g").fastMode(false).timeoutSeconds(400)
                    .progressTo(progress::add).fit(digits.train(), digits.test());
            processes = cluster.processes();
            assertEquals(3, processes.size(), "a master and two workers, no executor after the job: " + processes);
        }
        assertEquals(List.of("0", "1"), onCluster.executors(), "both executors, by Spark's own status");
        assertEquals(List.of("driver"), inLocalMode.executors());
        assertTrue(onCluster.command().startsWith("spark-submit --master spark://127.0.0.1:"), onCluster.command());
        assertEquals(2, onCluster.history().epochs().size(), progress.toString());
        double cluster = onCluster.history().last().value(DataParallelResult.TEST_ACCURACY);
        double localAccuracy = inLocalMode.history().last().value(DataParallelResult.TEST_ACCURACY);
        assertEquals(localAccuracy, cluster, 0.05, "the same job on the cluster and in local mode");
        for (ProcessHandle p : processes) {
            assertFalse(p.isAlive(), "left running after close(): " + p.info());
        }
    }

    @Test
    void aClusterThatDoesNotComeUpInTimeIsStoppedAndReportedWithItsLogs() {
        List<ProcessHandle> before = javaChildren();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LoopbackCluster.builder().workers(1).startTimeoutSeconds(1).start());
        assertTrue(e.getMessage().contains("did not start in time") && e.getMessage().contains("--- master log"),
                e.getMessage());
        assertEquals(before, javaChildren(), "no process of the failed start is left");
    }

    /** Starts a one-worker cluster, prints its processes' ids, and waits to be killed. */
    public static void main(String[] args) throws InterruptedException {
        LoopbackCluster cluster = LoopbackCluster.builder().workers(1).workerMemory("512m").start();
        System.out.println("pids " + cluster.processes().stream().map(p -> Long.toString(p.pid()))
                .collect(java.util.stream.Collectors.joining(" ")));
        System.out.flush();
        Thread.sleep(300_000);
    }

    @Test
    void aKilledOwnerLeavesNoMasterOrWorkerBehind() throws Exception {
        Process owner = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), LoopbackClusterTest.class.getName())
                .redirectErrorStream(true).start();
        List<ProcessHandle> daemons = new ArrayList<>();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(owner.getInputStream()))) {
            String line;
            while (daemons.isEmpty() && (line = out.readLine()) != null) {
                if (line.startsWith("pids ")) {
                    for (String pid : line.substring(5).split(" ")) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(daemons::add);
                    }
                }
            }
            assertEquals(2, daemons.size(), "the owner printed a master and a worker");
            owner.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook of the owner runs
            for (ProcessHandle d : daemons) {
                d.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            owner.destroyForcibly();
            daemons.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static List<ProcessHandle> javaChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
    }
}
