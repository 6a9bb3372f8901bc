package org.dlnotes.privacy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Per-example gradients, the ingredient DP-SGD needs and ordinary training never computes: a minibatch gradient is
 * a sum, and clipping must happen to each example's term before the sum. Two ways:
 *
 * <ul>
 *   <li>{@link Method#LOOP}: one {@code computeGradientAndScore} per example, for any {@link MultiLayerNetwork}
 *       (dense, convolutional, recurrent); costs a full forward and backward pass per example.</li>
 *   <li>{@link Method#DENSE}: for networks of {@link DenseLayer}s and one {@link OutputLayer} (softmax with
 *       multi-class cross-entropy, or sigmoid with binary cross-entropy), one batched backward pass: a dense layer's
 *       per-example weight gradient is the outer product aᵢ δᵢᵀ, whose norm is ‖aᵢ‖·‖δᵢ‖, so norms come without
 *       materialising the gradients (Goodfellow 2015, "Efficient per-example gradient computations"), and the clipped
 *       sum is Aᵀ diag(c) Δ, one matrix product per layer (Lee and Kifer 2021, "Scaling up differentially private deep
 *       learning with fast per-example gradient clipping").</li>
 * </ul>
 *
 * <p>Gradients use DL4J's flattened parameter layout ({@code net.params()}), and are gradients of each example's own
 * loss (DL4J's convention: the minibatch gradient is their sum). L2 or other regularisation is not included.
 */
public final class PerExample {

    /** How per-example gradients are computed. */
    public enum Method {
        /** One backward pass per example; any network. */
        LOOP,
        /** Batched outer-product trick for dense networks. */
        DENSE
    }

    /**
     * The clipped sum of a batch's per-example gradients.
     *
     * @param sum Σᵢ gᵢ · min(1, C/‖gᵢ‖), shape {@code [1, numParams]}
     * @param norms ‖gᵢ‖ before clipping, one per example
     * @param losses each example's loss
     */
    public record ClippedSum(INDArray sum, double[] norms, double[] losses) {

        /** Fraction of examples whose gradient norm exceeded {@code maxNorm}. */
        public double clippedFraction(double maxNorm) {
            return norms.length == 0 ? 0 : Arrays.stream(norms).filter(n -> n > maxNorm).count()
                    / (double) norms.length;
        }
    }

    private PerExample() {
    }

    /**
     * Every example's gradient, one row each ({@code [examples, numParams]}), by a backward pass per example.
     * The network's parameters are unchanged.
     */
    public static INDArray gradients(MultiLayerNetwork net, INDArray features, INDArray labels) {
        check(net, features, labels);
        int n = (int) features.size(0);
        INDArray out = Nd4j.create(net.params().dataType(), n, net.numParams());
        for (int i = 0; i < n; i++) {
            out.putRow(i, exampleGradient(net, features, labels, i));
        }
        return out;
    }

    /** Rows of {@code perExample} scaled to L2 norm at most {@code maxNorm} (a new array). */
    public static INDArray clip(INDArray perExample, double maxNorm) {
        checkNorm(maxNorm);
        INDArray norms = perExample.norm2(1);
        INDArray scale = Transforms.min(norms.rdiv(maxNorm), 1.0, false);
        return perExample.mulColumnVector(scale.reshape(scale.length(), 1));
    }

    /**
     * Σᵢ clip(gᵢ, maxNorm) over the batch, with the norms before clipping.
     *
     * @throws IllegalArgumentException if {@code method} is DENSE and the network is not a dense softmax/sigmoid
     *     classifier, or the shapes do not fit the network
     */
    public static ClippedSum clippedSum(MultiLayerNetwork net, INDArray features, INDArray labels, double maxNorm,
                                        Method method) {
        Objects.requireNonNull(method, "method");
        checkNorm(maxNorm);
        check(net, features, labels);
        return method == Method.LOOP ? loopClippedSum(net, features, labels, maxNorm)
                : denseClippedSum(net, features, labels, maxNorm);
    }

    private static ClippedSum loopClippedSum(MultiLayerNetwork net, INDArray features, INDArray labels,
                                             double maxNorm) {
        int n = (int) features.size(0);
        INDArray sum = Nd4j.zeros(net.params().dataType(), 1, net.numParams());
        double[] norms = new double[n];
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            INDArray g = exampleGradient(net, features, labels, i);
            losses[i] = net.score();
            norms[i] = g.norm2Number().doubleValue();
            double scale = norms[i] > maxNorm ? maxNorm / norms[i] : 1.0;
            sum.addi(g.muli(scale));
        }
        return new ClippedSum(sum, norms, losses);
    }

    private static INDArray exampleGradient(MultiLayerNetwork net, INDArray features, INDArray labels, int i) {
        net.setInput(features.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()));
        net.setLabels(labels.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()));
        net.computeGradientAndScore();
        return net.gradient().gradient().dup().reshape(1, net.numParams());
    }

    private static ClippedSum denseClippedSum(MultiLayerNetwork net, INDArray features, INDArray labels,
                                              double maxNorm) {
        int layers = net.getnLayers();
        checkDense(net);
        int n = (int) features.size(0);
        List<INDArray> activations = net.feedForward(features, false); // input, then each layer's output
        INDArray probabilities = activations.get(layers);
        INDArray y = labels.castTo(probabilities.dataType());
        double[] losses = losses(net, probabilities, y);

        INDArray[] deltas = new INDArray[layers];
        deltas[layers - 1] = probabilities.sub(y); // softmax + MCXENT and sigmoid + XENT: dL/dz = p − y
        for (int l = layers - 1; l > 0; l--) {
            INDArray w = net.getLayer(l).getParam("W");
            INDArray upstream = deltas[l].mmul(w.transpose());
            deltas[l - 1] = upstream.muli(derivative(activationOf(net, l - 1), activations.get(l)));
        }
        INDArray squaredNorms = Nd4j.zeros(probabilities.dataType(), n);
        for (int l = 0; l < layers; l++) {
            INDArray input = activations.get(l).castTo(probabilities.dataType());
            INDArray inputSq = input.mul(input).sum(1).addi(1.0); // ‖a‖² + 1 (the bias' "input")
            INDArray deltaSq = deltas[l].mul(deltas[l]).sum(1);
            squaredNorms.addi(inputSq.muli(deltaSq));
        }
        double[] norms = Transforms.sqrt(squaredNorms, true).toDoubleVector();
        INDArray scale = Nd4j.create(probabilities.dataType(), n, 1);
        for (int i = 0; i < n; i++) {
            scale.putScalar(i, 0, norms[i] > maxNorm ? maxNorm / norms[i] : 1.0);
        }

        INDArray sum = Nd4j.zeros(net.params().dataType(), 1, net.numParams());
        long offset = 0;
        for (int l = 0; l < layers; l++) {
            Layer layer = net.getLayer(l);
            long size = layer.numParams();
            INDArray slice = sum.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + size));
            NeuralNetConfiguration conf = layer.conf();
            Map<String, INDArray> views = conf.getLayer().initializer().getGradientsFromFlattened(conf, slice);
            INDArray scaledDelta = deltas[l].mulColumnVector(scale);
            INDArray input = activations.get(l).castTo(probabilities.dataType());
            views.get("W").assign(input.transpose().mmul(scaledDelta));
            views.get("b").assign(scaledDelta.sum(true, 0));
            offset += size;
        }
        return new ClippedSum(sum, norms, losses);
    }

    private static double[] losses(MultiLayerNetwork net, INDArray p, INDArray y) {
        ILossFunction loss = ((OutputLayer) net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1)
                .getLayer()).getLossFn();
        INDArray clipped = Transforms.max(Transforms.min(p, 1 - 1e-7, true), 1e-7, false);
        INDArray perExample;
        if (loss instanceof LossMCXENT) {
            perExample = Transforms.log(clipped, false).muli(y).sum(1).negi();
        } else {
            INDArray pos = Transforms.log(clipped, true).muli(y);
            INDArray neg = Transforms.log(clipped.rsub(1.0), false).muli(y.rsub(1.0));
            perExample = pos.addi(neg).sum(1).negi();
        }
        return perExample.toDoubleVector();
    }

    /** Whether {@link Method#DENSE} can handle this network; the reason if not. */
    public static String denseUnsupportedReason(MultiLayerNetwork net) {
        int layers = net.getnLayers();
        for (int l = 0; l < layers; l++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = net.getLayerWiseConfigurations().getConf(l).getLayer();
            boolean last = l == layers - 1;
            if (last) {
                if (!(conf instanceof OutputLayer o)) {
                    return "layer " + l + " is " + conf.getClass().getSimpleName() + ", not an OutputLayer";
                }
                boolean softmax = o.getActivationFn() instanceof ActivationSoftmax && o.getLossFn() instanceof LossMCXENT;
                boolean sigmoid = o.getActivationFn() instanceof ActivationSigmoid
                        && o.getLossFn() instanceof LossBinaryXENT;
                if (!softmax && !sigmoid) {
                    return "the output layer must be softmax + MCXENT or sigmoid + XENT, but is "
                            + o.getActivationFn() + " + " + o.getLossFn();
                }
                if (o.getLossFn() instanceof LossMCXENT m && m.getWeights() != null
                        || o.getLossFn() instanceof LossBinaryXENT b && b.getWeights() != null) {
                    return "the output layer's loss has class weights";
                }
            } else if (!(conf instanceof DenseLayer d)) {
                return "layer " + l + " is " + conf.getClass().getSimpleName() + ", not a DenseLayer";
            } else if (!derivativeKnown(d.getActivationFn())) {
                return "layer " + l + " has activation " + d.getActivationFn()
                        + "; supported: relu, tanh, sigmoid, identity";
            }
            if (conf instanceof DenseLayer dl && !dl.hasBias() || conf instanceof OutputLayer ol && !ol.hasBias()) {
                return "layer " + l + " has no bias";
            }
            if (conf.getIDropout() != null) {
                return "layer " + l + " uses dropout";
            }
        }
        if (net.getLayerWiseConfigurations().getInputPreProcess(0) != null) {
            return "the network has an input preprocessor";
        }
        return null;
    }

    private static void checkDense(MultiLayerNetwork net) {
        String reason = denseUnsupportedReason(net);
        if (reason != null) {
            throw new IllegalArgumentException("Method.DENSE needs DenseLayers and a softmax/sigmoid OutputLayer, but "
                    + reason + "; use Method.LOOP for this network");
        }
    }

    private static IActivation activationOf(MultiLayerNetwork net, int layer) {
        return ((DenseLayer) net.getLayerWiseConfigurations().getConf(layer).getLayer()).getActivationFn();
    }

    private static boolean derivativeKnown(IActivation activation) {
        return activation instanceof ActivationReLU || activation instanceof ActivationTanH
                || activation instanceof ActivationSigmoid || activation instanceof ActivationIdentity;
    }

    /** f'(z) written in terms of the activation a = f(z). */
    private static INDArray derivative(IActivation activation, INDArray a) {
        if (activation instanceof ActivationReLU) {
            return a.gt(0).castTo(a.dataType());
        }
        if (activation instanceof ActivationTanH) {
            return a.mul(a).rsubi(1.0);
        }
        if (activation instanceof ActivationSigmoid) {
            return a.mul(a.rsub(1.0));
        }
        return Nd4j.onesLike(a);
    }

    private static void check(MultiLayerNetwork net, INDArray features, INDArray labels) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (features.rank() != 2 || labels.rank() != 2 || features.size(0) != labels.size(0)) {
            throw new IllegalArgumentException("features and labels must be matrices with one row per example, but"
                    + " are " + Arrays.toString(features.shape()) + " and " + Arrays.toString(labels.shape()));
        }
    }

    private static void checkNorm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be a finite number > 0, but is " + maxNorm);
        }
    }
}
