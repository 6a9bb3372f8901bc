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
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.models.LeanKernels.Act;
import org.dlnotes.models.LeanKernels.Window;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A lean forward pass for a trained feed-forward network (dense layers, and convolution with max pooling): the same
 * outputs as {@code net.output(x)} without ND4J's per-op cost, for batch-1 latency (one request at a time, a
 * notebook's single prediction).
 *
 * <p>{@code net.output(x)} on a small network spends most of its time around the arithmetic: every ND4J op builds
 * its op object, shape information and JavaCPP wrappers and may hand its work to other threads, tens of µs per op
 * and several ops per layer (bench/README.md). {@link #of} compiles the network once: it copies each layer's
 * parameters into native memory of its own and preallocates the working buffers; {@link #output} then computes each
 * dense layer with OpenBLAS ({@code cblas_sgemm} for several examples; for one, {@code cblas_sgemv} on blocks of
 * units small enough that OpenBLAS keeps them on the calling thread; the bias preloaded as the product's {@code C}) and one {@code cblas_sgemm} per convolution and example (after an
 * im2col in Java), applies activations and max pooling in place in Java, and allocates nothing but the result (and
 * a float32 C-order copy of an input that is not one already; the buffers grow once for a larger batch).
 *
 * <pre>{@code
 * FeedForwardInference lean = FeedForwardInference.of(net);   // after training
 * INDArray p = lean.output(x);                                 // net.output(x), within float rounding
 * }</pre>
 *
 * <p>Supported: a float32 {@link MultiLayerNetwork} made of {@link DenseLayer}, {@link OutputLayer}, and, after a
 * flat input reshaped by DL4J's {@code FeedForwardToCnnPreProcessor} ({@code InputType.convolutionalFlat}), NCHW
 * {@link ConvolutionLayer}s (any kernel, stride and padding, no dilation) and max pooling ({@link SubsamplingLayer}
 * or {@link Nd4jPoolingLayer}), flattened again by {@code CnnToFeedForwardPreProcessor}; with or without bias;
 * activations identity, ReLU (plain), tanh, sigmoid, and softmax on dense layers. Dropout is ignored, as
 * {@code net.output} ignores it at inference. Anything else (another layer type or preprocessor, layer norm, weight
 * noise, another activation or pooling type) is refused with an {@link IllegalArgumentException} naming the layer.
 *
 * <p>The parameters are a copy: training the source network afterwards does not change this instance; compile again
 * to pick new parameters up. Computation is in float32, as the network's own.
 *
 * <p><b>Threads:</b> an instance owns its working buffers, so its {@code output} methods are {@code synchronized}:
 * it is safe to share between threads, and calls from several threads run one after the other. For parallel
 * inference compile one instance per thread ({@code FeedForwardInference.of(net)} again: each holds its own copy).
 */
public final class FeedForwardInference {

    /** One step of the forward pass: reads {@code in} floats per example, writes {@code out} floats per example. */
    private abstract static class Stage {
        final int in;
        final int out;

        Stage(int in, int out) {
            this.in = in;
            this.out = out;
        }

        abstract void forward(FloatPointer x, FloatBuffer xv, FloatPointer y, FloatBuffer yv, int n);
    }

    /**
     * OpenBLAS 0.3.19 runs a matrix-vector product of m·n &lt; 2304 × GEMM_MULTITHREAD_THRESHOLD (4) elements on the
     * calling thread alone ({@code interface/gemv.c}); larger ones wake its other threads.
     */
    static final int SINGLE_THREAD_GEMV = 2304 * 4;

    /**
     * {@code -Ddlnotes.inference.threadedGemv=true}: one {@code cblas_sgemv} per dense layer, which OpenBLAS spreads
     * over its threads. Default false: the rows in blocks below {@link #SINGLE_THREAD_GEMV}, so that a batch-1 pass
     * stays on the calling thread (bench/README.md: steadier latency under load, less CPU).
     */
    private static final boolean THREADED_GEMV = Boolean.getBoolean("dlnotes.inference.threadedGemv");

    /** A dense layer: W transposed ([out, in], row-major, one row per unit), bias (null if none), activation. */
    private static final class Dense extends Stage {
        private final FloatPointer weights;
        private final float[] bias;
        private final Act act;
        /** For one example: units per block and each block's rows of {@code weights} (views of it). */
        private final int blockRows;
        private final FloatPointer[] blocks;

        Dense(int in, int out, FloatPointer weights, float[] bias, Act act) {
            super(in, out);
            this.weights = weights;
            this.bias = bias;
            this.act = act;
            this.blockRows = THREADED_GEMV ? out : Math.min(out, Math.max(1, (SINGLE_THREAD_GEMV - 1) / in));
            this.blocks = new FloatPointer[(out + blockRows - 1) / blockRows];
            for (int b = 0; b < blocks.length; b++) {
                blocks[b] = new FloatPointer(weights).position((long) b * blockRows * in);
            }
        }

        @Override
        void forward(FloatPointer x, FloatBuffer xv, FloatPointer y, FloatBuffer yv, int n) {
            float beta = 0f;
            if (bias != null) {
                for (int r = 0; r < n; r++) {
                    yv.put(r * out, bias);
                }
                beta = 1f;
            }
            if (n == 1) {
                for (int b = 0; b < blocks.length; b++) {
                    y.position((long) b * blockRows);
                    openblas.cblas_sgemv(openblas.CblasRowMajor, openblas.CblasNoTrans,
                            Math.min(blockRows, out - b * blockRows), in, 1f, blocks[b], in, x, 1, beta, y, 1);
                }
                y.position(0);
            } else {
                openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans,
                        openblas.CblasTrans, n, out, in, 1f, x, in, weights, in, beta, y, out);
            }
            LeanKernels.activate(act, yv, n, out);
        }
    }

    /** A convolution: weights [outChannels, c·kh·kw] row-major, im2col into {@code col}, then one sgemm. */
    private static final class Conv extends Stage {
        private final Window g;
        private final int channels;
        private final FloatPointer weights;
        private final float[] bias;
        private final Act act;
        private final FloatPointer col;
        private final FloatBuffer colView;
        /** One example's input and im2col, on the Java heap. */
        private final float[] image;
        private final float[] colArray;

        Conv(Window g, int channels, FloatPointer weights, float[] bias, Act act) {
            super(g.c() * g.h() * g.w(), channels * g.oh() * g.ow());
            this.g = g;
            this.channels = channels;
            this.weights = weights;
            this.bias = bias;
            this.act = act;
            this.col = new FloatPointer((long) g.c() * g.kh() * g.kw() * g.oh() * g.ow());
            this.colView = col.asBuffer();
            this.image = new float[in];
            this.colArray = new float[g.c() * g.kh() * g.kw() * g.oh() * g.ow()];
        }

        @Override
        void forward(FloatPointer x, FloatBuffer xv, FloatPointer y, FloatBuffer yv, int n) {
            int pixels = g.oh() * g.ow();
            int k = g.c() * g.kh() * g.kw();
            for (int e = 0; e < n; e++) {
                xv.get(e * in, image);
                LeanKernels.im2col(g, image, colArray);
                colView.put(0, colArray);
                int base = e * out;
                float beta = 0f;
                if (bias != null) {
                    for (int o = 0; o < channels; o++) {
                        float b = bias[o];
                        int from = base + o * pixels;
                        for (int i = 0; i < pixels; i++) {
                            yv.put(from + i, b);
                        }
                    }
                    beta = 1f;
                }
                y.position(base);
                openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans,
                        openblas.CblasNoTrans, channels, pixels, k, 1f, weights, k, col, pixels, beta, y,
                        pixels);
                y.position(0);
            }
            LeanKernels.activate(act, yv, n, out);
        }
    }

    /** Max pooling over each channel; window positions outside the image are skipped. */
    private static final class MaxPool extends Stage {
        private final Window g;

        /** One example's input and output, on the Java heap. */
        private final float[] image;
        private final float[] pooled;

        MaxPool(Window g) {
            super(g.c() * g.h() * g.w(), g.c() * g.oh() * g.ow());
            this.g = g;
            this.image = new float[in];
            this.pooled = new float[out];
        }

        @Override
        void forward(FloatPointer x, FloatBuffer xv, FloatPointer y, FloatBuffer yv, int n) {
            for (int e = 0; e < n; e++) {
                xv.get(e * in, image);
                LeanKernels.maxPool(g, image, pooled, null, 0);
                yv.put(e * out, pooled);
            }
        }
    }

    private final Stage[] stages;
    private final int inputs;
    private final int outputs;
    /** [channels, height, width] of the input when the first layer is a convolution, else null. */
    private final long[] imageShape;
    /** Working memory for {@code rows} examples: the input, then each stage's output. */
    private int rows;
    private FloatPointer[] buffers;
    private FloatBuffer[] views;

    private FeedForwardInference(Stage[] stages, long[] imageShape) {
        this.stages = stages;
        this.inputs = stages[0].in;
        this.outputs = stages[stages.length - 1].out;
        this.imageShape = imageShape;
        allocate(1);
    }

    /**
     * Compiles {@code net} for inference: checks that every layer is supported and copies its parameters.
     *
     * @throws IllegalArgumentException naming the layer, for a layer or setting that is not supported; or if the
     *                                  network is not initialised or not float32
     */
    public static FeedForwardInference of(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        LeanKernels.requireFloatNetwork(net, "FeedForwardInference");
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        if (net.getnLayers() == 0) {
            throw new IllegalArgumentException("the network has no layers");
        }
        List<Stage> stages = new ArrayList<>();
        int[] chw = null; // the current [c, h, w] while the activations are images, null while they are flat
        long[] imageShape = null;
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer lc = net.getLayer(i).conf().getLayer();
            String where = LeanKernels.describe(i, lc);
            Class<?> type = lc.getClass();
            if (type != DenseLayer.class && type != OutputLayer.class && type != ConvolutionLayer.class
                    && type != SubsamplingLayer.class && type != Nd4jPoolingLayer.class) {
                throw new IllegalArgumentException(where + " is not supported: FeedForwardInference takes networks "
                        + "of DenseLayer, OutputLayer, ConvolutionLayer and max pooling only; use net.output(x) "
                        + "for this network");
            }
            InputPreProcessor pre = conf.getInputPreProcess(i);
            int[] before = chw;
            chw = LeanKernels.imageAfter(pre, chw, stages.isEmpty() ? -1 : stages.get(stages.size() - 1).out, i,
                    where, "FeedForwardInference", "; use net.output(x) for this network");
            if (before == null && chw != null && stages.isEmpty()) {
                imageShape = new long[] {chw[0], chw[1], chw[2]};
            }
            if (type == SubsamplingLayer.class || type == Nd4jPoolingLayer.class) {
                Window g = LeanKernels.maxPoolWindow(where, "FeedForwardInference", "", chw, (SubsamplingLayer) lc);
                stages.add(new MaxPool(g));
                chw = new int[] {g.c(), g.oh(), g.ow()};
                continue;
            }
            BaseLayer base = (BaseLayer) lc;
            if (base.getWeightNoise() != null) {
                throw new IllegalArgumentException(where + " has weight noise (" + base.getWeightNoise()
                        + "), which FeedForwardInference does not apply");
            }
            if (lc instanceof DenseLayer d && d.hasLayerNorm()) {
                throw new IllegalArgumentException(where + " has layer normalisation, which FeedForwardInference "
                        + "does not apply");
            }
            Act act = LeanKernels.activation(base.getActivationFn(), where, "FeedForwardInference",
                    EnumSet.allOf(Act.class));
            INDArray w = net.getLayer(i).getParam("W").castTo(DataType.FLOAT);
            boolean hasBias = lc instanceof DenseLayer d ? d.hasBias()
                    : lc instanceof OutputLayer o ? o.hasBias() : ((ConvolutionLayer) lc).hasBias();
            float[] bias = hasBias ? net.getLayer(i).getParam("b").castTo(DataType.FLOAT).toFloatVector() : null;
            if (type == ConvolutionLayer.class) {
                ConvolutionLayer c = (ConvolutionLayer) lc;
                if (act == Act.SOFTMAX) {
                    throw new IllegalArgumentException(where + " has a softmax activation, which "
                            + "FeedForwardInference supports on dense layers only");
                }
                Window g = LeanKernels.window(where, "FeedForwardInference", chw, c.getCnn2dDataFormat(),
                        c.getConvolutionMode(), c.getKernelSize(), c.getStride(), c.getPadding(), c.getDilation());
                int channels = (int) w.size(0);
                if (w.rank() != 4 || w.size(1) != g.c() || w.size(2) != g.kh() || w.size(3) != g.kw()) {
                    throw new IllegalArgumentException(where + " has weights " + Arrays.toString(w.shape())
                            + " that do not match its input [" + g.c() + ", " + g.h() + ", " + g.w() + "]");
                }
                stages.add(new Conv(g, channels, copy(w.reshape('c', channels, (long) g.c() * g.kh() * g.kw())),
                        bias, act));
                chw = new int[] {channels, g.oh(), g.ow()};
                continue;
            }
            if (chw != null) {
                throw new IllegalArgumentException(where + " takes flat inputs, but gets images " + Arrays.toString(chw)
                        + " without a CnnToFeedForwardPreProcessor");
            }
            int in = (int) w.size(0);
            int out = (int) w.size(1);
            if (!stages.isEmpty() && in != stages.get(stages.size() - 1).out) {
                throw new IllegalArgumentException(where + " takes " + in + " inputs, but layer " + (i - 1)
                        + " gives " + stages.get(stages.size() - 1).out);
            }
            stages.add(new Dense(in, out, copy(w.transpose()), bias, act));
        }
        if (chw != null) {
            throw new IllegalArgumentException("the network ends on images " + Arrays.toString(chw)
                    + "; FeedForwardInference needs a dense output layer");
        }
        return new FeedForwardInference(stages.toArray(new Stage[0]), imageShape);
    }

    /** A matrix as row-major floats in native memory of this instance's own. */
    private static FloatPointer copy(INDArray matrix) {
        float[][] rows = matrix.toFloatMatrix();
        int width = (int) matrix.size(1);
        FloatPointer p = new FloatPointer((long) rows.length * width);
        for (int j = 0; j < rows.length; j++) {
            p.position((long) j * width).put(rows[j], 0, width);
        }
        return p.position(0);
    }

    /** Number of input features per example (channels × height × width for an image network). */
    public int inputs() {
        return inputs;
    }

    /** Number of outputs per example. */
    public int outputs() {
        return outputs;
    }

    /**
     * The network's output for {@code features} [examples, inputs] (or, for an image network, [examples, channels,
     * height, width]), as a new float32 array [examples, outputs]: what {@code net.output(features)} returns, within
     * float rounding.
     *
     * @throws IllegalArgumentException if features do not have that shape
     */
    public synchronized INDArray output(INDArray features) {
        Objects.requireNonNull(features, "features");
        boolean flat = features.rank() == 2 && features.size(1) == inputs;
        boolean image = imageShape != null && features.rank() == 4
                && Arrays.equals(Arrays.copyOfRange(features.shape(), 1, 4), imageShape);
        if (!flat && !image) {
            throw new IllegalArgumentException("features must be [examples, " + inputs + "]"
                    + (imageShape != null ? " or [examples, " + imageShape[0] + ", " + imageShape[1] + ", "
                            + imageShape[2] + "]" : "") + ", but are " + Arrays.toString(features.shape()));
        }
        int n = (int) features.size(0);
        INDArray x = LeanKernels.contiguousFloat(features);
        allocate(n);
        Pointer.memcpy(buffers[0], x.data().addressPointer(), 4L * n * inputs);
        forward(n);
        INDArray result = Nd4j.createUninitialized(DataType.FLOAT, n, outputs);
        Pointer.memcpy(result.data().addressPointer(), buffers[stages.length], 4L * n * outputs);
        return result;
    }

    /**
     * The outputs for examples given as floats, one example after another (an image in NCHW order):
     * {@code features.length} must be a multiple of {@link #inputs()}; returns {@link #outputs()} floats per example.
     *
     * @throws IllegalArgumentException if features is empty or its length is not a multiple of inputs()
     */
    public synchronized float[] output(float[] features) {
        Objects.requireNonNull(features, "features");
        if (features.length == 0 || features.length % inputs != 0) {
            throw new IllegalArgumentException("features must hold a whole number of examples of " + inputs
                    + " floats, but has " + features.length);
        }
        int n = features.length / inputs;
        allocate(n);
        views[0].put(0, features);
        forward(n);
        float[] out = new float[n * outputs];
        views[stages.length].get(0, out);
        return out;
    }

    /** Buffers for at least {@code n} examples (grown, never shrunk). */
    private void allocate(int n) {
        if (buffers != null && n <= rows) {
            return;
        }
        buffers = new FloatPointer[stages.length + 1];
        views = new FloatBuffer[stages.length + 1];
        for (int l = 0; l <= stages.length; l++) {
            int width = l == 0 ? inputs : stages[l - 1].out;
            buffers[l] = new FloatPointer((long) n * width);
            views[l] = buffers[l].asBuffer();
        }
        rows = n;
    }

    private void forward(int n) {
        for (int l = 0; l < stages.length; l++) {
            stages[l].forward(buffers[l], views[l], buffers[l + 1], views[l + 1], n);
        }
    }
}
