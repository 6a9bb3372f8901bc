package org.dlnotes.models;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.stepfunctions.NegativeDefaultStepFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dlnotes.models.LeanKernels.Act;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * A lean training step for a small feed-forward network: what {@code net.fit(batch)} does to the network (parameters,
 * updater state, iteration count, score) without ND4J's per-op cost, for networks whose steps are too small for the
 * arithmetic to matter.
 *
 * <p>One {@code net.fit(batch)} of a 4-16-3 network on 16 examples costs DL4J 1 to 2.5 ms (09a, bench/README.md),
 * nearly all of it around dozens of ND4J ops of tens of µs each (op objects, shape information, JavaCPP wrappers,
 * thread hand-off); the arithmetic is a few thousand multiply-adds. {@link #of} compiles the network once:
 * it checks every setting, finds each layer's weights and bias inside the network's own parameter array and the
 * updater's state inside its own state array, and preallocates the working buffers. {@link #fit} then runs the
 * forward pass, the backward pass and the update directly on that native memory: one {@code cblas_sgemm} per layer
 * forward, one or two per layer backward, activations, loss and updater in Java. The network therefore holds the
 * new parameters and updater state after every step, and {@code net.output}, {@code net.score()} and a later
 * {@code net.fit} carry on from them as if DL4J had made the steps.
 *
 * <pre>{@code
 * FeedForwardTraining lean = FeedForwardTraining.of(net);
 * for (DataSet batch : batches) {
 *     double loss = lean.fit(batch);                       // net.fit(batch); net.score(), within float rounding
 * }
 * }</pre>
 *
 * <p>Supported: a float32 {@link MultiLayerNetwork} of {@link DenseLayer}s (identity, plain ReLU, tanh or sigmoid)
 * and a last {@link OutputLayer} with softmax and {@code MCXENT} or {@code NEGATIVELOGLIKELIHOOD}, or with identity,
 * ReLU, tanh or sigmoid and {@code MSE}; with or without biases; one updater for all parameters: {@link Adam},
 * {@link Sgd} or {@link Nesterovs} (learning-rate and momentum schedules included); minibatch averaging (DL4J's
 * default). Anything that changes the step otherwise is refused with an {@link IllegalArgumentException} naming the
 * layer and the setting: another layer type, an input preprocessor, dropout, weight noise, L1/L2/weight decay,
 * gradient normalisation, constraints, layer normalisation, loss weights, another loss, activation or updater,
 * per-layer updaters, an optimisation algorithm other than SGD. Batches with mask arrays are refused too.
 *
 * <p>What differs from {@code net.fit}: of the training listeners only {@code iterationDone} is called (after the
 * update, with the step's iteration and epoch, as DL4J calls it); {@code net.gradient()} is not updated. Replacing
 * the network's parameter array or updater afterwards ({@code net.init(params, false)}, {@code net.setUpdater})
 * makes {@link #fit} throw an {@link IllegalStateException}: compile again.
 *
 * <p><b>Threads:</b> {@link #fit} is {@code synchronized}; do not train the same network from other threads (with
 * {@code net.fit} or another instance) at the same time.
 */
public final class FeedForwardTraining {

    /** The updaters, as libnd4j's {@code sgd_updater}, {@code nesterovs_updater} and {@code adam_updater}. */
    private enum Rule {
        SGD, NESTEROVS, ADAM
    }

    /** Parameters per chunk of the updater loop (its working copies stay in L1). */
    private static final int CHUNK = 1024;

    /** A dense layer: W [out, in] row-major (DL4J's [in, out] in 'f' order) and bias b [out] in the parameters. */
    private record Dense(int in, int out, long weights, long bias, Act act) {
    }

    private final MultiLayerNetwork net;
    private final INDArray params;
    private final INDArray state;
    private final Dense[] layers;
    private final boolean softmax;
    private final double clipEps;
    private final IUpdater updater;
    private final Rule rule;
    private final int paramCount;
    private final int inputs;
    private final int outputs;

    private final FloatBuffer paramView;
    private final FloatBuffer stateView;
    private final FloatPointer[] weights;
    private final FloatPointer gradients;
    private final FloatBuffer gradientView;
    private final FloatPointer[] weightGradients;
    private final float[] g = new float[CHUNK];
    private final float[] p = new float[CHUNK];
    private final float[] m = new float[CHUNK];
    private final float[] v = new float[CHUNK];

    /** Working memory for {@code rows} examples: input and each layer's activation, each layer's delta, labels. */
    private int rows;
    private FloatPointer[] acts;
    private FloatBuffer[] actViews;
    private FloatPointer[] deltas;
    private FloatBuffer[] deltaViews;
    private FloatPointer labels;
    private FloatBuffer labelView;

    private FeedForwardTraining(MultiLayerNetwork net, Dense[] layers, boolean softmax, double clipEps,
            IUpdater updater, Rule rule) {
        this.net = net;
        this.params = net.params();
        this.state = net.getUpdater().getStateViewArray();
        this.layers = layers;
        this.softmax = softmax;
        this.clipEps = clipEps;
        this.updater = updater;
        this.rule = rule;
        this.paramCount = (int) params.length();
        this.inputs = layers[0].in();
        this.outputs = layers[layers.length - 1].out();
        FloatPointer base = floats(params);
        this.paramView = base.asBuffer();
        this.stateView = state == null ? null : floats(state).asBuffer();
        this.gradients = new FloatPointer(paramCount);
        Pointer.memset(gradients, 0, 4L * paramCount);
        this.gradientView = gradients.asBuffer();
        this.weights = new FloatPointer[layers.length];
        this.weightGradients = new FloatPointer[layers.length];
        for (int l = 0; l < layers.length; l++) {
            weights[l] = base.getPointer(layers[l].weights());
            weightGradients[l] = gradients.getPointer(layers[l].weights());
        }
        allocate(1);
    }

    /**
     * Compiles a training step for {@code net}, which it will train in place.
     *
     * @throws IllegalArgumentException naming the layer, for a layer or setting that is not supported; or if the
     *                                  network is not initialised or not float32
     */
    public static FeedForwardTraining of(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        LeanKernels.requireFloatNetwork(net, "FeedForwardTraining");
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        if (!net.conf().isMiniBatch()) {
            throw new IllegalArgumentException("the network is configured with miniBatch(false); FeedForwardTraining "
                    + "averages gradients over the batch, as DL4J's default miniBatch(true) does");
        }
        if (net.conf().getOptimizationAlgo() != OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT) {
            throw new IllegalArgumentException("the network's optimisation algorithm is "
                    + net.conf().getOptimizationAlgo() + "; FeedForwardTraining supports STOCHASTIC_GRADIENT_DESCENT");
        }
        if (net.conf().getStepFunction() != null
                && !(net.conf().getStepFunction() instanceof NegativeDefaultStepFunction)) {
            throw new IllegalArgumentException("the network has step function " + net.conf().getStepFunction()
                    + "; FeedForwardTraining supports DL4J's default (params -= update) only");
        }
        int count = net.getnLayers();
        Dense[] layers = new Dense[count];
        boolean softmax = false;
        double clipEps = 0;
        IUpdater updater = null;
        for (int i = 0; i < count; i++) {
            Layer lc = net.getLayer(i).conf().getLayer();
            String where = LeanKernels.describe(i, lc);
            boolean last = i == count - 1;
            if (last ? lc.getClass() != OutputLayer.class : lc.getClass() != DenseLayer.class) {
                throw new IllegalArgumentException(where + " is not supported: FeedForwardTraining takes DenseLayers "
                        + "followed by one OutputLayer; use net.fit for this network");
            }
            refuseExtras(where, conf, i, (BaseLayer) lc);
            BaseLayer base = (BaseLayer) lc;
            for (String param : new String[] {"W", "b"}) {
                IUpdater u = base.getUpdaterByParam(param);
                if (updater == null) {
                    updater = u;
                } else if (!updater.equals(u)) {
                    throw new IllegalArgumentException(where + " has updater " + u + " for its " + param + ", but "
                            + "layer 0 has " + updater + "; FeedForwardTraining takes one updater for all parameters");
                }
            }
            Act act;
            IActivation fn = base.getActivationFn();
            if (last) {
                ILossFunction loss = ((OutputLayer) lc).getLossFn();
                if (loss instanceof LossMCXENT x && x.getWeights() == null) {
                    if (!(fn instanceof ActivationSoftmax)) {
                        throw new IllegalArgumentException(where + " has loss " + loss + " with activation " + fn
                                + "; FeedForwardTraining supports it with softmax only");
                    }
                    softmax = true;
                    clipEps = x.getSoftmaxClipEps();
                    act = Act.IDENTITY;
                } else if (loss instanceof LossMSE mse && mse.getWeights() == null) {
                    act = activation(fn, where);
                } else {
                    throw new IllegalArgumentException(where + " has loss " + loss + ", which FeedForwardTraining does "
                            + "not support (MCXENT or NEGATIVELOGLIKELIHOOD with softmax, MSE; no loss weights)");
                }
            } else {
                act = activation(fn, where);
            }
            layers[i] = dense(net, i, where, i == 0 ? -1 : layers[i - 1].out(), act);
        }
        BaseMultiLayerUpdater<?> u = (BaseMultiLayerUpdater<?>) net.getUpdater();
        if (u.getUpdaterBlocks().size() != 1) {
            throw new IllegalArgumentException("the network's updater has " + u.getUpdaterBlocks().size() + " blocks; "
                    + "FeedForwardTraining takes one updater for all parameters");
        }
        Rule rule;
        long stateLength;
        if (updater instanceof Adam) {
            rule = Rule.ADAM;
            stateLength = 2 * net.numParams();
        } else if (updater instanceof Nesterovs) {
            rule = Rule.NESTEROVS;
            stateLength = net.numParams();
        } else if (updater instanceof Sgd) {
            rule = Rule.SGD;
            stateLength = 0;
        } else {
            throw new IllegalArgumentException("layer 0 has updater " + updater + ", which FeedForwardTraining does "
                    + "not support (Adam, Sgd, Nesterovs)");
        }
        INDArray stateArray = u.getStateViewArray();
        long length = stateArray == null ? 0 : stateArray.length();
        if (length != stateLength) {
            throw new IllegalStateException("the updater's state has " + length + " values; " + updater + " for "
                    + net.numParams() + " parameters needs " + stateLength);
        }
        return new FeedForwardTraining(net, layers, softmax, clipEps, updater, rule);
    }

    private static void refuseExtras(String where, MultiLayerConfiguration conf, int i, BaseLayer lc) {
        String what = null;
        if (conf.getInputPreProcess(i) != null) {
            what = "an input preprocessor (" + conf.getInputPreProcess(i) + ")";
        } else if (lc.getIDropout() != null) {
            what = "dropout (" + lc.getIDropout() + ")";
        } else if (lc.getWeightNoise() != null) {
            what = "weight noise (" + lc.getWeightNoise() + ")";
        } else if (notEmpty(lc.getRegularization()) || notEmpty(lc.getRegularizationBias())) {
            what = "regularization (" + lc.getRegularization() + ", bias " + lc.getRegularizationBias() + ")";
        } else if (lc.getGradientNormalization() != null
                && lc.getGradientNormalization() != GradientNormalization.None) {
            what = "gradient normalization " + lc.getGradientNormalization();
        } else if (notEmpty(lc.getConstraints())) {
            what = "constraints " + lc.getConstraints();
        } else if (lc instanceof DenseLayer d && d.hasLayerNorm()) {
            what = "layer normalisation";
        }
        if (what != null) {
            throw new IllegalArgumentException(where + " has " + what + ", which FeedForwardTraining does not "
                    + "support; use net.fit for this network");
        }
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    /** An elementwise activation (softmax only with MCXENT, where the loss computes it). */
    private static Act activation(IActivation fn, String where) {
        return LeanKernels.activation(fn, where, "FeedForwardTraining", EnumSet.of(Act.IDENTITY, Act.RELU, Act.TANH,
                Act.SIGMOID));
    }

    /** Where layer i's W and b lie in the network's parameters; checks that W is [in, out] in 'f' order. */
    private static Dense dense(MultiLayerNetwork net, int i, String where, int previous, Act act) {
        INDArray params = net.params();
        INDArray w = net.getLayer(i).getParam("W");
        INDArray b = net.getLayer(i).paramTable().get("b");
        int in = (int) w.size(0);
        int out = (int) w.size(1);
        if (previous >= 0 && in != previous) {
            throw new IllegalArgumentException(where + " takes " + in + " inputs, but layer " + (i - 1) + " gives "
                    + previous);
        }
        if (w.rank() != 2 || w.stride(0) != 1 || (out > 1 && w.stride(1) != in)
                || (b != null && b.length() > 1 && b.stride(b.rank() - 1) != 1)) {
            throw new IllegalStateException(where + " has parameters laid out as W " + Arrays.toString(w.stride())
                    + (b != null ? ", b " + Arrays.toString(b.stride()) : "")
                    + "; FeedForwardTraining expects DL4J's W [in, out] in 'f' order and a contiguous b");
        }
        long weights = offset(params, w);
        long bias = b == null ? -1 : offset(params, b);
        return new Dense(in, out, weights, bias, act);
    }

    /** Offset in floats of view {@code a} inside {@code params}' memory. */
    private static long offset(INDArray params, INDArray a) {
        long bytes = a.data().address() + 4 * a.offset() - params.data().address() - 4 * params.offset();
        if (bytes < 0 || bytes + 4 * a.length() > 4 * params.length()) {
            throw new IllegalStateException("a layer's parameters are not inside net.params()");
        }
        return bytes / 4;
    }

    /** A float32 array's memory (contiguous, from its offset). */
    private static FloatPointer floats(INDArray a) {
        return new FloatPointer(a.data().addressPointer()).getPointer(a.offset()).capacity(a.length())
                .limit(a.length());
    }

    /** Number of input features per example. */
    public int inputs() {
        return inputs;
    }

    /** Number of outputs (labels) per example. */
    public int outputs() {
        return outputs;
    }

    /**
     * One training step on {@code batch}: forward, backward and update, in the network's own parameters and updater
     * state; advances the network's iteration count and sets its score.
     *
     * @return the batch's loss before the update (mean over examples, no regularization): {@code net.score()} after
     *         {@code net.fit(batch)}
     * @throws IllegalArgumentException if the batch has mask arrays, features or labels of the wrong shape, or a
     *                                  loss that is not finite (NaN or infinite inputs, or a diverged network); the
     *                                  network is then left unchanged
     */
    public double fit(DataSet batch) {
        Objects.requireNonNull(batch, "batch");
        if (batch.getFeaturesMaskArray() != null || batch.getLabelsMaskArray() != null) {
            throw new IllegalArgumentException("the batch has mask arrays, which FeedForwardTraining does not apply; "
                    + "use net.fit for masked data");
        }
        return fit(batch.getFeatures(), batch.getLabels());
    }

    /**
     * One training step on {@code features} [examples, inputs] and {@code labels} [examples, outputs]: as
     * {@link #fit(DataSet)}.
     */
    public synchronized double fit(INDArray features, INDArray labels) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (features.rank() != 2 || features.size(1) != inputs) {
            throw new IllegalArgumentException("features must be [examples, " + inputs + "], but are "
                    + Arrays.toString(features.shape()));
        }
        int n = (int) features.size(0);
        if (labels.rank() != 2 || labels.size(0) != n || labels.size(1) != outputs) {
            throw new IllegalArgumentException("labels must be [" + n + ", " + outputs + "] for " + n
                    + " examples of " + outputs + " outputs, but are " + Arrays.toString(labels.shape()));
        }
        if (n == 0) {
            throw new IllegalArgumentException("the batch has no examples");
        }
        if (net.params() != params || net.getUpdater().getStateViewArray() != state) {
            throw new IllegalStateException("the network's parameter or updater array was replaced after "
                    + "FeedForwardTraining.of: compile again");
        }
        allocate(n);
        copy(features, acts[0], (long) n * inputs);
        copy(labels, this.labels, (long) n * outputs);
        forward(n);
        double loss = lossAndDelta(n);
        if (!Double.isFinite(loss)) {
            throw new IllegalArgumentException("the loss is " + loss + ": the features or labels hold NaN or "
                    + "infinite values, or the network has diverged; no update was made");
        }
        backward(n);
        int iteration = net.getIterationCount();
        int epoch = net.getEpochCount();
        update(iteration, epoch);
        net.setScore(loss);
        for (TrainingListener listener : net.getListeners()) {
            listener.iterationDone(net, iteration, epoch);
        }
        net.setIterationCount(iteration + 1);
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            layer.setIterationCount(iteration + 1);
        }
        return loss;
    }

    private static void copy(INDArray a, FloatPointer to, long count) {
        Pointer.memcpy(to, LeanKernels.contiguousFloat(a).data().addressPointer(), 4 * count);
    }

    /** Buffers for at least {@code n} examples (grown, never shrunk). */
    private void allocate(int n) {
        if (acts != null && n <= rows) {
            return;
        }
        acts = new FloatPointer[layers.length + 1];
        actViews = new FloatBuffer[layers.length + 1];
        deltas = new FloatPointer[layers.length];
        deltaViews = new FloatBuffer[layers.length];
        acts[0] = new FloatPointer((long) n * inputs);
        actViews[0] = acts[0].asBuffer();
        for (int l = 0; l < layers.length; l++) {
            acts[l + 1] = new FloatPointer((long) n * layers[l].out());
            actViews[l + 1] = acts[l + 1].asBuffer();
            deltas[l] = new FloatPointer((long) n * layers[l].out());
            deltaViews[l] = deltas[l].asBuffer();
        }
        labels = new FloatPointer((long) n * outputs);
        labelView = labels.asBuffer();
        rows = n;
    }

    private void forward(int n) {
        for (int l = 0; l < layers.length; l++) {
            Dense d = layers[l];
            FloatBuffer y = actViews[l + 1];
            float beta = 0f;
            if (d.bias() >= 0) {
                for (int j = 0; j < d.out(); j++) {
                    float b = paramView.get((int) d.bias() + j);
                    for (int r = 0; r < n; r++) {
                        y.put(r * d.out() + j, b);
                    }
                }
                beta = 1f;
            }
            openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasTrans, n, d.out(),
                    d.in(), 1f, acts[l], d.in(), weights[l], d.in(), beta, acts[l + 1], d.out());
            LeanKernels.activate(d.act(), y, n, d.out());
        }
    }

    /** The mean loss over the batch; writes the output layer's delta (dLoss/dz averaged over the batch). */
    private double lossAndDelta(int n) {
        int k = outputs;
        FloatBuffer y = actViews[layers.length];
        FloatBuffer delta = deltaViews[layers.length - 1];
        float scale = 1f / n;
        double sum = 0;
        if (softmax) {
            for (int r = 0; r < n; r++) {
                int from = r * k;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = from; i < from + k; i++) {
                    max = Math.max(max, y.get(i));
                }
                double total = 0;
                for (int i = from; i < from + k; i++) {
                    float e = (float) Math.exp(y.get(i) - max);
                    y.put(i, e);
                    total += e;
                }
                float inv = (float) (1.0 / total);
                for (int i = from; i < from + k; i++) {
                    float prob = y.get(i) * inv;
                    float label = labelView.get(i);
                    y.put(i, prob);
                    double clipped = Math.min(Math.max(prob, clipEps), 1.0 - clipEps);
                    sum -= label * Math.log(clipped);
                    delta.put(i, (prob - label) * scale);
                }
            }
        } else {
            Act act = layers[layers.length - 1].act();
            float twice = 2f / k * scale;
            for (int i = 0; i < n * k; i++) {
                float a = y.get(i);
                float diff = a - labelView.get(i);
                sum += (double) diff * diff;
                delta.put(i, diff * twice * derivative(act, a));
            }
            sum /= k;
        }
        return sum / n;
    }

    private void backward(int n) {
        for (int l = layers.length - 1; l >= 0; l--) {
            Dense d = layers[l];
            openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasTrans, openblas.CblasNoTrans, d.out(), d.in(),
                    n, 1f, deltas[l], d.out(), acts[l], d.in(), 0f, weightGradients[l], d.in());
            FloatBuffer delta = deltaViews[l];
            if (d.bias() >= 0) {
                int at = (int) d.bias();
                for (int j = 0; j < d.out(); j++) {
                    float s = 0f;
                    for (int r = 0; r < n; r++) {
                        s += delta.get(r * d.out() + j);
                    }
                    gradientView.put(at + j, s);
                }
            }
            if (l > 0) {
                openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, n, d.in(),
                        d.out(), 1f, deltas[l], d.out(), weights[l], d.in(), 0f, deltas[l - 1], d.in());
                Act act = layers[l - 1].act();
                if (act != Act.IDENTITY) {
                    FloatBuffer prev = deltaViews[l - 1];
                    FloatBuffer a = actViews[l];
                    for (int i = 0; i < n * d.in(); i++) {
                        prev.put(i, prev.get(i) * derivative(act, a.get(i)));
                    }
                }
            }
        }
    }

    /** params -= the updater's step, in chunks copied to Java arrays; the updater state is updated in place. */
    private void update(int iteration, int epoch) {
        float lr = (float) updater.getLearningRate(iteration, epoch);
        float b1 = 0f;
        float b2 = 0f;
        float eps = 0f;
        float alpha = 0f;
        float mu = 0f;
        if (rule == Rule.ADAM) {
            Adam adam = (Adam) updater;
            b1 = (float) adam.getBeta1();
            b2 = (float) adam.getBeta2();
            eps = (float) adam.getEpsilon();
            float b1t = (float) Math.pow(b1, iteration + 1);
            float b2t = (float) Math.pow(b2, iteration + 1);
            alpha = lr * (float) Math.sqrt(1f - b2t) / (1f - b1t);
            if (Float.isNaN(alpha) || Float.isInfinite(alpha) || alpha == 0f) {
                alpha = eps;
            }
        } else if (rule == Rule.NESTEROVS) {
            mu = (float) ((Nesterovs) updater).currentMomentum(iteration, epoch);
        }
        for (int from = 0; from < paramCount; from += CHUNK) {
            int len = Math.min(CHUNK, paramCount - from);
            gradientView.get(from, g, 0, len);
            paramView.get(from, p, 0, len);
            switch (rule) {
                case SGD -> {
                    for (int i = 0; i < len; i++) {
                        p[i] -= lr * g[i];
                    }
                }
                case NESTEROVS -> {
                    stateView.get(from, v, 0, len);
                    for (int i = 0; i < len; i++) {
                        float previous = mu * v[i];
                        float next = previous - lr * g[i];
                        v[i] = next;
                        p[i] -= previous - (mu + 1f) * next;
                    }
                    stateView.put(from, v, 0, len);
                }
                case ADAM -> {
                    stateView.get(from, m, 0, len);
                    stateView.get(paramCount + from, v, 0, len);
                    for (int i = 0; i < len; i++) {
                        float gi = g[i];
                        float mi = b1 * m[i] + gi * (1f - b1);
                        float vi = b2 * v[i] + gi * gi * (1f - b2);
                        m[i] = mi;
                        v[i] = vi;
                        p[i] -= alpha * mi / ((float) Math.sqrt(vi) + eps);
                    }
                    stateView.put(from, m, 0, len);
                    stateView.put(paramCount + from, v, 0, len);
                }
                default -> throw new IllegalStateException("unknown updater " + rule);
            }
            paramView.put(from, p, 0, len);
        }
    }

    /** d act / dz, from the activation's value a = act(z). */
    private static float derivative(Act act, float a) {
        return switch (act) {
            case IDENTITY -> 1f;
            case RELU -> a > 0f ? 1f : 0f;
            case TANH -> 1f - a * a;
            case SIGMOID -> a * (1f - a);
            case SOFTMAX -> throw new IllegalStateException("softmax is computed with the loss");
        };
    }
}
