package org.dlnotes.distributed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.dlnotes.data.LabelledData;
import org.dlnotes.efficiency.Nd4jThreads;
import org.dlnotes.efficiency.Timed;
import org.dlnotes.efficiency.Timing;
import org.dlnotes.metrics.Classification;
import org.dlnotes.train.EpochTraining;
import org.dlnotes.train.History;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Data-parallel training on one machine with DL4J's {@link ParallelWrapper}: {@code workers} replicas of the network
 * train on different minibatches at once, each in its own thread, and are combined either by averaging their
 * parameters every {@code averagingFrequency} minibatches ({@link Mode#AVERAGING}) or by exchanging compressed
 * (threshold-encoded) gradients after every step ({@link Mode#SHARED_GRADIENTS}). With one worker the network is
 * trained by a plain {@code net.fit(batch)} loop, the baseline (ParallelWrapper itself needs two or more).
 *
 * <pre>{@code
 * DataParallelResult one = DataParallel.of(model()).workers(1).epochs(3).test(test).fit(train.batches(32, 42));
 * DataParallelResult two = DataParallel.of(model()).workers(2).averagingFrequency(5).epochs(3).test(test)
 *         .fit(train.batches(32, 42));
 * }</pre>
 *
 * <p>The epoch loop is {@link EpochTraining}'s: epochs (default 3) are capped at
 * {@value EpochTraining#FAST_MODE_EPOCHS} in fast mode, an interrupt stops training after the current epoch with a
 * {@code TrainingInterruptedException}, and each epoch prints one progress line after this configuration's
 * {@link #name()}. Times are of the training passes only; the test accuracy is computed after each epoch, outside the
 * timing.
 */
public final class DataParallel extends EpochTraining<DataParallel> {

    /** How the replicas are combined. */
    public enum Mode {
        /** Average the replicas' parameters (and updater state) every {@code averagingFrequency} minibatches. */
        AVERAGING,
        /** Share threshold-encoded gradient updates between the replicas after every minibatch. */
        SHARED_GRADIENTS
    }

    private final MultiLayerNetwork net;
    private int workers = 2;
    private Mode mode = Mode.AVERAGING;
    private int averagingFrequency = 5;
    private int prefetch = 4;
    private double threshold = 1e-3;
    private int threadsPerOp;
    private LabelledData test;

    private DataParallel(MultiLayerNetwork net) {
        super(3);
        this.net = net;
    }

    /** Trains {@code net} (initialised; trained in place). */
    public static DataParallel of(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        if (net.params() == null) {
            throw new IllegalArgumentException("net must be initialised (call net.init()), but has no parameters");
        }
        return new DataParallel(net);
    }

    /** Replicas trained at once (default 2); 1 for the plain single-threaded loop. */
    public DataParallel workers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, but is " + workers);
        }
        this.workers = workers;
        return this;
    }

    /** How the replicas are combined (default {@link Mode#AVERAGING}). */
    public DataParallel mode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** Minibatches each replica trains between two parameter averagings (default 5; {@link Mode#AVERAGING} only). */
    public DataParallel averagingFrequency(int minibatches) {
        if (minibatches < 1) {
            throw new IllegalArgumentException("averagingFrequency must be >= 1, but is " + minibatches);
        }
        this.averagingFrequency = minibatches;
        return this;
    }

    /**
     * Initial threshold of the gradient encoding ({@link Mode#SHARED_GRADIENTS}; default 1e-3, adapted during
     * training by DL4J's {@link AdaptiveThresholdAlgorithm}): update elements whose magnitude reaches it are sent as
     * ±threshold, the rest accumulate locally until they do. Too small a threshold sends tiny steps and slows
     * learning (measured on digits: 1e-4 and 1e-5 stayed below 35 % accuracy after 3 epochs where 1e-3 reached 84 %).
     */
    public DataParallel threshold(double threshold) {
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a finite number > 0, e.g. 1e-3, but is " + threshold);
        }
        this.threshold = threshold;
        return this;
    }

    /**
     * ND4J threads per operation during training ({@link Nd4jThreads}), in the caller's thread and in every replica's;
     * 0 (default) keeps the current setting. With {@code workers} replicas each running operations,
     * {@code workers × threadsPerOp} threads compete for the cores.
     */
    public DataParallel threadsPerOp(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threadsPerOp must be >= 0 (0 keeps ND4J's setting), but is " + threads);
        }
        this.threadsPerOp = threads;
        return this;
    }

    /** Minibatches prepared ahead per replica (default 4). */
    public DataParallel prefetch(int minibatches) {
        if (minibatches < 1) {
            throw new IllegalArgumentException("prefetch must be >= 1, but is " + minibatches);
        }
        this.prefetch = minibatches;
        return this;
    }

    /** Test data whose accuracy is recorded after every epoch. */
    public DataParallel test(LabelledData test) {
        this.test = Objects.requireNonNull(test, "test");
        return this;
    }

    /** A short description of this configuration, e.g. {@code "ParallelWrapper ×2, averaging every 5"}. */
    public String name() {
        String threads = threadsPerOp == 0 ? "" : ", " + threadsPerOp + " thread" + (threadsPerOp == 1 ? "" : "s")
                + " per op";
        if (workers == 1) {
            return "1 worker (net.fit)" + threads;
        }
        return "ParallelWrapper ×" + workers + (mode == Mode.AVERAGING ? ", averaging every " + averagingFrequency
                : ", shared gradients") + threads;
    }

    @Override
    protected String progressName() {
        return name();
    }

    /**
     * Sets OpenMP's thread count in each replica's training thread, which ParallelWrapper starts itself: OpenMP keeps
     * it per thread, and DL4J's backward pass multiplies through {@code Nd4j.gemm}, which follows it (without this,
     * the replicas' products ran at the count the process started with).
     */
    private static final class WorkerThreads extends BaseTrainingListener {

        private final int threads;

        WorkerThreads(int threads) {
            this.threads = threads;
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            Nd4jThreads.setOpenMpThreads(threads);
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            Nd4jThreads.setOpenMpThreads(threads);
        }
    }

    /**
     * Creates the network's updater now, before ParallelWrapper's trainer threads start (call before every
     * {@code wrapper.fit}). Worker 0 trains the original network (holding its monitor for a whole {@code fit}) while
     * worker 1 copies the original's updater state; if that updater does not exist, creating it needs the same
     * monitor, and in shared-gradients mode worker 0 waits for worker 1's gradients inside {@code fit}: a deadlock.
     * The updater is missing after every epoch, because worker 0 ends with {@code clear()} on the network it trained,
     * the original (DL4J 1.0.0-M2.1 {@code DefaultTrainer}; 09b hung in its second epoch on a loaded 2-core machine).
     */
    static void createUpdater(MultiLayerNetwork net) {
        net.getUpdater(true);
    }

    /**
     * Trains on {@code train} (reset before every epoch). With two or more workers the network's listeners are given
     * to every replica (ParallelWrapper's {@code setListeners}), so they are called from several threads at once.
     *
     * @throws IllegalArgumentException for an empty iterator or one that cannot be reset for a second epoch
     * @throws org.dlnotes.train.TrainingInterruptedException when the thread is interrupted; training stops after
     *     the current epoch
     */
    public DataParallelResult fit(DataSetIterator train) {
        Objects.requireNonNull(train, "train");
        int planned = plannedEpochs();
        if (planned > 1 && !train.resetSupported()) {
            throw new IllegalArgumentException("train must support reset() to run " + planned + " epochs, but "
                    + train.getClass().getSimpleName() + " does not");
        }
        train.reset();
        if (!train.hasNext()) {
            throw new IllegalArgumentException("train must not be empty, but the iterator has no batches");
        }
        Nd4jThreads.Limit limit = Nd4jThreads.limit(threadsPerOp);
        Collection<TrainingListener> listeners = new ArrayList<>(net.getListeners());
        ParallelWrapper wrapper = workers == 1 ? null : new ParallelWrapper.Builder<>(net)
                .workers(workers)
                .prefetchBuffer(prefetch)
                .averagingFrequency(averagingFrequency)
                .reportScoreAfterAveraging(false)
                .thresholdAlgorithm(new AdaptiveThresholdAlgorithm(threshold))
                .trainingMode(mode == Mode.AVERAGING ? ParallelWrapper.TrainingMode.AVERAGING
                        : ParallelWrapper.TrainingMode.SHARED_GRADIENTS)
                .build();
        if (wrapper != null) {
            List<TrainingListener> replicaListeners = new ArrayList<>(listeners);
            if (threadsPerOp > 0) {
                replicaListeners.add(new WorkerThreads(threadsPerOp));
            }
            if (!replicaListeners.isEmpty()) {
                wrapper.setListeners(replicaListeners);
            }
        }
        try {
            History history = runEpochs(run -> {
                train.reset();
                Timed<Void> t = Timing.measure(() -> {
                    if (wrapper == null) {
                        while (train.hasNext()) {
                            net.fit(train.next());
                        }
                    } else {
                        createUpdater(net);
                        wrapper.fit(train);
                    }
                });
                Map<String, Double> values = new LinkedHashMap<>();
                values.put(History.SECONDS, t.wallSeconds());
                values.put(DataParallelResult.CPU_SECONDS, t.cpuSeconds());
                values.put(DataParallelResult.CORES, t.cores());
                if (test != null) {
                    values.put(DataParallelResult.TEST_ACCURACY, Classification.accuracy(test.labels(),
                            net.output(test.features()).castTo(DataType.FLOAT)));
                }
                return values;
            });
            return new DataParallelResult(name(), workers, history);
        } finally {
            if (wrapper != null) {
                wrapper.shutdown();
                net.setListeners(listeners);   // ParallelWrapper gave worker 0, the original network, its own list
            }
            limit.close();
        }
    }

    /**
     * One row per run: name, workers, seconds and CPU seconds per epoch, busy cores, speed-up over the first run
     * (by wall clock), final test accuracy.
     */
    public static Table table(List<DataParallelResult> runs) {
        Objects.requireNonNull(runs, "runs");
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("runs must not be empty");
        }
        double base = runs.get(0).secondsPerEpoch();
        DoubleColumn seconds = DoubleColumn.create("s_per_epoch", runs.stream()
                .mapToDouble(DataParallelResult::secondsPerEpoch).toArray());
        DoubleColumn cpu = DoubleColumn.create("cpu_s_per_epoch", runs.stream()
                .mapToDouble(DataParallelResult::cpuSecondsPerEpoch).toArray());
        DoubleColumn cores = DoubleColumn.create("cores", runs.stream()
                .mapToDouble(r -> r.cpuSecondsPerEpoch() / r.secondsPerEpoch()).toArray());
        DoubleColumn speedup = DoubleColumn.create("speedup", runs.stream()
                .mapToDouble(r -> base / r.secondsPerEpoch()).toArray());
        DoubleColumn accuracy = DoubleColumn.create("test_accuracy", runs.stream()
                .mapToDouble(DataParallelResult::finalAccuracy).toArray());
        for (DoubleColumn c : List.of(seconds, cpu, cores, speedup)) {
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        }
        accuracy.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        return Table.create("data-parallel training",
                StringColumn.create("run", runs.stream().map(DataParallelResult::name).toList()),
                IntColumn.create("workers", runs.stream().mapToInt(DataParallelResult::workers).toArray()),
                seconds, cpu, cores, speedup, accuracy);
    }
}
