package org.dlnotes.explain;

import java.util.Arrays;
import java.util.Objects;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gradient saliency: the gradient of a class's log-probability with respect to the input features,
 * {@code ∂ log p(c | x) / ∂x}, per example, from DL4J's own backpropagation
 * ({@link MultiLayerNetwork#calculateGradients}: with the label set to class c, the cross-entropy loss is
 * {@code −log p(c | x)}, so the input gradient it returns is the negated saliency). A large magnitude means that a
 * small change of that feature moves the prediction most, at this input.
 *
 * <pre>{@code
 * INDArray g = Saliency.gradients(net, test.features(), 0);            // [rows, features]
 * double[] global = Saliency.meanAbsolute(g);                           // one number per feature
 * INDArray check = Saliency.finiteDifferences(net, x, 0, 1e-4);         // the same by central differences
 * }</pre>
 *
 * The network must end in a softmax output with multi-class cross-entropy, or one sigmoid unit with binary
 * cross-entropy (class 1 = the unit's probability, class 0 = one minus it), and must not use dropout (the gradient is
 * computed in training mode).
 */
public final class Saliency {

    private Saliency() {
    }

    /**
     * {@code ∂ log p(classIndex | x) / ∂x} for every row of {@code features}.
     *
     * @throws IllegalArgumentException for an unsupported output layer, a network with dropout, or a class index out
     *     of range
     */
    public static INDArray gradients(MultiLayerNetwork net, INDArray features, int classIndex) {
        int[] classes = new int[(int) features.size(0)];
        Arrays.fill(classes, classIndex);
        return gradients(net, features, classes);
    }

    /** {@code ∂ log p(classes[i] | x_i) / ∂x_i}, a class per row, e.g. each row's predicted class. */
    public static INDArray gradients(MultiLayerNetwork net, INDArray features, int[] classes) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(classes, "classes");
        long units = check(net);
        if (classes.length != features.size(0)) {
            throw new IllegalArgumentException("classes has " + classes.length + " entries but features has "
                    + features.size(0) + " rows");
        }
        long numClasses = units == 1 ? 2 : units;
        INDArray labels = Nd4j.zeros(features.dataType(), features.size(0), units);
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0 || classes[i] >= numClasses) {
                throw new IllegalArgumentException("classes[" + i + "] is " + classes[i] + ", outside [0, " + numClasses
                        + ")");
            }
            if (units == 1) {
                labels.putScalar(i, 0, classes[i]);
            } else {
                labels.putScalar(i, classes[i], 1);
            }
        }
        INDArray lossGradient = net.calculateGradients(features, labels, null, null).getSecond();
        return lossGradient.neg();
    }

    /**
     * The same derivative by central differences, {@code (log p(x + h·e_j) − log p(x − h·e_j)) / 2h}, one feature
     * at a time: slow, for checking {@link #gradients}. Use a network in double precision
     * ({@code net.convertDataType(DataType.DOUBLE)}) and double features for agreement beyond a few digits.
     */
    public static INDArray finiteDifferences(MultiLayerNetwork net, INDArray features, int classIndex, double h) {
        long units = check(net);
        if (!(h > 0)) {
            throw new IllegalArgumentException("h must be > 0, but is " + h);
        }
        INDArray result = Nd4j.zeros(features.dataType(), features.shape());
        for (int j = 0; j < features.columns(); j++) {
            INDArray plus = features.dup();
            plus.getColumn(j).addi(h);
            INDArray minus = features.dup();
            minus.getColumn(j).subi(h);
            result.putColumn(j, logProbability(net, plus, classIndex, units)
                    .subi(logProbability(net, minus, classIndex, units)).divi(2 * h));
        }
        return result;
    }

    /** Mean absolute value of each column: a global ranking of features by saliency. */
    public static double[] meanAbsolute(INDArray gradients) {
        return Transforms.abs(gradients, true).mean(0).toDoubleVector();
    }

    private static INDArray logProbability(MultiLayerNetwork net, INDArray x, int classIndex, long units) {
        INDArray out = net.output(x);
        INDArray p = units == 1 ? (classIndex == 1 ? out.getColumn(0) : out.getColumn(0).rsub(1))
                : out.getColumn(classIndex);
        return Transforms.log(p, true).reshape(x.size(0), 1);
    }

    /** Checks the output layer and dropout; returns the number of output units. */
    private static long check(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayerWiseConfigurations().getConf(i).getLayer();
            if (layer.getIDropout() != null) {
                throw new IllegalArgumentException("net must not use dropout (layer " + i + " has "
                        + layer.getIDropout() + "): input gradients are computed in training mode");
            }
        }
        Layer last = net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1).getLayer();
        if (last instanceof OutputLayer out) {
            boolean softmax = ((BaseLayer) out).getActivationFn() instanceof ActivationSoftmax
                    && out.getLossFn() instanceof LossMCXENT;
            boolean sigmoid = ((BaseLayer) out).getActivationFn() instanceof ActivationSigmoid
                    && out.getLossFn() instanceof LossBinaryXENT && out.getNOut() == 1;
            if (softmax || sigmoid) {
                return out.getNOut();
            }
        }
        throw new IllegalArgumentException("net must end in an OutputLayer with SOFTMAX + MCXENT, or one SIGMOID unit"
                + " + XENT, so that its loss is −log p(class); its last layer is " + last);
    }
}
