package org.dlnotes.models;

import java.nio.FloatBuffer;
import java.util.Arrays;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * What {@link FeedForwardInference} and {@link FeedForwardTraining} share: the checks on the network they compile, a
 * layer's name in their messages, activations applied in place on native memory, the geometry of convolution and
 * pooling windows with im2col and max pooling, and an input's contiguous float32 memory.
 */
final class LeanKernels {

    /** The activations computed in place. */
    enum Act {
        IDENTITY, RELU, TANH, SIGMOID, SOFTMAX
    }

    private LeanKernels() {
    }

    /**
     * @throws IllegalArgumentException if {@code net} is not initialised or not float32; {@code user} names the
     *                                  class in the message
     */
    static void requireFloatNetwork(MultiLayerNetwork net, String user) {
        if (net.getLayers() == null || net.params() == null) {
            throw new IllegalArgumentException("the network is not initialised: call net.init() first");
        }
        DataType type = net.getLayerWiseConfigurations().getDataType();
        if (type != DataType.FLOAT) {
            throw new IllegalArgumentException("the network's data type is " + type + "; " + user
                    + " computes in float32 and takes FLOAT networks only");
        }
    }

    /** "layer 2 (DenseLayer 'hidden')": the name only where it says more than DL4J's default "layer2". */
    static String describe(int index, Layer layer) {
        String name = layer.getLayerName();
        return "layer " + index + " (" + layer.getClass().getSimpleName()
                + (name != null && !name.equals("layer" + index) ? " '" + name + "'" : "") + ")";
    }

    /**
     * The activation {@code fn} as one of {@code supported}.
     *
     * @throws IllegalArgumentException naming {@code where} and what is supported, for any other activation (ReLU
     *                                  with a cap, threshold or negative slope included)
     */
    static Act activation(IActivation fn, String where, String user, java.util.Set<Act> supported) {
        Act act = null;
        if (fn instanceof ActivationIdentity) {
            act = Act.IDENTITY;
        } else if (fn instanceof ActivationTanH) {
            act = Act.TANH;
        } else if (fn instanceof ActivationSigmoid) {
            act = Act.SIGMOID;
        } else if (fn instanceof ActivationSoftmax) {
            act = Act.SOFTMAX;
        } else if (fn instanceof ActivationReLU r && r.getMax() == null && zero(r.getThreshold())
                && zero(r.getNegativeSlope())) {
            act = Act.RELU;
        }
        if (act == null || !supported.contains(act)) {
            throw new IllegalArgumentException(where + " has activation " + fn + ", which " + user + " does not "
                    + "support there (" + supported.stream().map(a -> a == Act.RELU ? "plain ReLU"
                            : a.name().toLowerCase(java.util.Locale.ROOT)).toList() + " only)");
        }
        return act;
    }

    private static boolean zero(Double d) {
        return d == null || d == 0.0;
    }

