package org.dlnotes.models;

import java.nio.FloatBuffer;

import org.deeplearning4j.nn.conf.layers.Layer;
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
 * layer's name in their messages, activations applied in place on native memory, and an input's contiguous float32
 * memory.
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

    /** {@code x} itself if it is float32 in C order on its own whole buffer, else such a copy of it. */
    static INDArray contiguousFloat(INDArray x) {
        if (x.dataType() != DataType.FLOAT || x.ordering() != 'c' || x.isView() || x.offset() != 0
                || !Shape.hasDefaultStridesForShape(x) || x.data().length() != x.length()) {
            return x.castTo(DataType.FLOAT).dup('c');
        }
        return x;
    }
}
