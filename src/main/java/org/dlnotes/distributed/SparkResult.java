package org.dlnotes.distributed;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.train.History;

/**
 * The outcome of a {@link SparkTraining} run.
 *
 * @param job what ran
 * @param history per epoch: seconds, CPU seconds and busy cores of the Spark JVM, test accuracy (the columns of
 *     {@link DataParallelResult})
 * @param startupSeconds from the child JVM's start until Spark was up (JVM, classes, SparkContext)
 * @param totalSeconds wall-clock seconds of the child process, as seen by the caller
 * @param versions library versions in the child JVM ({@code spark}, {@code scala}, {@code dl4j_spark}, …) and its
 *     ND4J threads per operation ({@code nd4j_threads_per_op})
 * @param executors the executors' ids as Spark reported them at the end of training ({@code driver} in local mode)
 * @param command the {@code spark-submit} command that ran on a cluster; empty in local mode
 * @param network the trained network, read back from the child
 * @param log the child's last output lines
 */
public record SparkResult(SparkJob job, History history, double startupSeconds, double totalSeconds,
        Map<String, String> versions, List<String> executors, String command, MultiLayerNetwork network,
        List<String> log) {

    /** Copies the collections. */
    public SparkResult {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(history, "history");
        versions = Map.copyOf(versions);
        executors = List.copyOf(executors);
        Objects.requireNonNull(command, "command");
        log = List.copyOf(log);
    }

    /**
     * A short description, e.g. {@code "Spark local[2], parameter averaging every 5"} or
     * {@code "Spark cluster, 2 executors, gradient sharing"}.
     */
    public String name() {
        String threads = versions.getOrDefault("nd4j_threads_per_op", "");
        return "Spark " + (job.master() != null ? job.master() : "cluster, " + executors.size() + " executors") + ", "
                + (job.approach() == SparkJob.Approach.PARAMETER_AVERAGING
                        ? "parameter averaging every " + job.averagingFrequency() : "gradient sharing")
                + (threads.isEmpty() ? "" : ", " + threads + " thread" + (threads.equals("1") ? "" : "s") + " per op");
    }

    /** The run in the form of the on-machine runs, for one table ({@link DataParallel#table}). */
    public DataParallelResult asDataParallel() {
        return new DataParallelResult(name(), job.workers(), history);
    }
}
