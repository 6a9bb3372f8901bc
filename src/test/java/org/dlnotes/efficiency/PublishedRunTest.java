package org.dlnotes.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dlnotes.economics.Accelerator;
import org.junit.jupiter.api.Test;

class PublishedRunTest {

    @Test
    void gpt3SixNDMatchesThePapersCompute() {
        PublishedRun gpt3 = PublishedRun.gpt3();
        assertEquals(3.14e23, gpt3.trainingFlops(), 0.01 * 3.14e23);
        assertFalse(gpt3.hasReportedHours());
        assertThrows(IllegalStateException.class, gpt3::impliedUtilisation);
    }

    @Test
    void reportedHoursImplyPlausibleUtilisation() {
        // 6 · 70e9 · 2e12 = 8.4e23 FLOPs over 1,720,320 h at 312 TFLOP/s
        assertEquals(8.4e23 / (1_720_320.0 * 3600 * 312e12), PublishedRun.llama2_70b().impliedUtilisation(), 1e-12);
        for (PublishedRun run : PublishedRun.all()) {
            if (run.hasReportedHours()) {
                double u = run.impliedUtilisation();
                assertTrue(u > 0.2 && u < 0.7, run.model() + ": " + u);
            }
        }
    }

    @Test
    void secondsAtAGivenThroughput() {
        assertEquals(1.2e20 / 1e11, PublishedRun.article001().seconds(1e11), 1);
        assertThrows(IllegalArgumentException.class, () -> PublishedRun.gpt3().seconds(0));
    }

    @Test
    void catalogueIsSortedByCompute() {
        List<PublishedRun> all = PublishedRun.all();
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i).trainingFlops() >= all.get(i - 1).trainingFlops());
        }
    }

    @Test
    void hoursAndAcceleratorComeTogether() {
        assertThrows(IllegalArgumentException.class, () -> new PublishedRun("x", 1, 1, 5, null, "s"));
        assertThrows(IllegalArgumentException.class, () -> new PublishedRun("x", 1, 1, Double.NaN,
                Accelerator.a100Sxm80(), "s"));
        assertThrows(IllegalArgumentException.class, () -> new PublishedRun("x", 0, 1, Double.NaN, null, "s"));
    }
}
