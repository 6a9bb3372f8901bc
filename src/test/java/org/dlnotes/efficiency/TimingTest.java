package org.dlnotes.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(t.wallSeconds() >= 0.3, "wall " + t.wallSeconds());
        assertTrue(t.cpuSeconds() < 0.15, "cpu " + t.cpuSeconds());
        assertTrue(t.cores() < 0.5);
    }

    @Test
    void computingUsesCpu() {
        Timed<Double> t = Timing.measure(() -> {
            double s = 0;
            long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < end) {
                s += Math.sqrt(s + 1);
            }
            return s;
        });
        assertTrue(t.value() > 0);
        assertTrue(t.cpuSeconds() > 0.05, "a busy loop is charged CPU time: " + t.cpuSeconds());
    }

    @Test
    void coresIsTheRatio() {
        assertEquals(1.5, new Timed<>(null, 2, 3).cores());
        assertThrows(IllegalArgumentException.class, () -> new Timed<>(null, -1, 0));
    }
}
