package org.dlnotes.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Gradient sharing runs one task per executor at a time: spark.task.cpus is the executor's cores. */
class ExecutorCoresTest {

    private static int cores(String master) {
        return SparkTrainingJob.executorCores(master, null);
    }

    @Test
    void localMastersGiveTheirThreadCount() {
        assertEquals(1, cores("local"));
        assertEquals(2, cores("local[2]"));
        assertEquals(3, cores("local[3,2]"));
        assertEquals(Runtime.getRuntime().availableProcessors(), cores("local[*]"));
    }

    @Test
    void aClusterMasterTakesTheExecutorCores() {
        assertEquals(4, SparkTrainingJob.executorCores("spark://127.0.0.1:7077", "4"));
    }

    @Test
    void aClusterMasterWithoutExecutorCoresIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cores("spark://127.0.0.1:7077"));
        assertTrue(e.getMessage().contains("--conf spark.executor.cores=N"), e.getMessage());
    }
}
