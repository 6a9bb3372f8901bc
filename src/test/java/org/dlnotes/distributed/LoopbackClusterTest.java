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
import org.junit.jupiter.api.Tag;
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

    /**
     * About 90 s on 2 cores: tagged {@code cluster}, so plain {@code mvn verify} leaves it out and {@code mvn verify
     * -Pcluster} runs it. Notebook 09b checks the same facts on the same path in every run of the book, fast mode too.
     */
    @Test
    @Tag("cluster")
    void bothApproachesRunOnBothExecutorsLearnAveragingMatchesLocalModeAndNoProcessIsLeft() {
        Split raw = Datasets.digits().split(0.7, 0.1, 1);
        Split digits = Scaler.standardize(raw.train()).transform(raw);
        List<SparkResult> local = new ArrayList<>();
        List<SparkResult> onCluster = new ArrayList<>();
        for (SparkJob.Approach approach : SparkJob.Approach.values()) {
            local.add(SparkTraining.of(model()).approach(approach).workers(2).batchSize(32).averagingFrequency(3)
                    .epochs(2).fastMode(false).timeoutSeconds(400).progressTo(s -> { })
                    .fit(digits.train(), digits.test()));
        }
        List<ProcessHandle> processes;
        List<String> progress = new ArrayList<>();
        try (LoopbackCluster cluster = LoopbackCluster.builder().workers(2).workerMemory("1g").start()) {
            assertTrue(cluster.masterUrl().startsWith("spark://127.0.0.1:"), cluster.masterUrl());
            for (SparkJob.Approach approach : SparkJob.Approach.values()) {
                onCluster.add(SparkTraining.of(model()).master(cluster.masterUrl()).workers(cluster.workers())
                        .approach(approach).batchSize(32).averagingFrequency(3).epochs(2).memory("1g")
                        .fastMode(false).timeoutSeconds(400).progressTo(progress::add)
                        .fit(digits.train(), digits.test()));
            }
            processes = cluster.processes();
            assertTrue(processes.size() >= 3, "a master, two workers and any executor still ending: " + processes);
        }
        for (int i = 0; i < 2; i++) {
            SparkResult c = onCluster.get(i);
            assertEquals(List.of("0", "1"), c.executors(), "both executors, by Spark's own status: " + c.name());
            assertEquals(List.of("driver"), local.get(i).executors());
            assertTrue(c.command().startsWith("spark-submit --master spark://127.0.0.1:"), c.command());
            assertEquals(2, c.history().epochs().size(), progress.toString());
        }
        // Parameter averaging is the same algorithm in both places. Gradient sharing is not: local mode has one JVM and
        // so one replica, fed by both tasks; on the cluster two replicas exchange only the update elements above the
        // threshold, so it must learn (chance is 0.1) but need not match.
        assertEquals(local.get(0).history().last().value(DataParallelResult.TEST_ACCURACY),
                onCluster.get(0).history().last().value(DataParallelResult.TEST_ACCURACY), 0.05, progress.toString());
        assertTrue(onCluster.get(1).history().last().value(DataParallelResult.TEST_ACCURACY) > 0.6,
                progress.toString());
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
