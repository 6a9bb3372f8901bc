package org.dlnotes.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.dlnotes.core.FastMode;

/**
 * The epoch loop that every training class of this library shares ({@link Trainer}, {@code DataParallel},
 * {@code SparkTraining}, {@code DpSgd}, {@code FederatedAveraging}, {@code MatrixFactorization}), as the base of their
 * self-typed builders: the options {@link #epochs(int)}, {@link #fastMode(boolean)}, {@link #progressEvery(int)} and
 * {@link #progressTo(Consumer)}, and {@link #runEpochs(Body)}, which runs one {@link Body} per epoch. A subclass
 * supplies only "run one epoch and return its values"; the loop owns the rest:
 * <ul>
 *   <li>the number of epochs, {@code min(epochs, }{@value #FAST_MODE_EPOCHS}{@code )} in fast mode
 *       ({@link #plannedEpochs()});</li>
 *   <li>interrupts: before every epoch, and wherever the body calls {@link Run#checkInterrupt(int)}, an interrupted
 *       thread (Jupyter's <i>Kernel → Interrupt</i>) ends the run with a {@link TrainingInterruptedException} that
 *       holds the finished epochs; the thread's interrupt flag stays set;</li>
 *   <li>divergence: a NaN or infinite {@code *loss} value of an epoch (or a loss passed to
 *       {@link Run#checkLoss(int, double)}) ends the run with a {@link TrainingDivergedException} naming the
 *       epoch;</li>
 *   <li>the history row ({@link History.Epoch}, with {@code seconds} of the whole epoch added when the body did not
 *       put them) and one progress line per epoch in one format ({@link #line(History.Epoch, int)}).</li>
 * </ul>
 * {@link EpochLoop} is the loop on its own, for code that is not a builder.
 *
 * @param <B> the subclass, returned by the options for chaining
 */
public abstract class EpochTraining<B extends EpochTraining<B>> {

    /** Epochs run in fast mode at most. */
    public static final int FAST_MODE_EPOCHS = 2;

    private int epochs;
    private Boolean fastMode;
    private int progressEvery = 1;
    private Consumer<String> progress = System.out::println;

