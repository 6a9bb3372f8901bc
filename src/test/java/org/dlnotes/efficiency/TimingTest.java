package org.dlnotes.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimingTest {

    @Test
    void sleepingTakesWallTimeButLittleCpu() {
        Timed<Void> t = Timing.measure(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(t.wallSeconds() >= 0.3, "a sleep lasts at least its time: " + t.wallSeconds());
        // no time bound: only that a sleeping JVM keeps less than one core busy (a ratio, whatever the load)
        assertTrue(t.cores() < 1, "cpu " + t.cpuSeconds() + " s in " + t.wallSeconds() + " s");
    }

    @Test
    void computingUsesCpu() {
        // spin until this thread has been charged 0.2 CPU seconds, however long that takes on a loaded machine: the
        // process's CPU time includes this thread's
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        Timed<Double> t = Timing.measure(() -> {
            double s = 0;
            long end = bean.getCurrentThreadCpuTime() + 200_000_000L;
            while (bean.getCurrentThreadCpuTime() < end) {
                for (int i = 0; i < 1000; i++) {
                    s += Math.sqrt(s + 1);
                }
            }
            return s;
        });
        assertTrue(t.value() > 0);
        // the process CPU clock ticks in 10 ms steps on Linux (measured here), the thread clock in nanoseconds
        assertTrue(t.cpuSeconds() >= 0.2 - 0.011, "a busy loop is charged CPU time: " + t.cpuSeconds());
        assertTrue(t.wallSeconds() >= t.cpuSeconds() / Timing.cores() - 0.01, "one thread: " + t);
    }

    @Test
    void coresIsTheRatio() {
        assertEquals(1.5, new Timed<>(null, 2, 3).cores());
        assertThrows(IllegalArgumentException.class, () -> new Timed<>(null, -1, 0));
    }

    @Test
    void medianIgnoresOneSlowRun() {
        int[] call = {0};
        double median = Timing.medianSeconds(() -> {
            try {
                Thread.sleep(call[0]++ == 1 ? 400 : 20);   // the second of three runs is disturbed
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, 3);
        assertEquals(3, call[0]);
        assertTrue(median >= 0.02 && median < 0.4, "the median is one of the undisturbed runs: " + median);
        assertThrows(IllegalArgumentException.class, () -> Timing.medianSeconds(() -> { }, 0));
    }

    @Test
    void interleavedMediansKeepTheRatioUnderABurst() {
        List<String> order = new ArrayList<>();
        int[] round = {0};
        double[] s = Timing.interleavedMedianSeconds(5, () -> {
            order.add("a");
            sleep(round[0]++ == 2 ? 400 : 10);   // a burst of load lands on one run of a
        }, () -> {
            order.add("b");
            sleep(40);
        });
        assertEquals(List.of("a", "b", "b", "a", "a", "b", "b", "a", "a", "b"), order, "the order rotates each round");
        assertTrue(s[0] >= 0.01 && s[0] < 0.04, "a's median is an undisturbed run: " + s[0]);
        assertTrue(s[1] >= 0.04 && s[1] < 0.4, "b: " + s[1]);
        assertThrows(IllegalArgumentException.class, () -> Timing.interleavedMedianSeconds(0, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> Timing.interleavedMedianSeconds(3));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
