package org.dlnotes.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.Datasets;
import org.dlnotes.data.Scaler;
import org.dlnotes.data.Split;
import org.dlnotes.metrics.Classification;
import org.dlnotes.models.Mlp;
import org.dlnotes.train.TrainingInterruptedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Real Spark runs in a child JVM (Spark is on the test classpath as a provided dependency). */
class SparkTrainingTest {

    static Split digits;

    @BeforeAll
    static void load() {
        Split raw = Datasets.digits().split(0.7, 0.1, 1);
        digits = Scaler.standardize(raw.train()).transform(raw);
    }

    static MultiLayerNetwork model() {
        return Mlp.builder().inputs(64).hidden(32).output(10, Activation.SOFTMAX, LossFunction.MCXENT).seed(5)
                .updater(new Adam(1e-2)).build();
    }

    @Test
    void sparkIsAvailableToTheTests() {
        assertTrue(SparkTraining.available());
        assertTrue(SparkTraining.childClasspath().length() > 0);
    }

    @Test
    void parameterAveragingOnLocalSparkLearnsDigits() {
        MultiLayerNetwork net = model();
        var before = net.params().dup();
        List<String> progress = new ArrayList<>();
        SparkResult r = SparkTraining.of(net).workers(2).batchSize(32).averagingFrequency(3).epochs(2)
                .fastMode(false).timeoutSeconds(400).progressTo(progress::add).fit(digits.train(), digits.test());
        assertEquals(2, r.history().epochs().size());
        double accuracy = r.history().last().value(DataParallelResult.TEST_ACCURACY);
        assertTrue(accuracy > 0.8, "accuracy " + accuracy);
        // the network read back from the child gives the accuracy the child measured
        assertEquals(accuracy, Classification.accuracy(digits.test().labels(),
                r.network().output(digits.test().features())), 1e-6);
        assertEquals(before, net.params(), "the caller's network is not trained");
        assertEquals("3.1.2", r.versions().get("spark"));
        assertEquals("1.0.0-M2", r.versions().get("dl4j_spark"));
        assertEquals("1.0.0-M2.1", r.versions().get("deeplearning4j_nn"));
        assertTrue(r.versions().get("scala").startsWith("2.12."), r.versions().toString());
        assertTrue(r.startupSeconds() > 0 && r.totalSeconds() > r.startupSeconds());
        assertEquals(3, progress.size(), "a start line and one per epoch: " + progress);
        assertTrue(r.name().contains("parameter averaging"), r.name());
    }

    @Test
    void anInterruptBeforeFitStartsNoChild() {
        Thread.currentThread().interrupt();
        TrainingInterruptedException e;
        try {
            e = assertThrows(TrainingInterruptedException.class, () -> SparkTraining.of(model()).epochs(3)
                    .fastMode(false).progressTo(s -> { }).fit(digits.train(), digits.test()));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt flag stays set for the caller");
        }
        assertEquals(1, e.epoch());
        assertEquals(0, e.history().epochs().size());
    }

    /** The caller's thread is interrupted when the child reports its first epoch: the child stops, the epoch stays. */
    @Test
    void anInterruptStopsTheChildAndKeepsTheEpochsItFinished() {
        Thread caller = Thread.currentThread();
        List<String> progress = new ArrayList<>();
        TrainingInterruptedException e;
        try {
            e = assertThrows(TrainingInterruptedException.class, () -> SparkTraining.of(model()).workers(2)
                    .batchSize(32).epochs(20).fastMode(false).timeoutSeconds(400).progressTo(line -> {
                        progress.add(line);
                        if (line.startsWith("epoch  1/20")) {
                            caller.interrupt();
                        }
                    }).fit(digits.train(), digits.test()));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt flag stays set for the caller");
        }
        assertEquals(1, e.history().epochs().size(), progress.toString());
        assertEquals(2, e.epoch());
        assertTrue(e.history().last().value(DataParallelResult.TEST_ACCURACY) > 0.3, progress.toString());
    }

    /**
     * Many short epochs, each a chance for DL4J's SharedTrainingWrapper race (a task that arrives as the trainer finishes
     * waits forever). Before each executor ran one task at a time (SparkTrainingJob.executorCores), 4 of 8 runs of 20
     * epochs on 600 MNIST images stalled on this machine (bench/README.md). The same run shows that gradient sharing
     * learns, with its parameter-server module and both workers.
     */
    @Test
    void gradientSharingFinishesManyShortEpochsWithoutStalling() {
        List<String> progress = new ArrayList<>();
        SparkResult r = SparkTraining.of(model()).approach(SparkJob.Approach.GRADIENT_SHARING).workers(2)
                .batchSize(64).epochs(20).stallSeconds(30).fastMode(false).timeoutSeconds(400)
                .progressTo(progress::add).fit(digits.train(), digits.test());
        assertEquals(20, r.history().epochs().size(), String.join("\n", progress));
        assertTrue(r.history().last().value(DataParallelResult.TEST_ACCURACY) > 0.8, progress.toString());
        assertEquals("1.0.0-M2", r.versions().get("dl4j_spark_parameterserver"));
        assertEquals(2, r.asDataParallel().workers());
        assertTrue(r.name().contains("gradient sharing"), r.name());
    }
}
