package org.dlnotes.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.core.FastMode;
import org.dlnotes.models.FeedForwardTraining;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Trains a {@link MultiLayerNetwork} for a number of epochs and records a {@link History}: one concise progress
 * line per epoch (or every k epochs), nothing per iteration.
 *
 * <pre>{@code
 * TrainingResult r = Trainer.of(net).epochs(50)
 *         .validation(validIter)
 *         .metric("accuracy", Classification::accuracy)
 *         .earlyStopping(EarlyStopping.minimize("val_loss", 5))
 *         .fit(trainIter);
 * r.history().table();
 * }</pre>
 *
 * <p>The epoch loop is {@link EpochTraining}'s, shared with the library's other training classes: <b>fast mode</b>
 * ({@link FastMode}) runs {@code min(epochs, 2)} epochs, so notebooks keep the same code and finish quickly under CI
 * ({@link #fastMode(boolean)} overrides the environment); an interrupt ends the run with a
 * {@link TrainingInterruptedException}.
 *
 * <p>Before the first update both data sets are checked against the network: an empty iterator, or features or
 * labels whose size does not match the network's input or output, is an {@link IllegalArgumentException} naming
 * both shapes. Training stops with a {@link TrainingDivergedException} as soon as a minibatch loss or the parameters
 * after an update, or after an epoch the validation loss or the outputs that the metrics see, are NaN or infinite;
 * the network then keeps its last finite parameters. With the same
 * network seed and the same data order, two runs give identical histories apart from the timing columns.
 *
 * <p><b>The training step:</b> where {@link FeedForwardTraining} compiles the network (dense layers and an output
 * layer with its usual settings), each minibatch goes through its lean step, which makes the same update as
 * {@code net.fit} (equal within float rounding) without ND4J's per-op cost; any other network is trained with
 * {@code net.fit}. {@link #leanStep(boolean) leanStep(false)} always uses {@code net.fit}.
 */
public final class Trainer extends EpochTraining<Trainer> {

    /** Epochs run in fast mode at most. */
    public static final int FAST_MODE_EPOCHS = EpochTraining.FAST_MODE_EPOCHS;

    private final MultiLayerNetwork net;
    private DataSetIterator validation;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private EarlyStopping earlyStopping;
    private double clipNorm;
    private boolean leanStep = true;

    private Trainer(MultiLayerNetwork net) {
        super(10);
        this.net = net;
    }

    /** A trainer for this (initialised) network; the network is trained in place. */
    public static Trainer of(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        if (net.params() == null) {
            throw new IllegalArgumentException("net must be initialised (call net.init()), but has no parameters");
        }
        return new Trainer(net);
    }

    /** Validation data, evaluated after every epoch ({@code val_loss}, {@code val_<metric>}). */
    public Trainer validation(DataSetIterator validation) {
        this.validation = Objects.requireNonNull(validation, "validation");
        return this;
    }

    /** Records a metric each epoch on training and (if given) validation data as {@code train_<name>}, {@code val_<name>}. */
    public Trainer metric(String name, Metric metric) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("metric name must be letters, digits and _, starting with a letter,"
                    + " but is '" + name + "'");
        }
        if (metrics.containsKey(name)) {
            throw new IllegalArgumentException("metric name must be unique, but '" + name + "' is already used");
        }
        metrics.put(name, metric);
        return this;
    }

    /** Stops when the monitored column stops improving; see {@link EarlyStopping}. */
    public Trainer earlyStopping(EarlyStopping rule) {
        this.earlyStopping = Objects.requireNonNull(rule, "rule");
        return this;
    }

    /**
     * Clips each layer's gradient to an L2 norm of at most {@code maxNorm} (DL4J
     * {@link GradientNormalization#ClipL2PerLayer}); this changes the network's configuration.
     */
    public Trainer clipGradientNorm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be a finite number > 0, but is " + maxNorm);
        }
        this.clipNorm = maxNorm;
        return this;
    }

    /**
     * Whether minibatches go through {@link FeedForwardTraining}'s lean step where it compiles the network (true, the
     * default) or always through {@code net.fit} (false).
     */
    public Trainer leanStep(boolean enabled) {
        this.leanStep = enabled;
        return this;
    }

    /**
     * Trains on {@code train} (reset before every epoch) and returns the history.
     *
     * @throws IllegalArgumentException for empty or non-resettable data, or data that does not fit the network
     * @throws TrainingDivergedException when a loss, the parameters or the outputs become NaN or infinite; the
     *         network's parameters are then the last finite ones (from before the update that broke them)
     * @throws TrainingInterruptedException when the thread is interrupted (Jupyter's Kernel → Interrupt); training
     *         stops before the next epoch or after the current minibatch
     */
    public TrainingResult fit(DataSetIterator train) {
        Objects.requireNonNull(train, "train");
        int planned = plannedEpochs();
        checkData("train", train);
        if (validation != null) {
            checkData("validation", validation);
        }
        List<String> columns = columns();
        if (earlyStopping != null && !columns.contains(earlyStopping.monitor())) {
            throw new IllegalArgumentException("early stopping monitor must be a history column " + columns
                    + ", but is '" + earlyStopping.monitor() + "'");
        }
        if (clipNorm > 0) {
            applyClipping();
        }

        Step step = new Step(leanStep ? compileLeanStep() : null);
        INDArray lastFinite = net.params().dup();
        Best best = new Best();
        History history = runEpochs(run -> {
            int epoch = run.epoch();
            long start = System.nanoTime();
            Map<String, Double> values = new LinkedHashMap<>();
            train.reset();
            double lossSum = 0;
            long examples = 0;
            int iteration = 0;
            while (train.hasNext()) {
                DataSet batch = train.next();
                iteration++;
                double loss = step.fit(batch);
                checkUpdate(epoch, iteration, loss, lastFinite);
                lossSum += loss * batch.numExamples();
                examples += batch.numExamples();
                run.checkInterrupt(iteration);
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            net.incrementEpochCount();
            values.put(History.TRAIN_LOSS, lossSum / examples);
            if (validation != null) {
                double valLoss = loss(validation);
                if (!Double.isFinite(valLoss)) {
                    throw new TrainingDivergedException(epoch, iteration, "val_loss is " + valLoss + " (after the"
                            + " epoch's last update)", true);
                }
                values.put(History.VAL_LOSS, valLoss);
            }
            if (!metrics.isEmpty()) {
                putMetrics(values, "train_", train, epoch, iteration);
                if (validation != null) {
                    putMetrics(values, "val_", validation, epoch, iteration);
                }
            }
            values.put(History.SAMPLES_PER_SECOND, examples / trainSeconds);
            values.put(History.SECONDS, (System.nanoTime() - start) / 1e9);
            if (earlyStopping != null) {
                best.update(run, values.get(earlyStopping.monitor()));
            }
            return values;
        });
        int finalEpoch = history.epochs().size();
        int bestEpoch = finalEpoch;
        if (earlyStopping != null && earlyStopping.restoreBest() && best.params != null && best.epoch != finalEpoch) {
            net.setParams(best.params);
            bestEpoch = best.epoch;
            report(String.format(Locale.ROOT, "restored epoch %d (%s %.4f)", best.epoch, earlyStopping.monitor(),
                    best.value));
        }
        return new TrainingResult(history, bestEpoch, finalEpoch < planned);
    }

    /** The lean step for this network, or null where {@link FeedForwardTraining} does not compile it. */
    private FeedForwardTraining compileLeanStep() {
        try {
            return FeedForwardTraining.of(net);
        } catch (IllegalArgumentException unsupported) {
            return null;
        }
    }

    /** One minibatch's update, through the lean step while it takes the batches, else through {@code net.fit}. */
    private final class Step {
        private FeedForwardTraining lean;

        Step(FeedForwardTraining lean) {
            this.lean = lean;
        }

        /** Updates the network on {@code batch}; returns the batch's loss before the update. */
        double fit(DataSet batch) {
            if (lean != null) {
                try {
                    return lean.fit(batch);
                } catch (IllegalArgumentException refused) {
                    // The lean step refuses a batch before changing anything: a non-finite loss, mask arrays.
                    // net.fit takes it, so that divergence is reported as for any other network.
                    net.fit(batch);
                    double loss = net.score();
                    if (Double.isFinite(loss)) {
                        lean = null;
                        report("  · net.fit from here on: the lean step refused a batch (" + refused.getMessage()
                                + ")");
                    }
                    return loss;
                }
            }
            net.fit(batch);
            return net.score();
        }
    }

    /** Early stopping's state: the best value of the monitored column so far, its epoch and (to restore) parameters. */
    private final class Best {
        private double value = Double.NaN;
        private int epoch;
        private INDArray params;

        /** Records an epoch's monitored value; stops the run when it has not improved for {@code patience} epochs. */
        void update(EpochTraining.Run run, double v) {
            if (earlyStopping.improves(v, value)) {
                value = v;
                epoch = run.epoch();
                if (earlyStopping.restoreBest()) {
                    params = net.params().dup();
                }
            } else if (run.epoch() - epoch >= earlyStopping.patience() && run.epoch() < run.plannedEpochs()) {
                run.stop("  · early stop: " + earlyStopping.monitor() + " not improved for "
                        + earlyStopping.patience() + " epochs");
            }
        }
    }

    /**
     * After an update: if its loss or the new parameters are not finite, restores {@code lastFinite} (the parameters
     * before the update) and throws; otherwise copies the parameters into {@code lastFinite}.
     */
    private void checkUpdate(int epoch, int iteration, double loss, INDArray lastFinite) {
        INDArray params = net.params();
        boolean finiteParams = BooleanIndexing.and(params, Conditions.isFinite());
        if (!Double.isFinite(loss) || !finiteParams) {
            net.setParams(lastFinite);
            throw new TrainingDivergedException(epoch, iteration, Double.isFinite(loss)
                    ? "the parameters became NaN or infinite in the update (its loss was " + loss + ")"
                    : "loss is " + loss, true);
        }
        lastFinite.assign(params);
    }

    private List<String> columns() {
        List<String> c = new ArrayList<>();
        c.add(History.TRAIN_LOSS);
        if (validation != null) {
            c.add(History.VAL_LOSS);
        }
        for (String m : metrics.keySet()) {
            c.add("train_" + m);
            if (validation != null) {
                c.add("val_" + m);
            }
        }
        c.add(History.SAMPLES_PER_SECOND);
        c.add(History.SECONDS);
        return c;
    }

    private double loss(DataSetIterator data) {
        data.reset();
        double sum = 0;
        long n = 0;
        while (data.hasNext()) {
            DataSet batch = data.next();
            sum += net.score(batch, false) * batch.numExamples();
            n += batch.numExamples();
        }
        return sum / n;
    }

    private void putMetrics(Map<String, Double> values, String prefix, DataSetIterator data, int epoch,
                            int iteration) {
        data.reset();
        List<INDArray> labels = new ArrayList<>();
        List<INDArray> outputs = new ArrayList<>();
        while (data.hasNext()) {
            DataSet batch = data.next();
            labels.add(batch.getLabels());
            outputs.add(net.output(batch.getFeatures(), false, batch.getFeaturesMaskArray(),
                    batch.getLabelsMaskArray()));
        }
        INDArray allLabels = labels.size() == 1 ? labels.get(0) : Nd4j.concat(0, labels.toArray(INDArray[]::new));
        INDArray allOutputs = outputs.size() == 1 ? outputs.get(0)
                : Nd4j.concat(0, outputs.toArray(INDArray[]::new));
        if (!BooleanIndexing.and(allOutputs, Conditions.isFinite())) {
            throw new TrainingDivergedException(epoch, iteration, "the network's outputs on the " + prefix
                    .replace("_", "") + " data hold NaN or infinite values (after the epoch's last update)", true);
        }
        metrics.forEach((name, metric) -> values.put(prefix + name, metric.compute(allLabels, allOutputs)));
    }

    private void applyClipping() {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = unwrap(conf.getConf(i).getLayer());
            if (layer instanceof BaseLayer b) {
                b.setGradientNormalization(GradientNormalization.ClipL2PerLayer);
                b.setGradientNormalizationThreshold(clipNorm);
            }
        }
    }

    private static Layer unwrap(Layer layer) {
        while (layer instanceof FrozenLayer || layer instanceof BaseWrapperLayer) {
            layer = layer instanceof FrozenLayer f ? f.getLayer() : ((BaseWrapperLayer) layer).getUnderlying();
        }
        return layer;
    }

    /** Looks at the first batch: resettable, not empty, features and labels sized as the network expects. */
    private void checkData(String which, DataSetIterator data) {
        if (!data.resetSupported()) {
            throw new IllegalArgumentException(which + " data must support reset(), as the trainer reads the first "
                    + "batch to check it and starts every epoch with reset(), but " + data.getClass().getName()
                    + " does not; use a resettable iterator such as LabelledData.batches or a ViewIterator");
        }
        data.reset();
        if (!data.hasNext()) {
            throw new IllegalArgumentException(which + " data must not be empty, but the iterator has no batches");
        }
        DataSet first = data.next();
        data.reset();
        INDArray features = first.getFeatures();
        INDArray labels = first.getLabels();
        if (features.size(0) != labels.size(0)) {
            throw new IllegalArgumentException(which + " features " + Arrays.toString(features.shape())
                    + " and labels " + Arrays.toString(labels.shape()) + " must have the same number of examples");
        }
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        Layer firstLayer = unwrap(conf.getConf(0).getLayer());
        InputPreProcessor pre = conf.getInputPreProcess(0);
        if (firstLayer instanceof EmbeddingSequenceLayer || firstLayer instanceof EmbeddingLayer) {
            long vocabulary = ((FeedForwardLayer) firstLayer).getNIn();
            double max = features.maxNumber().doubleValue();
            if (features.minNumber().doubleValue() < 0 || max >= vocabulary) {
                throw new IllegalArgumentException(which + " features hold token indices up to " + (long) max
                        + ", but the model's embedding has " + vocabulary + " tokens (indices 0.." + (vocabulary - 1)
                        + "); features shape " + Arrays.toString(features.shape()));
            }
        } else if (pre instanceof FeedForwardToCnnPreProcessor p && features.rank() == 2) {
            long expected = p.getInputHeight() * p.getInputWidth() * p.getNumChannels();
            if (features.size(1) != expected) {
                throw mismatch(which, "features", features, expected, "input values ("
                        + p.getInputHeight() + "×" + p.getInputWidth() + "×" + p.getNumChannels() + " images)");
            }
        } else if (firstLayer instanceof FeedForwardLayer ff && pre == null && features.rank() >= 2
                && features.size(1) != ff.getNIn()) {
            throw mismatch(which, "features", features, ff.getNIn(), "input features");
        }
        Layer out = unwrap(conf.getConf(net.getnLayers() - 1).getLayer());
        if (out instanceof BaseOutputLayer o && labels.size(1) != o.getNOut()) {
            throw mismatch(which, "labels", labels, o.getNOut(), "output units");
        }
    }

    private static IllegalArgumentException mismatch(String which, String what, INDArray array, long expected,
                                                     String unit) {
        long[] shape = array.shape();
        long[] wanted = shape.clone();
        wanted[1] = expected;
        return new IllegalArgumentException(which + " " + what + " have shape " + Arrays.toString(shape)
                + ", but the model has " + expected + " " + unit + ": expected shape "
                + Arrays.toString(wanted).replaceFirst("^\\[\\d+", "[batch"));
    }
}