    /** Applies {@code act} in place to {@code n} rows of {@code width} values (softmax per row). */
    static void activate(Act act, FloatBuffer y, int n, int width) {
        int size = n * width;
        switch (act) {
            case IDENTITY -> {
            }
            case RELU -> {
                for (int i = 0; i < size; i++) {
                    if (y.get(i) < 0f) {
                        y.put(i, 0f);
                    }
                }
            }
            case TANH -> {
                for (int i = 0; i < size; i++) {
                    y.put(i, (float) Math.tanh(y.get(i)));
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < size; i++) {
                    y.put(i, (float) (1.0 / (1.0 + Math.exp(-y.get(i)))));
                }
            }
            case SOFTMAX -> {
                for (int r = 0; r < n; r++) {
                    int from = r * width;
                    int to = from + width;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int i = from; i < to; i++) {
                        max = Math.max(max, y.get(i));
                    }
                    double sum = 0;
                    for (int i = from; i < to; i++) {
                        float e = (float) Math.exp(y.get(i) - max);
                        y.put(i, e);
                        sum += e;
                    }
                    float inv = (float) (1.0 / sum);
                    for (int i = from; i < to; i++) {
                        y.put(i, y.get(i) * inv);
                    }
                }
            }
            default -> throw new IllegalStateException("unknown activation " + act);
        }
    }

    /** Geometry of a 2-d window over [channels, height, width] (convolution or pooling), NCHW. */
    record Window(int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow) {

        /** Floats per example in: c·h·w. */
        int in() {
            return c * h * w;
        }

        /** Output positions per channel: oh·ow. */
        int pixels() {
            return oh * ow;
        }
    }

    /**
     * The image shape [c, h, w] after layer {@code layer}'s input preprocessor, for images {@code chw} before it
     * (null: flat features): DL4J's {@link FeedForwardToCnnPreProcessor} sets it, after checking that the layer
     * before gives {@code previous} values (−1: no layer before), and its NCHW {@link CnnToFeedForwardPreProcessor}
     * for these images clears it; without a preprocessor it stays.
     *
     * @throws IllegalArgumentException naming {@code where}, for a width that does not fit or any other preprocessor
     *                                  (message ending in {@code fallback}); {@code user} names the class
     */
    static int[] imageAfter(InputPreProcessor pre, int[] chw, int previous, int layer, String where, String user,
            String fallback) {
        if (pre == null) {
            return chw;
        }
        if (pre instanceof FeedForwardToCnnPreProcessor f && chw == null) {
            int[] image = {(int) f.getNumChannels(), (int) f.getInputHeight(), (int) f.getInputWidth()};
            if (previous >= 0 && previous != image[0] * image[1] * image[2]) {
                throw new IllegalArgumentException(where + ": its preprocessor expects " + image[0] * image[1]
                        * image[2] + " inputs, but layer " + (layer - 1) + " gives " + previous);
            }
            return image;
        }
        if (pre instanceof CnnToFeedForwardPreProcessor f && chw != null && f.getFormat() == CNN2DFormat.NCHW
                && f.getNumChannels() == chw[0] && f.getInputHeight() == chw[1] && f.getInputWidth() == chw[2]) {
            return null;
        }
        throw new IllegalArgumentException(where + " has an input preprocessor (" + pre + ") that " + user
                + " does not apply" + fallback);
    }

    /**
     * The window of a max-pooling layer over images {@code chw}, as {@link #window}.
     *
     * @throws IllegalArgumentException naming {@code where}, for another pooling type (message ending in
     *                                  {@code fallback}) or what {@link #window} refuses
     */
    static Window maxPoolWindow(String where, String user, String fallback, int[] chw, SubsamplingLayer s) {
        if (s.getPoolingType() != PoolingType.MAX) {
            throw new IllegalArgumentException(where + " pools with " + s.getPoolingType() + "; " + user
                    + " supports MAX pooling only" + fallback);
        }
        return window(where, user, chw, s.getCnn2dDataFormat(), s.getConvolutionMode(), s.getKernelSize(),
                s.getStride(), s.getPadding(), s.getDilation());
    }

    /**
     * The window of a convolution or pooling layer over images {@code chw} ([c, h, w]), as DL4J computes it for
     * {@code mode} (Same: output ⌈size / stride⌉, DL4J's top-left padding).
     *
     * @throws IllegalArgumentException naming {@code where}, if the layer gets no images, is not NCHW, has a dilation
     *                                  other than 1 or another convolution mode; {@code user} names the class
     */
    static Window window(String where, String user, int[] chw, CNN2DFormat format, ConvolutionMode mode,
            int[] kernel, int[] stride, int[] padding, int[] dilation) {
        if (chw == null) {
            throw new IllegalArgumentException(where + " needs images: the network must take them flat through a "
                    + "FeedForwardToCnnPreProcessor (InputType.convolutionalFlat)");
        }
        if (format != CNN2DFormat.NCHW) {
            throw new IllegalArgumentException(where + " uses data format " + format + "; " + user
                    + " supports NCHW only");
        }
        if (dilation != null && (dilation[0] != 1 || dilation[1] != 1)) {
            throw new IllegalArgumentException(where + " has dilation " + Arrays.toString(dilation) + "; " + user
                    + " supports dilation 1 only");
        }
        int oh;
        int ow;
        int ph;
        int pw;
        if (mode == ConvolutionMode.Same) {
            oh = (chw[1] + stride[0] - 1) / stride[0];
            ow = (chw[2] + stride[1] - 1) / stride[1];
            ph = Math.max(0, ((oh - 1) * stride[0] + kernel[0] - chw[1]) / 2);
            pw = Math.max(0, ((ow - 1) * stride[1] + kernel[1] - chw[2]) / 2);
        } else if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
            ph = padding[0];
            pw = padding[1];
            oh = (chw[1] + 2 * ph - kernel[0]) / stride[0] + 1;
            ow = (chw[2] + 2 * pw - kernel[1]) / stride[1] + 1;
        } else {
            throw new IllegalArgumentException(where + " uses convolution mode " + mode + "; " + user
                    + " supports Same, Truncate and Strict");
        }
        return new Window(chw[0], chw[1], chw[2], kernel[0], kernel[1], stride[0], stride[1], ph, pw, oh, ow);
    }

    /** The first output column whose input column ox·sw + kx − pw lies inside the image. */
    private static int firstColumn(Window g, int kx) {
        int shift = g.pw() - kx;
        return shift <= 0 ? 0 : Math.min(g.ow(), (shift + g.sw() - 1) / g.sw());
    }

    /** One past the last output column whose input column lies inside the image. */
    private static int endColumn(Window g, int kx) {
        int last = g.w() - 1 + g.pw() - kx;
        return last < 0 ? 0 : Math.min(g.ow(), last / g.sw() + 1);
    }

    /**
     * One example's im2col: col[((ci·kh + ky)·kw + kx)·oh·ow + oy·ow + ox] = x[(ci·h + iy)·w + ix] with
     * iy = oy·sh + ky − ph, ix = ox·sw + kx − pw; 0 outside the image.
     */
    static void im2col(Window g, float[] x, float[] col) {
        int pixels = g.pixels();
        int sw = g.sw();
        int r = 0;
        for (int ci = 0; ci < g.c(); ci++) {
            int plane = ci * g.h() * g.w();
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, r++) {
                    int row = r * pixels;
                    int first = firstColumn(g, kx);
                    int end = Math.max(first, endColumn(g, kx));
                    for (int oy = 0; oy < g.oh(); oy++) {
                        int iy = oy * g.sh() + ky - g.ph();
                        int at = row + oy * g.ow();
                        if (iy < 0 || iy >= g.h()) {
                            Arrays.fill(col, at, at + g.ow(), 0f);
                            continue;
                        }
                        Arrays.fill(col, at, at + first, 0f);
                        int src = plane + iy * g.w() + kx - g.pw();
                        if (sw == 1) {
                            System.arraycopy(x, src + first, col, at + first, end - first);
                        } else {
                            for (int ox = first; ox < end; ox++) {
                                col[at + ox] = x[src + ox * sw];
                            }
                        }
                        Arrays.fill(col, at + end, at + g.ow(), 0f);
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: adds each col element to the x element it was copied from. */
    static void col2im(Window g, float[] col, float[] x) {
        int pixels = g.pixels();
        int sw = g.sw();
        int r = 0;
        for (int ci = 0; ci < g.c(); ci++) {
            int plane = ci * g.h() * g.w();
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, r++) {
                    int row = r * pixels;
                    int first = firstColumn(g, kx);
                    int end = endColumn(g, kx);
                    for (int oy = 0; oy < g.oh(); oy++) {
                        int iy = oy * g.sh() + ky - g.ph();
                        if (iy < 0 || iy >= g.h()) {
                            continue;
                        }
                        int at = row + oy * g.ow();
                        int dst = plane + iy * g.w() + kx - g.pw();
                        for (int ox = first; ox < end; ox++) {
                            x[dst + ox * sw] += col[at + ox];
                        }
                    }
                }
            }
        }
    }

    /**
     * One example's max pooling over each channel; window positions outside the image are skipped. Where
     * {@code argmax} is not null, {@code argmax[at + j]} receives for output j the index in {@code x} of the first
     * maximum in row-major window order (-1 for a window without values).
     */
    static void maxPool(Window g, float[] x, float[] y, int[] argmax, int at) {
        if (argmax != null && g.kh() == 2 && g.kw() == 2 && g.ph() == 0 && g.pw() == 0
                && (g.oh() - 1) * g.sh() + 2 <= g.h() && (g.ow() - 1) * g.sw() + 2 <= g.w()) {
            maxPool2x2(g, x, y, argmax, at);
            return;
        }
        int sw = g.sw();
        for (int ci = 0; ci < g.c(); ci++) {
            int plane = ci * g.h() * g.w();
            for (int oy = 0; oy < g.oh(); oy++) {
                // one row of outputs at a time, window element by window element: long inner loops
                int j0 = (ci * g.oh() + oy) * g.ow();
                Arrays.fill(y, j0, j0 + g.ow(), Float.NEGATIVE_INFINITY);
                if (argmax != null) {
                    Arrays.fill(argmax, at + j0, at + j0 + g.ow(), -1);
                }
                for (int ky = 0; ky < g.kh(); ky++) {
                    int iy = oy * g.sh() + ky - g.ph();
                    if (iy < 0 || iy >= g.h()) {
                        continue;
                    }
                    for (int kx = 0; kx < g.kw(); kx++) {
                        int src = plane + iy * g.w() + kx - g.pw();
                        int end = endColumn(g, kx);
                        for (int ox = firstColumn(g, kx); ox < end; ox++) {
                            float v = x[src + ox * sw];
                            float max = y[j0 + ox];
                            if (argmax != null) {
                                // without a branch (the comparisons are unpredictable): the sign bit of max − v is
                                // 1 exactly where v > max (equal values give +0)
                                int larger = Float.floatToRawIntBits(max - v) >>> 31;
                                argmax[at + j0 + ox] += (src + ox * sw - argmax[at + j0 + ox]) & -larger;
                            }
                            y[j0 + ox] = Math.max(max, v);
                        }
                    }
                }
            }
        }
    }

    /** {@link #maxPool} with argmax for 2×2 windows that all lie inside the image (the common case, twice as fast). */
    private static void maxPool2x2(Window g, float[] x, float[] y, int[] argmax, int at) {
        int w = g.w();
        int j = 0;
        for (int ci = 0; ci < g.c(); ci++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                int row = ci * g.h() * w + oy * g.sh() * w;
                for (int ox = 0; ox < g.ow(); ox++, j++) {
                    int i = row + ox * g.sw();
                    float max = x[i];
                    int best = i;
                    float v = x[i + 1];
                    best += (i + 1 - best) & -(Float.floatToRawIntBits(max - v) >>> 31); // as in maxPool
                    max = Math.max(max, v);
                    v = x[i + w];
                    best += (i + w - best) & -(Float.floatToRawIntBits(max - v) >>> 31);
                    max = Math.max(max, v);
                    v = x[i + w + 1];
                    best += (i + w + 1 - best) & -(Float.floatToRawIntBits(max - v) >>> 31);
                    y[j] = Math.max(max, v);
                    argmax[at + j] = best;
                }
            }
        }
    }

    /** Applies elementwise {@code act} (not softmax) in place to {@code y[from..to)}. */
    static void activate(Act act, float[] y, int from, int to) {
        switch (act) {
            case IDENTITY -> {
            }
            case RELU -> {
                for (int i = from; i < to; i++) {
                    y[i] = Math.max(y[i], 0f); // without a branch; -0 becomes +0
                }
            }
            case TANH -> {
                for (int i = from; i < to; i++) {
                    y[i] = (float) Math.tanh(y[i]);
                }
            }
            case SIGMOID -> {
                for (int i = from; i < to; i++) {
                    y[i] = (float) (1.0 / (1.0 + Math.exp(-y[i])));
                }
            }
            default -> throw new IllegalStateException(act + " is not elementwise");
        }
    }

    /** {@code x} itself if it is float32 in C order on its own whole buffer, else such a copy of it. */
    static INDArray contiguousFloat(INDArray x) {
        if (x.dataType() != DataType.FLOAT || x.ordering() != 'c' || x.isView() || x.offset() != 0
                || !Shape.hasDefaultStridesForShape(x) || x.data().length() != x.length()) {
            return x.castTo(DataType.FLOAT).dup('c');
        }
        return x;
    }
}