    /** Settings with {@code defaultEpochs} epochs, fast mode from the environment, a line per epoch to stdout. */
    protected EpochTraining(int defaultEpochs) {
        this.epochs = atLeastOne(defaultEpochs);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Number of epochs; capped at {@value #FAST_MODE_EPOCHS} in fast mode. */
    public B epochs(int epochs) {
        this.epochs = atLeastOne(epochs);
        return self();
    }

    /** Forces fast mode on or off instead of reading it from the environment ({@link FastMode}). */
    public B fastMode(boolean on) {
        this.fastMode = on;
        return self();
    }

    /** Prints a progress line every {@code k} epochs (and after the last); 0 for silence. Default 1. */
    public B progressEvery(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, but is " + k);
        }
        this.progressEvery = k;
        return self();
    }

    /** Where progress lines go (default {@code System.out::println}). */
    public B progressTo(Consumer<String> sink) {
        this.progress = Objects.requireNonNull(sink, "sink");
        return self();
    }

    /** The number of epochs a run will have at most: {@code epochs}, or {@code min(epochs, 2)} in fast mode. */
    public int plannedEpochs() {
        boolean fast = fastMode != null ? fastMode : FastMode.enabled();
        return fast ? Math.min(epochs, FAST_MODE_EPOCHS) : epochs;
    }

    /** One epoch of training. */
    @FunctionalInterface
    public interface Body {
        /**
         * Trains epoch {@link Run#epoch()} and returns its values, column name → value in column order (the same
         * columns every epoch).
         */
        Map<String, Double> epoch(Run run);
    }

    /** The epoch in progress, as its {@link Body} sees it. */
    public static final class Run {
        private final int epoch;
        private final int planned;
        private final List<History.Epoch> done;
        private int iteration;
        private String stopNote;

        private Run(int epoch, int planned, List<History.Epoch> done) {
            this.epoch = epoch;
            this.planned = planned;
            this.done = done;
        }

        /** 1-based number of this epoch. */
        public int epoch() {
            return epoch;
        }

        /** Epochs this run will have at most. */
        public int plannedEpochs() {
            return planned;
        }

        /** The epochs finished before this one. */
        public History history() {
            return new History(done);
        }

        /**
         * Ends the run with a {@link TrainingInterruptedException} if the thread is interrupted; call it after each
         * minibatch or step ({@code iteration}, 1-based, within this epoch) so that an interrupt stops training there.
         */
        public void checkInterrupt(int iteration) {
            this.iteration = iteration;
            if (Thread.currentThread().isInterrupted()) {
                throw new TrainingInterruptedException(epoch, iteration, history());
            }
        }

        /**
         * Ends the run with a {@link TrainingDivergedException} if {@code loss} (of 1-based {@code iteration}) is NaN
         * or infinite.
         */
        public void checkLoss(int iteration, double loss) {
            this.iteration = iteration;
            if (!Double.isFinite(loss)) {
                throw diverged(epoch, iteration, loss);
            }
        }

        /** Stops the run after this epoch (early stopping); {@code note} is appended to the epoch's progress line. */
        public void stop(String note) {
            this.stopNote = Objects.requireNonNull(note, "note");
        }
    }

    /**
     * Runs {@link #plannedEpochs()} epochs of {@code body} (fewer if it {@link Run#stop stops}) and returns their
     * history.
     *
     * @throws TrainingInterruptedException when the thread is interrupted before an epoch or at a check of the body
     * @throws TrainingDivergedException when a loss of an epoch is NaN or infinite
     */
    protected final History runEpochs(Body body) {
        Objects.requireNonNull(body, "body");
        int planned = plannedEpochs();
        List<History.Epoch> done = new ArrayList<>();
        for (int epoch = 1; epoch <= planned; epoch++) {
            Run run = new Run(epoch, planned, done);
            run.checkInterrupt(0);
            long start = System.nanoTime();
            Map<String, Double> values = new LinkedHashMap<>(body.epoch(run));
            values.forEach((column, value) -> {
                if (column.endsWith("loss") && !Double.isFinite(value)) {
                    throw diverged(run.epoch, run.iteration, value);
                }
            });
            values.putIfAbsent(History.SECONDS, (System.nanoTime() - start) / 1e9);
            History.Epoch row = new History.Epoch(epoch, values);
            done.add(row);
            epochFinished(new History(done));
            boolean last = epoch == planned || run.stopNote != null;
            if (progressEvery > 0 && (epoch % progressEvery == 0 || last)) {
                String name = progressName();
                progress.accept((name.isEmpty() ? "" : name + "  ") + line(row, planned)
                        + (run.stopNote == null ? "" : run.stopNote));
            }
            if (run.stopNote != null) {
                break;
            }
        }
        return new History(done);
    }

    /** Called with the history so far after each epoch's row is recorded, before its progress line (default: none). */
    protected void epochFinished(History soFar) {
    }

    /** Printed before each progress line (default none), e.g. which of several configurations is training. */
    protected String progressName() {
        return "";
    }

    /** Passes {@code line} to the progress sink unless progress is off ({@code progressEvery(0)}). */
    protected final void report(String line) {
        if (progressEvery > 0) {
            progress.accept(line);
        }
    }

    /** Copies these settings (epochs, fast mode, progress) to {@code other} and returns it. */
    protected final <T extends EpochTraining<T>> T copySettingsTo(T other) {
        EpochTraining<T> o = other;
        o.epochs = epochs;
        o.fastMode = fastMode;
        o.progressEvery = progressEvery;
        o.progress = progress;
        return other;
    }

    /**
     * The progress line of an epoch: {@code epoch 3/10}, then each value as {@code name 0.1234}, throughput as
     * {@code 1,234 samples/s} and {@code seconds} as {@code 0.52 s}.
     */
    public static String line(History.Epoch e, int planned) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %" + String.valueOf(planned).length()
                + "d/%d", e.epoch(), planned));
        e.values().forEach((k, v) -> {
            if (k.equals(History.SAMPLES_PER_SECOND)) {
                sb.append(String.format(Locale.ROOT, "  %,.0f samples/s", v));
            } else if (k.equals(History.SECONDS)) {
                sb.append(String.format(Locale.ROOT, "  %.2f s", v));
            } else {
                sb.append(String.format(Locale.ROOT, "  %s %.4f", k, v));
            }
        });
        return sb.toString();
    }

    /** The exception for a NaN or infinite loss at 1-based {@code epoch} and {@code iteration}. */
    private static TrainingDivergedException diverged(int epoch, int iteration, double loss) {
        return new TrainingDivergedException(epoch, iteration, "loss is " + loss, false);
    }

    private static int atLeastOne(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, but is " + epochs);
        }
        return epochs;
    }
}
