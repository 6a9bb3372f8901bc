package org.dlnotes.models;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.stepfunctions.NegativeDefaultStepFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dlnotes.models.LeanKernels.Act;
import org.dlnotes.models.LeanKernels.Window;
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
 * A lean training step for a feed-forward network of dense, convolution and max-pooling layers: what
 * {@code net.fit(batch)} does to the network (parameters, updater state, iteration count, score) without ND4J's per-op
 * cost. The library's {@code Trainer} uses it wherever {@link #of} compiles the network.
 *
 * <p>One {@code net.fit(batch)} of a 4-16-3 network on 16 examples costs DL4J 1 to 2.5 ms (09a, bench/README.md),
 * nearly all of it around dozens of ND4J ops of tens of µs each (op objects, shape information, JavaCPP wrappers,
 * thread hand-off); the arithmetic is a few thousand multiply-adds. {@link #of} compiles the network once:
 * it checks every setting, finds each layer's weights and bias inside the network's own parameter array and the
 * updater's state inside its own state array, and preallocates the working buffers. {@link #fit} then runs the
 * forward pass, the backward pass and the update directly on that native memory: one {@code cblas_sgemm} per layer
 * forward, one or two per layer backward (per example for a convolution, after an im2col), activations, pooling,
 * loss and updater in Java. The network therefore holds the new parameters and updater state after every step, and
 * {@code net.output}, {@code net.score()} and a later {@code net.fit} carry on from them as if DL4J had made the steps.
 * For a CNN the arithmetic counts as well (the library's {@link Cnn} on 28×28 images: about 410 MFLOP per step of
 * 64); about half of its lean step is OpenBLAS, the rest im2col, pooling and copies in Java. Step times against
 * {@code net.fit} and PyTorch: bench/README.md.
 *
 * <pre>{@code
 * FeedForwardTraining lean = FeedForwardTraining.of(net);
 * for (DataSet batch : batches) {
 *     double loss = lean.fit(batch);                       // net.fit(batch); net.score(), within float rounding
 * }
 * }</pre>
 *
 * <p>Supported: a float32 {@link MultiLayerNetwork} of {@link DenseLayer}s and a last {@link OutputLayer} with softmax
 * and {@code MCXENT} or {@code NEGATIVELOGLIKELIHOOD}, or with identity, ReLU, tanh or sigmoid and {@code MSE}; before
 * the dense layers, on images taken flat through DL4J's {@code FeedForwardToCnnPreProcessor}
 * ({@code InputType.convolutionalFlat}) and flattened again by its {@code CnnToFeedForwardPreProcessor}, NCHW
 * {@link ConvolutionLayer}s (any kernel, stride and padding; convolution modes Same, Truncate and Strict; no
 * dilation) and MAX pooling ({@link SubsamplingLayer} or {@link Nd4jPoolingLayer}; the gradient goes to the first
 * maximum of each window). Hidden layers are identity, plain ReLU, tanh or sigmoid, with or without biases; one
 * updater for all parameters: {@link Adam}, {@link Sgd} or {@link Nesterovs} (learning-rate and momentum schedules
 * included); minibatch averaging (DL4J's default). Anything that changes the step otherwise is refused with an
 * {@link IllegalArgumentException} naming the layer and the setting: another layer type (batch normalisation,
 * another convolution) or preprocessor, average or p-norm pooling, dilation, NHWC, dropout, weight noise, L1/L2/weight
 * decay, gradient normalisation, constraints, layer normalisation, loss weights, another loss, activation or updater,
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

    /**
     * One layer of the step: reads {@code in} floats per example, writes {@code out} floats per example, then applies
     * {@code act}. Parameter gradients go to the network-shaped gradient array at the parameters' own offsets.
     */
    private abstract static class Stage {
        final int in;
        final int out;
        final Act act;

        Stage(int in, int out, Act act) {
            this.in = in;
            this.out = out;
            this.act = act;
        }

        /** Buffers for {@code n} examples. */
        void allocate(int n) {
        }

        abstract void forward(int n, FloatPointer x, FloatBuffer xv, FloatPointer y, FloatBuffer yv);

        /**
         * From {@code d}, dLoss/d(output before the activation): the parameter gradients, and where {@code dx} is not
         * null dLoss/dx (before the previous layer's activation derivative), overwritten.
         */
        abstract void backward(int n, FloatPointer x, FloatBuffer xv, FloatPointer d, FloatBuffer dv, FloatPointer dx,
                FloatBuffer dxv);
    }

    /** A dense layer: W [out, in] row-major (DL4J's [in, out] in 'f' order) and bias [out] (offset -1: none). */
    private static final class Dense extends Stage {
        private final FloatPointer weights;
        private final FloatPointer weightGradient;
        private final int bias;
        private final FloatBuffer paramView;
        private final FloatBuffer gradientView;

        Dense(int in, int out, Act act, long weights, long bias, FloatPointer params, FloatPointer gradients) {
            super(in, out, act);
            this.weights = params.getPointer(weights);
            this.weightGradient = gradients.getPointer(weights);
            this.bias = (int) bias;
            this.paramView = params.asBuffer();
            this.gradientView = gradients.asBuffer();
        }

        @Override
        void forward(int n, FloatPointer x, FloatBuffer xv, FloatPointer y, FloatBuffer yv) {
            float beta = 0f;
            if (bias >= 0) {
                for (int j = 0; j < out; j++) {
                    float b = paramView.get(bias + j);
                    for (int r = 0; r < n; r++) {
                        yv.put(r * out + j, b);
                    }
                }
                beta = 1f;
            }
            openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasTrans, n, out, in, 1f,
                    x, in, weights, in, beta, y, out);
            LeanKernels.activate(act, yv, n, out);
        }

        @Override
        void backward(int n, FloatPointer x, FloatBuffer xv, FloatPointer d, FloatBuffer dv, FloatPointer dx,
                FloatBuffer dxv) {
            openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasTrans, openblas.CblasNoTrans, out, in, n, 1f,
                    d, out, x, in, 0f, weightGradient, in);
            if (bias >= 0) {
                for (int j = 0; j < out; j++) {
                    float s = 0f;
                    for (int r = 0; r < n; r++) {
                        s += dv.get(r * out + j);
                    }
                    gradientView.put(bias + j, s);
                }
            }
            if (dx != null) {
                openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, n, in,
                        out, 1f, d, out, weights, in, 0f, dx, in);
            }
        }
    }

    /**
     * A convolution: W [channels, c·kh·kw] row-major (DL4J's [channels, c, kh, kw] in 'c' order), bias [channels];
     * per example one im2col (kept for the backward pass) and one sgemm, the elementwise work on the Java heap.
     */
    private static final class Conv extends Stage {
        private final Window g;
        private final int channels;
        private final int k;
        private final FloatPointer weights;
        private final FloatPointer weightGradient;
        private final int bias;
        private final FloatBuffer paramView;
        private final FloatBuffer gradientView;
        /** dLoss/dcol of one example. */
        private final FloatPointer colGradient;
        private final FloatBuffer colGradientView;
        /** One example's input (or its gradient), output (or delta) and (d)col, on the Java heap. */
        private final float[] image;
        private final float[] output;
        private final float[] colArray;
        private final double[] biasSums;
        /** Each example's im2col, one after another. */
        private FloatPointer col;
        private FloatBuffer colView;

        Conv(Window g, int channels, Act act, long weights, long bias, FloatPointer params, FloatPointer gradients) {
            super(g.in(), channels * g.pixels(), act);
            this.g = g;
            this.channels = channels;
            this.k = g.c() * g.kh() * g.kw();
            this.weights = params.getPointer(weights);
            this.weightGradient = gradients.getPointer(weights);
            this.bias = (int) bias;
            this.paramView = params.asBuffer();
            this.gradientView = gradients.asBuffer();
            this.colGradient = new FloatPointer((long) k * g.pixels());
            this.colGradientView = colGradient.asBuffer();
            this.image = new float[in];
            this.output = new float[out];
            this.colArray = new float[k * g.pixels()];
            this.biasSums = new double[channels];
        }

        @Override
        void allocate(int n) {
            col = new FloatPointer((long) n * k * g.pixels());
            colView = col.asBuffer();
        }

        @Override
        void forward(int n, FloatPointer x, FloatBuffer xv, FloatPointer y, FloatBuffer yv) {
            int pixels = g.pixels();
            for (int e = 0; e < n; e++) {
                xv.get(e * in, image);
                LeanKernels.im2col(g, image, colArray);
                colView.put(e * k * pixels, colArray);
                y.position((long) e * out);
                col.position((long) e * k * pixels);
                openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, channels,
                        pixels, k, 1f, weights, k, col, pixels, 0f, y, pixels);
                yv.get(e * out, output);
                if (bias >= 0) {
                    for (int o = 0; o < channels; o++) {
                        float b = paramView.get(bias + o);
                        for (int i = o * pixels; i < (o + 1) * pixels; i++) {
                            output[i] += b;
                        }
                    }
                }
                LeanKernels.activate(act, output, 0, out);
                yv.put(e * out, output);
            }
            y.position(0);
            col.position(0);
        }

        @Override
        void backward(int n, FloatPointer x, FloatBuffer xv, FloatPointer d, FloatBuffer dv, FloatPointer dx,
                FloatBuffer dxv) {
            int pixels = g.pixels();
            Arrays.fill(biasSums, 0);
            for (int e = 0; e < n; e++) {
                if (bias >= 0) {
                    dv.get(e * out, output);
                    for (int o = 0; o < channels; o++) {
                        // four sums side by side: one chain of float additions waits on each addition's latency
                        float s0 = 0f;
                        float s1 = 0f;
                        float s2 = 0f;
                        float s3 = 0f;
                        int i = o * pixels;
                        int end = i + pixels;
                        for (; i + 3 < end; i += 4) {
                            s0 += output[i];
                            s1 += output[i + 1];
                            s2 += output[i + 2];
                            s3 += output[i + 3];
                        }
                        for (; i < end; i++) {
                            s0 += output[i];
                        }
                        biasSums[o] += (s0 + s1) + (s2 + s3);
                    }
                }
                d.position((long) e * out);
                col.position((long) e * k * pixels);
                // dW (+)= d_e [channels, pixels] × col_e [k, pixels]^T
                openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasTrans, channels, k,
                        pixels, 1f, d, pixels, col, pixels, e == 0 ? 0f : 1f, weightGradient, k);
                if (dx != null) {
                    // dcol = W^T [k, channels] × d_e [channels, pixels], added back onto the image
                    openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasTrans, openblas.CblasNoTrans, k,
                            pixels, channels, 1f, weights, k, d, pixels, 0f, colGradient, pixels);
                    colGradientView.get(0, colArray);
                    Arrays.fill(image, 0f);
                    LeanKernels.col2im(g, colArray, image);
                    dxv.put(e * in, image);
                }
            }
            d.position(0);
            col.position(0);
            if (bias >= 0) {
                for (int o = 0; o < channels; o++) {
                    gradientView.put(bias + o, (float) biasSums[o]);
                }
            }
        }
    }

    /** Max pooling: the forward pass records each output's input index, the backward pass routes the gradient there. */
    private static final class MaxPool extends Stage {
        private final Window g;
        /** One example's input (or its gradient) and output (or delta), on the Java heap. */
        private final float[] image;
        private final float[] pooled;
        private int[] argmax;

        MaxPool(Window g) {
            super(g.in(), g.c() * g.pixels(), Act.IDENTITY);
            this.g = g;
            this.image = new float[in];
            this.pooled = new float[out];
        }

        @Override
        void allocate(int n) {
            argmax = new int[n * out];
        }

        @Override
        void forward(int n, FloatPointer x, FloatBuffer xv, FloatPointer y, FloatBuffer yv) {
            for (int e = 0; e < n; e++) {
                xv.get(e * in, image);
                LeanKernels.maxPool(g, image, pooled, argmax, e * out);
                yv.put(e * out, pooled);
            }
        }

        @Override
        void backward(int n, FloatPointer x, FloatBuffer xv, FloatPointer d, FloatBuffer dv, FloatPointer dx,
                FloatBuffer dxv) {
            if (dx == null) {
                return;
            }
            for (int e = 0; e < n; e++) {
                dv.get(e * out, pooled);
                Arrays.fill(image, 0f);
                for (int j = 0; j < out; j++) {
                    int at = argmax[e * out + j];
                    if (at >= 0) {
                        image[at] += pooled[j];
                    }
                }
                dxv.put(e * in, image);
            }
        }
    }

    private final MultiLayerNetwork net;
    private final INDArray params;
    private final INDArray state;
    private final Stage[] stages;
    private final boolean softmax;
    private final double clipEps;
    private final IUpdater updater;
    private final Rule rule;
    private final int paramCount;
    private final int inputs;
    private final int outputs;
    /** [channels, height, width] of the input when the network takes images, else null. */
    private final int[] image;

    private final FloatBuffer paramView;
    private final FloatBuffer stateView;
    private final FloatBuffer gradientView;
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

    private FeedForwardTraining(MultiLayerNetwork net, Stage[] stages, int[] image, FloatPointer gradients,
            boolean softmax, double clipEps, IUpdater updater, Rule rule) {
        this.net = net;
        this.params = net.params();
        this.state = net.getUpdater().getStateViewArray();
        this.stages = stages;
        this.image = image;
        this.softmax = softmax;
        this.clipEps = clipEps;
        this.updater = updater;
        this.rule = rule;
        this.paramCount = (int) params.length();
        this.inputs = stages[0].in;
        this.outputs = stages[stages.length - 1].out;
        this.paramView = floats(params).asBuffer();
        this.stateView = state == null ? null : floats(state).asBuffer();
        this.gradientView = gradients.asBuffer();
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
        FloatPointer base = floats(net.params());
        FloatPointer gradients = new FloatPointer(net.params().length());
        Pointer.memset(gradients, 0, 4L * net.params().length());
        List<Stage> stages = new ArrayList<>();
        int[] chw = null; // the current [c, h, w] while the activations are images, null while they are flat
        int[] image = null;
        boolean softmax = false;
        double clipEps = 0;
        IUpdater updater = null;
        for (int i = 0; i < count; i++) {
            Layer lc = net.getLayer(i).conf().getLayer();
            String where = LeanKernels.describe(i, lc);
            boolean last = i == count - 1;
            Class<?> type = lc.getClass();
            boolean pool = type == SubsamplingLayer.class || type == Nd4jPoolingLayer.class;
            if (last ? type != OutputLayer.class
                    : type != DenseLayer.class && type != ConvolutionLayer.class && !pool) {
                throw new IllegalArgumentException(where + " is not supported: FeedForwardTraining takes DenseLayers, "
                        + "ConvolutionLayers and max pooling followed by one OutputLayer; use net.fit for this network");
            }
            int previous = stages.isEmpty() ? -1 : stages.get(stages.size() - 1).out;
            InputPreProcessor pre = conf.getInputPreProcess(i);
            int[] before = chw;
            chw = LeanKernels.imageAfter(pre, chw, previous, i, where, "FeedForwardTraining",
                    "; use net.fit for this network");
            if (before == null && chw != null && stages.isEmpty()) {
                image = chw;
            }
            if (pool) {
                SubsamplingLayer s = (SubsamplingLayer) lc;
                if (s.getIDropout() != null) {
                    throw new IllegalArgumentException(where + " has dropout (" + s.getIDropout() + "), which "
                            + "FeedForwardTraining does not support; use net.fit for this network");
                }
                Window g = LeanKernels.maxPoolWindow(where, "FeedForwardTraining", "; use net.fit for this network",
                        chw, s);
                stages.add(new MaxPool(g));
                chw = new int[] {g.c(), g.oh(), g.ow()};
                continue;
            }
            BaseLayer layer = (BaseLayer) lc;
            refuseExtras(where, layer);
            for (String param : new String[] {"W", "b"}) {
                IUpdater u = layer.getUpdaterByParam(param);
                if (updater == null) {
                    updater = u;
                } else if (!updater.equals(u)) {
                    throw new IllegalArgumentException(where + " has updater " + u + " for its " + param + ", but "
                            + "the first layer with parameters has " + updater + "; FeedForwardTraining takes one "
                            + "updater for all parameters");
                }
            }
            Act act;
            IActivation fn = layer.getActivationFn();
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
            if (type == ConvolutionLayer.class) {
                ConvolutionLayer c = (ConvolutionLayer) lc;
                Window g = LeanKernels.window(where, "FeedForwardTraining", chw, c.getCnn2dDataFormat(),
                        c.getConvolutionMode(), c.getKernelSize(), c.getStride(), c.getPadding(), c.getDilation());
                stages.add(conv(net, i, where, g, act, base, gradients));
                chw = new int[] {(int) c.getNOut(), g.oh(), g.ow()};
                continue;
            }
            if (chw != null) {
                throw new IllegalArgumentException(where + " takes flat inputs, but gets images " + Arrays.toString(chw)
                        + " without a CnnToFeedForwardPreProcessor");
            }
            stages.add(dense(net, i, where, previous, act, base, gradients));
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
            throw new IllegalArgumentException("the network has updater " + updater + ", which FeedForwardTraining "
                    + "does not support (Adam, Sgd, Nesterovs)");
        }
        INDArray stateArray = u.getStateViewArray();
        long length = stateArray == null ? 0 : stateArray.length();
        if (length != stateLength) {
            throw new IllegalStateException("the updater's state has " + length + " values; " + updater + " for "
                    + net.numParams() + " parameters needs " + stateLength);
        }
        return new FeedForwardTraining(net, stages.toArray(new Stage[0]), image, gradients, softmax, clipEps, updater,
                rule);
    }

    private static void refuseExtras(String where, BaseLayer lc) {
        String what = null;
        if (lc.getIDropout() != null) {
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

    /** Layer i as a dense stage; checks that W is [in, out] in 'f' order and takes {@code previous} inputs. */
    private static Dense dense(MultiLayerNetwork net, int i, String where, int previous, Act act, FloatPointer params,
            FloatPointer gradients) {
        INDArray w = net.getLayer(i).getParam("W");
        INDArray b = net.getLayer(i).paramTable().get("b");
        int in = (int) w.size(0);
        int out = (int) w.size(1);
        if (previous >= 0 && in != previous) {
            throw new IllegalArgumentException(where + " takes " + in + " inputs, but layer " + (i - 1) + " gives "
                    + previous);
        }
        if (w.rank() != 2 || w.stride(0) != 1 || (out > 1 && w.stride(1) != in) || !contiguous(b)) {
            throw new IllegalStateException(where + " has parameters laid out as W " + Arrays.toString(w.stride())
                    + (b != null ? ", b " + Arrays.toString(b.stride()) : "")
                    + "; FeedForwardTraining expects DL4J's W [in, out] in 'f' order and a contiguous b");
        }
        return new Dense(in, out, act, offset(net.params(), w), b == null ? -1 : offset(net.params(), b), params,
                gradients);
    }

    /** Layer i as a convolution over {@code g}; checks that W is [channels, c, kh, kw] in 'c' order. */
    private static Conv conv(MultiLayerNetwork net, int i, String where, Window g, Act act, FloatPointer params,
            FloatPointer gradients) {
        INDArray w = net.getLayer(i).getParam("W");
        INDArray b = net.getLayer(i).paramTable().get("b");
        if (w.rank() != 4 || w.size(1) != g.c() || w.size(2) != g.kh() || w.size(3) != g.kw()) {
            throw new IllegalArgumentException(where + " has weights " + Arrays.toString(w.shape())
                    + " that do not match its input [" + g.c() + ", " + g.h() + ", " + g.w() + "]");
        }
        if (!rowMajor(w) || !contiguous(b)) {
            throw new IllegalStateException(where + " has parameters laid out as W " + Arrays.toString(w.stride())
                    + (b != null ? ", b " + Arrays.toString(b.stride()) : "")
                    + "; FeedForwardTraining expects DL4J's W [channels, c, kh, kw] in 'c' order and a contiguous b");
        }
        return new Conv(g, (int) w.size(0), act, offset(net.params(), w), b == null ? -1 : offset(net.params(), b),
                params, gradients);
    }

    /** Whether {@code a} is laid out in 'c' order without gaps (the strides of dimensions of size 1 aside). */
    private static boolean rowMajor(INDArray a) {
        long step = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) > 1 && a.stride(d) != step) {
                return false;
            }
            step *= a.size(d);
        }
        return true;
    }

    private static boolean contiguous(INDArray b) {
        return b == null || b.length() <= 1 || b.stride(b.rank() - 1) == 1;
    }

    /** Offset in floats of view {@code a} inside {@code params}' memory. */
    private static long offset(INDArray params, INDArray a) {
        long bytes = floats(a).address() - floats(params).address();
        if (bytes < 0 || bytes + 4 * a.length() > 4 * params.length()) {
            throw new IllegalStateException("a layer's parameters are not inside net.params()");
        }
        return bytes / 4;
    }

    /**
     * A float32 array's memory (contiguous, from its first element). A view's buffer may start at an offset of its
     * own, where {@code addressPointer()} already points; {@code a.offset()} counts from the underlying memory.
     */
    private static FloatPointer floats(INDArray a) {
        return new FloatPointer(a.data().addressPointer()).getPointer(a.offset() - a.data().offset())
                .capacity(a.length()).limit(a.length());
    }

    /** Number of input features per example (channels × height × width for an image network). */
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
     * One training step on {@code features} [examples, inputs] (images flattened in channel, row, column order, as
     * {@code InputType.convolutionalFlat} takes them) and {@code labels} [examples, outputs]: as {@link #fit(DataSet)}.
     */
    public synchronized double fit(INDArray features, INDArray labels) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (features.rank() != 2 || features.size(1) != inputs) {
            throw new IllegalArgumentException("features must be [examples, " + inputs + "]"
                    + (image != null ? " (images " + Arrays.toString(image) + " flattened)" : "") + ", but are "
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
        for (int l = 0; l < stages.length; l++) {
            stages[l].forward(n, acts[l], actViews[l], acts[l + 1], actViews[l + 1]);
        }
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
        acts = new FloatPointer[stages.length + 1];
        actViews = new FloatBuffer[stages.length + 1];
        deltas = new FloatPointer[stages.length];
        deltaViews = new FloatBuffer[stages.length];
        acts[0] = new FloatPointer((long) n * inputs);
        actViews[0] = acts[0].asBuffer();
        for (int l = 0; l < stages.length; l++) {
            stages[l].allocate(n);
            acts[l + 1] = new FloatPointer((long) n * stages[l].out);
            actViews[l + 1] = acts[l + 1].asBuffer();
            deltas[l] = new FloatPointer((long) n * stages[l].out);
            deltaViews[l] = deltas[l].asBuffer();
        }
        labels = new FloatPointer((long) n * outputs);
        labelView = labels.asBuffer();
        rows = n;
    }

    /** The mean loss over the batch; writes the output layer's delta (dLoss/dz averaged over the batch). */
    private double lossAndDelta(int n) {
        int k = outputs;
        FloatBuffer y = actViews[stages.length];
        FloatBuffer delta = deltaViews[stages.length - 1];
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
            Act act = stages[stages.length - 1].act;
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

    /**
     * Each layer's parameter gradients, last to first; no input gradient for the first layer. The activation
     * derivatives go through {@code g} and {@code p} in chunks (the updater's working arrays, free here).
     */
    private void backward(int n) {
        for (int l = stages.length - 1; l >= 0; l--) {
            stages[l].backward(n, acts[l], actViews[l], deltas[l], deltaViews[l], l > 0 ? deltas[l - 1] : null,
                    l > 0 ? deltaViews[l - 1] : null);
            if (l > 0 && stages[l - 1].act != Act.IDENTITY) {
                Act act = stages[l - 1].act;
                FloatBuffer prev = deltaViews[l - 1];
                FloatBuffer a = actViews[l];
                int size = n * stages[l].in;
                for (int from = 0; from < size; from += CHUNK) {
                    int len = Math.min(CHUNK, size - from);
                    prev.get(from, g, 0, len);
                    a.get(from, p, 0, len);
                    if (act == Act.RELU) {
                        for (int i = 0; i < len; i++) {
                            // keeps g where a > 0 without a branch: a ReLU output is +0 or positive
                            int keep = -Float.floatToRawIntBits(p[i]) >> 31;
                            g[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & keep);
                        }
                    } else {
                        for (int i = 0; i < len; i++) {
                            g[i] *= derivative(act, p[i]);
                        }
                    }
                    prev.put(from, g, 0, len);
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
