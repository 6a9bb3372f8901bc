package org.dlnotes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The epoch loop that every training class shares, on its own: no network, each epoch returns given values. */
class EpochLoopTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /** An epoch whose train_loss is 1 / epoch and accuracy epoch / 10. */
    private static Map<String, Double> values(EpochTraining.Run run) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put(History.TRAIN_LOSS, 1.0 / run.epoch());
        v.put("val_accuracy", run.epoch() / 10.0);
        return v;
    }

    @Test
    void plannedEpochsAreTheEpochsCappedInFastMode() {
        assertEquals(10, new EpochLoop().fastMode(false).plannedEpochs());
        assertEquals(7, new EpochLoop().epochs(7).fastMode(false).plannedEpochs());
        assertEquals(2, new EpochLoop().epochs(7).fastMode(true).plannedEpochs());
        assertEquals(1, new EpochLoop().epochs(1).fastMode(true).plannedEpochs());
        assertEquals(2, EpochTraining.FAST_MODE_EPOCHS);
        assertEquals(EpochTraining.FAST_MODE_EPOCHS, Trainer.FAST_MODE_EPOCHS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EpochLoop().epochs(0));
        assertEquals("epochs must be >= 1, but is 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EpochLoop().progressEvery(-1));
    }

    @Test
    void runsThePlannedEpochsAndRecordsOneRowEachWithItsSeconds() {
        List<String> lines = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        History h = new EpochLoop().epochs(5).fastMode(true).progressTo(lines::add).run(run -> {
            seen.add(run.epoch());
            assertEquals(2, run.plannedEpochs());
            assertEquals(run.epoch() - 1, run.history().epochs().size());
            return values(run);
        });
        assertEquals(List.of(1, 2), seen);
        assertEquals(List.of(History.TRAIN_LOSS, "val_accuracy", History.SECONDS), h.columns());
        assertEquals(0.5, h.last().value(History.TRAIN_LOSS));
        assertEquals(2, h.last().epoch());
        assertTrue(h.last().value(History.SECONDS) >= 0);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).matches("epoch 2/2  train_loss 0\\.5000  val_accuracy 0\\.2000  \\d+\\.\\d\\d s"),
                lines.get(1));
    }

    @Test
    void theProgressLineHasOneFormat() {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put(History.TRAIN_LOSS, 0.123456);
        v.put("epsilon", 12.5);
        v.put(History.SAMPLES_PER_SECOND, 12345.6);
        v.put(History.SECONDS, 1.234);
        assertEquals("epoch  3/10  train_loss 0.1235  epsilon 12.5000  12,346 samples/s  1.23 s",
                EpochTraining.line(new History.Epoch(3, v), 10));
    }

    @Test
    void aBodysOwnSecondsAreKeptAndProgressEveryKPrintsEveryKthAndTheLast() {
        List<String> lines = new ArrayList<>();
        History h = new EpochLoop().epochs(5).fastMode(false).progressEvery(2).progressTo(lines::add).run(run -> {
            Map<String, Double> v = new LinkedHashMap<>();
            v.put(History.SECONDS, 7.0);
            v.put("test_accuracy", 0.5);
            return v;
        });
        assertEquals(List.of(History.SECONDS, "test_accuracy"), h.columns());
        assertEquals(7.0, h.last().value(History.SECONDS));
        assertEquals(List.of("epoch 2/5  7.00 s  test_accuracy 0.5000", "epoch 4/5  7.00 s  test_accuracy 0.5000",
                "epoch 5/5  7.00 s  test_accuracy 0.5000"), lines);
    }

    @Test
    void aNonFiniteLossEndsTheRunNamingTheEpoch() {
        List<String> lines = new ArrayList<>();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> new EpochLoop().epochs(5)
                .fastMode(false).progressTo(lines::add).run(run -> {
                    Map<String, Double> v = values(run);
                    if (run.epoch() == 3) {
                        run.checkInterrupt(4);
                        v.put(History.VAL_LOSS, Double.NaN);
                    }
                    return v;
                }));
        assertEquals(3, e.epoch());
        assertEquals(4, e.iteration());
        assertTrue(e.getMessage().startsWith("training diverged: loss is NaN at epoch 3, iteration 4."),
                e.getMessage());
        assertEquals(2, lines.size(), "no progress line for the diverged epoch");
        TrainingDivergedException step = assertThrows(TrainingDivergedException.class, () -> new EpochLoop()
                .epochs(2).fastMode(false).progressEvery(0).run(run -> {
                    run.checkLoss(1, 0.5);
                    run.checkLoss(2, Double.POSITIVE_INFINITY);
                    return values(run);
                }));
        assertEquals(1, step.epoch());
        assertEquals(2, step.iteration());
    }

    @Test
    void anInterruptBeforeTheRunEndsItWithNoEpochs() {
        Thread.currentThread().interrupt();
        List<Integer> ran = new ArrayList<>();
        TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class, () -> new EpochLoop()
                .epochs(3).fastMode(false).progressEvery(0).run(run -> {
                    ran.add(run.epoch());
                    return values(run);
                }));
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag stays set for the caller");
        assertEquals(List.of(), ran);
        assertEquals(1, e.epoch());
        assertEquals(0, e.iteration());
        assertEquals(0, e.history().epochs().size());
        assertTrue(e.getMessage().startsWith("training interrupted before epoch 1; "), e.getMessage());
    }

    @Test
    void anInterruptDuringAnEpochEndsTheRunBeforeTheNextOrAtTheBodysCheck() {
        List<String> lines = new ArrayList<>();
        TrainingInterruptedException between = assertThrows(TrainingInterruptedException.class, () -> new EpochLoop()
                .epochs(5).fastMode(false).progressTo(line -> {
                    lines.add(line);
                    if (lines.size() == 2) {
                        Thread.currentThread().interrupt();   // as Jupyter's Kernel > Interrupt does
                    }
                }).run(EpochLoopTest::values));
        assertTrue(Thread.interrupted());
        assertEquals(3, between.epoch());
        assertEquals(List.of(1, 2), between.history().epochs().stream().map(History.Epoch::epoch).toList());
        assertEquals(0.5, between.history().last().value(History.TRAIN_LOSS));

        TrainingInterruptedException inside = assertThrows(TrainingInterruptedException.class, () -> new EpochLoop()
                .epochs(5).fastMode(false).progressEvery(0).run(run -> {
                    for (int step = 1; step <= 10; step++) {
                        if (run.epoch() == 2 && step == 4) {
                            Thread.currentThread().interrupt();
                        }
                        run.checkInterrupt(step);
                    }
                    return values(run);
                }));
        assertTrue(Thread.interrupted());
        assertEquals(2, inside.epoch());
        assertEquals(4, inside.iteration());
        assertEquals(1, inside.history().epochs().size());
        assertTrue(inside.getMessage().startsWith("training interrupted in epoch 2 after minibatch 4; "),
                inside.getMessage());
    }

    @Test
    void stopEndsTheRunAfterTheEpochWithItsNote() {
        List<String> lines = new ArrayList<>();
        List<Integer> saved = new ArrayList<>();
        History h = new EpochLoop().epochs(10).fastMode(false).progressEvery(5).progressTo(lines::add)
                .afterEachEpoch(soFar -> saved.add(soFar.epochs().size())).run(run -> {
                    if (run.epoch() == 3) {
                        run.stop("  · stopped");
                    }
                    return values(run);
                });
        assertEquals(3, h.epochs().size());
        assertEquals(List.of(1, 2, 3), saved);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("epoch  3/10  train_loss 0.3333") && lines.get(0).endsWith("  · stopped"),
                lines.get(0));
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
