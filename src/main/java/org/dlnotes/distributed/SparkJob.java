package org.dlnotes.distributed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link SparkTrainingJob#main(String[])} trains, as command-line arguments, so that the same job runs in a child
 * JVM here and under {@code spark-submit} on a cluster.
 *
 * @param approach how the workers are combined
 * @param master the Spark master URL, e.g. {@code local[2]}; {@code null} to take it from {@code spark-submit}
 * @param workers local worker threads ({@code local[workers]}) and partitions of the data; gradient sharing trains
 *     with one thread per JVM (its executors' tasks feed that thread), see {@link SparkTrainingJob}
 * @param batchSize examples per minibatch on each worker
 * @param averagingFrequency minibatches between parameter averagings (parameter averaging only)
 * @param epochs passes over the data
 * @param model the initial network, saved by {@code ModelSerializer}
 * @param train the training data, a saved ND4J {@code DataSet}
 * @param test the test data, a saved ND4J {@code DataSet}
 * @param output folder for the results: {@code history.csv} (rewritten after each epoch), {@code model.zip},
 *     {@code run.properties} (versions, start-up time)
 */
public record SparkJob(Approach approach, String master, int workers, int batchSize, int averagingFrequency,
        int epochs, Path model, Path train, Path test, Path output) {

    /** DL4J's two ways to train on Spark. */
    public enum Approach {
        /**
         * {@code ParameterAveragingTrainingMaster}: each worker trains its own copy on its partition; the driver
         * averages the copies every {@code averagingFrequency} minibatches (synchronous).
         */
        PARAMETER_AVERAGING,
        /**
         * {@code SharedTrainingMaster}: workers exchange sparse, threshold-encoded gradient updates over a
         * peer-to-peer (Aeron UDP) mesh after every minibatch (Strom 2015; DL4J's recommended approach).
         */
        GRADIENT_SHARING
    }

    /** Checks the fields. */
    public SparkJob {
        Objects.requireNonNull(approach, "approach");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(output, "output");
        if (workers < 1 || batchSize < 1 || averagingFrequency < 1 || epochs < 1) {
            throw new IllegalArgumentException("workers, batchSize, averagingFrequency and epochs must be >= 1, but"
                    + " are " + workers + ", " + batchSize + ", " + averagingFrequency + ", " + epochs);
        }
    }

    /** The job as {@code --name value} arguments; {@link #parse(String[])} reads them back. */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of("--approach", approach.name()));
        if (master != null) {
            args.addAll(List.of("--master", master));
        }
        args.addAll(List.of("--workers", Integer.toString(workers), "--batch-size", Integer.toString(batchSize),
                "--averaging-frequency", Integer.toString(averagingFrequency), "--epochs", Integer.toString(epochs),
                "--model", model.toString(), "--train", train.toString(), "--test", test.toString(),
                "--output", output.toString()));
        return args;
    }

    /**
     * Reads what {@link #toArgs()} wrote.
     *
     * @throws IllegalArgumentException for an unknown or missing option, or a value that is not a number
     */
    public static SparkJob parse(String[] args) {
        Objects.requireNonNull(args, "args");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("arguments must be pairs '--name value', but argument " + (i + 1)
                        + " is '" + args[i] + "'" + (i + 1 >= args.length ? " without a value" : ""));
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        List<String> known = List.of("approach", "master", "workers", "batch-size", "averaging-frequency", "epochs",
                "model", "train", "test", "output");
        for (String name : options.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("option must be one of " + known + ", but is '--" + name + "'");
            }
        }
        for (String name : known) {
            if (!name.equals("master") && !options.containsKey(name)) {
                throw new IllegalArgumentException("option --" + name + " is missing; options are " + known);
            }
        }
        Approach approach;
        try {
            approach = Approach.valueOf(String.valueOf(options.get("approach")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--approach must be one of " + List.of(Approach.values()) + ", but is '"
                    + options.get("approach") + "'");
        }
        return new SparkJob(approach, options.get("master"), number(options, "workers"),
                number(options, "batch-size"), number(options, "averaging-frequency"), number(options, "epochs"),
                Path.of(options.get("model")), Path.of(options.get("train")), Path.of(options.get("test")),
                Path.of(options.get("output")));
    }

    private static int number(Map<String, String> options, String name) {
        try {
            return Integer.parseInt(options.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, but is '" + options.get(name)
                    + "'");
        }
    }
}
