package org.dlnotes.efficiency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.LabelledData;
import org.dlnotes.metrics.Classification;
import org.dlnotes.train.History;
import org.dlnotes.train.Trainer;
import org.dlnotes.train.TrainingInterruptedException;
import org.dlnotes.train.TrainingResult;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Trains copies of one network, each converted to another data type ({@link MultiLayerNetwork#convertDataType}:
 * weights, activations, gradients and updater state all in that type), from the same initial weights on the same
 * data in the same order, and records time and accuracy. This is ND4J's <em>reduced</em> precision, not mixed
 * precision: no fp32 master copy of the weights and no loss scaling. A run that fails (an operation without a kernel
 * for the type, or a loss that becomes NaN) is recorded with its error, not thrown.
 *
 * <pre>{@code
 * List<PrecisionResult> r = PrecisionComparison.of(net).types(DataType.FLOAT, DataType.HALF).epochs(5)
 *         .run(split.train(), split.test());
 * PrecisionComparison.table(r);
 * }</pre>
 */
public final class PrecisionComparison {

    private final MultiLayerNetwork base;
    private List<DataType> types = List.of(DataType.FLOAT, DataType.HALF, DataType.BFLOAT16);
    private int epochs = 5;
    private int batchSize = 32;
    private long seed = 42;
    private Boolean fastMode;

    private PrecisionComparison(MultiLayerNetwork base) {
        this.base = base;
    }

    /** A comparison of copies of {@code net} (left untouched) in several data types. */
    public static PrecisionComparison of(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        if (net.params() == null) {
            throw new IllegalArgumentException("net must be initialised (call net.init()), but has no parameters");
        }
        return new PrecisionComparison(net);
    }

    /** Data types to train in, in order (default FLOAT, HALF, BFLOAT16). */
    public PrecisionComparison types(DataType... types) {
        Objects.requireNonNull(types, "types");
        if (types.length == 0) {
            throw new IllegalArgumentException("types must name at least one data type, but is empty");
        }
        for (DataType t : types) {
            if (!FloatFormat.TYPES.contains(t)) {
                throw new IllegalArgumentException("types must be floating-point types " + FloatFormat.TYPES
                        + ", but contains " + t);
            }
        }
        this.types = List.copyOf(Arrays.asList(types));
        return this;
    }

    /** Epochs per type (default 5; {@link Trainer} caps them in fast mode). */
    public PrecisionComparison epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, but is " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Minibatch size (default 32). */
    public PrecisionComparison batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, but is " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** Seed of the batch order, the same for every type (default 42). */
    public PrecisionComparison seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Forces fast mode (at most 2 epochs) on or off instead of reading it from the environment. */
    public PrecisionComparison fastMode(boolean on) {
        this.fastMode = on;
        return this;
    }

    /**
     * Trains one copy per type on {@code train} and measures its accuracy on {@code test}; a type whose training or
     * evaluation fails is a result with its failure.
     *
     * @throws TrainingInterruptedException when the thread is interrupted (not a failure of the type in training)
     */
    public List<PrecisionResult> run(LabelledData train, LabelledData test) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        List<PrecisionResult> results = new ArrayList<>();
        for (DataType type : types) {
            MultiLayerNetwork net = copy(base, type);
            Trainer trainer = Trainer.of(net).epochs(epochs).progressEvery(0);
            if (fastMode != null) {
                trainer.fastMode(fastMode);
            }
            TrainingResult trained = null;
            String failure = null;
            double cpu0 = Timing.processCpuSeconds();
            long wall0 = System.nanoTime();
            try {
                trained = trainer.fit(train.batches(batchSize, seed));
            } catch (TrainingInterruptedException e) {
                throw e;   // the user stopped the comparison; that is not a failed run of this type
            } catch (RuntimeException e) {
                failure = firstLine(e);
            }
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = Math.max(0, Timing.processCpuSeconds() - cpu0);
            double loss = Double.NaN;
            double accuracy = Double.NaN;
            if (failure == null) {
                History h = trained.history();
                loss = h.last().value(History.TRAIN_LOSS);
                try {
                    accuracy = accuracy(net, test);
                } catch (RuntimeException e) {
                    failure = "evaluation: " + firstLine(e);
                }
            }
            results.add(new PrecisionResult(type, trained == null ? 0 : trained.history().epochs().size(), wall, cpu,
                    loss, accuracy, failure));
        }
        return List.copyOf(results);
    }

    /**
     * Converts a trained network to each type and times its predictions on {@code test} ({@code repeats} passes,
     * the fastest counts): reduced precision for inference only.
     */
    public static List<PrecisionResult> inference(MultiLayerNetwork trained, LabelledData test, int repeats,
            DataType... types) {
        Objects.requireNonNull(trained, "trained");
        Objects.requireNonNull(test, "test");
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, but is " + repeats);
        }
        List<PrecisionResult> results = new ArrayList<>();
        for (DataType type : types) {
            MultiLayerNetwork net = copy(trained, type);
            double bestWall = Double.POSITIVE_INFINITY;
            double bestCpu = Double.POSITIVE_INFINITY;
            double accuracy = Double.NaN;
            String failure = null;
            try {
                for (int r = 0; r < repeats; r++) {
                    Timed<Double> t = Timing.measure(() -> accuracy(net, test));
                    accuracy = t.value();
                    if (t.wallSeconds() < bestWall) {
                        bestWall = t.wallSeconds();
                        bestCpu = t.cpuSeconds();
                    }
                }
            } catch (RuntimeException e) {
                failure = firstLine(e);
                bestWall = 0;
                bestCpu = 0;
            }
            results.add(new PrecisionResult(type, 0, bestWall, bestCpu, Double.NaN, accuracy, failure));
        }
        return List.copyOf(results);
    }

    /** A copy of {@code net} in {@code type}; the original is not changed. */
    static MultiLayerNetwork copy(MultiLayerNetwork net, DataType type) {
        return net.clone().convertDataType(type);
    }

    private static double accuracy(MultiLayerNetwork net, LabelledData test) {
        INDArray out = net.output(test.features()).castTo(DataType.FLOAT);
        return Classification.accuracy(test.labels(), out);
    }

    /** The first line of the deepest message in the cause chain, prefixed with the exception's simple name. */
    static String firstLine(Throwable e) {
        Throwable t = e;
        String message = null;
        String name = e.getClass().getSimpleName();
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
                name = t.getClass().getSimpleName();
                if (message.startsWith("Op [") || message.contains("NaN") || message.contains("not a finite")) {
                    break;
                }
            }
            t = t.getCause();
        }
        String line = message == null ? "" : message.strip().split("\n", 2)[0];
        return name + (line.isEmpty() ? "" : ": " + line);
    }

    /** One row per result: type, epochs, wall and CPU seconds, train loss, test accuracy, failure. */
    public static Table table(List<PrecisionResult> results) {
        Objects.requireNonNull(results, "results");
        DoubleColumn wall = DoubleColumn.create("wall_s", results.stream().mapToDouble(PrecisionResult::wallSeconds)
                .toArray());
        DoubleColumn cpu = DoubleColumn.create("cpu_s", results.stream().mapToDouble(PrecisionResult::cpuSeconds)
                .toArray());
        DoubleColumn loss = DoubleColumn.create("train_loss", results.stream()
                .mapToDouble(PrecisionResult::trainLoss).toArray());
        DoubleColumn acc = DoubleColumn.create("test_accuracy", results.stream()
                .mapToDouble(PrecisionResult::testAccuracy).toArray());
        wall.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        cpu.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        loss.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        acc.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        return Table.create("precision",
                StringColumn.create("type", results.stream().map(r -> r.type().name()).toList()),
                IntColumn.create("epochs", results.stream().mapToInt(PrecisionResult::epochs).toArray()),
                wall, cpu, loss, acc,
                StringColumn.create("failure", results.stream().map(r -> r.ok() ? "" : r.failure()).toList()));
    }
}
