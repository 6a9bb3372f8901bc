package org.dlnotes.distributed;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.deeplearning4j.spark.api.TrainingMaster;
import org.junit.jupiter.api.Test;

/**
 * Parameter averaging trains on random splits of the data, one per averaging. DL4J's default repartitioning
 * (Always, Balanced) counts each split's partitions in a Spark job and shuffles the split when they differ, two extra
 * stages per averaging; the job's training master repartitions only when the partitions do not match the workers.
 */
class ParameterAveragingSplitsTest {

    private static String json(SparkJob.Approach approach) throws Exception {
        SparkJob job = new SparkJob(approach, "local[2]", 2, 32, 5, 3, Path.of("m.zip"), Path.of("train.bin"),
                Path.of("test.bin"), Path.of("out"));
        TrainingMaster<?, ?> master = SparkTrainingJob.trainingMaster(job, "127.0.0.1");
        return master.toJson();
    }

    @Test
    void splitsAreRepartitionedOnlyWhenTheirPartitionsDifferFromTheWorkers() throws Exception {
        String json = json(SparkJob.Approach.PARAMETER_AVERAGING);
        assertTrue(json.matches("(?s).*\"repartition\"\\s*:\\s*\"NumPartitionsWorkersDiffers\".*"), json);
        assertFalse(json.contains("\"Always\""), json);
        assertTrue(json.matches("(?s).*\"averagingFrequency\"\\s*:\\s*5\\b.*"), json);
    }
}
