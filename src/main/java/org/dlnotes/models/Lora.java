package org.dlnotes.models;

import java.util.Objects;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Parameter-efficient fine-tuning of a trained fully connected network: every hidden {@code DenseLayer} becomes a
 * {@link LoraLayer} holding the trained weights frozen plus a rank-r adapter; the output layer is kept (copied,
 * trainable) or replaced by a new head. The source network is not changed.
 *
 * <pre>{@code
 * MultiLayerNetwork adapted = Lora.from(pretrained).rank(4).newHead(5, Activation.SOFTMAX, LossFunction.MCXENT)
 *         .updater(new Adam(1e-3)).build();
 * long trained = Lora.trainableParameters(adapted);
 * }</pre>
 */
public final class Lora {

    private final MultiLayerNetwork source;
    private int rank = 4;
    private double alpha = Double.NaN;
    private int units;
    private Activation activation;
    private LossFunction loss;
    private IUpdater updater = new Adam(1e-3);
    private long seed = 42;

    private Lora(MultiLayerNetwork source) {
        this.source = source;
    }

    /**
     * Starts from a trained network of dense hidden layers and an output layer.
     *
     * @throws IllegalArgumentException if a hidden layer is not a {@code DenseLayer} or the last layer is not an
     *     output layer
     */
    public static Lora from(MultiLayerNetwork trained) {
        Objects.requireNonNull(trained, "trained");
        int n = trained.getnLayers();
        for (int i = 0; i < n - 1; i++) {
            Layer l = unwrap(trained.getLayerWiseConfigurations().getConf(i).getLayer());
            if (!(l instanceof DenseLayer)) {
                throw new IllegalArgumentException("trained must have only DenseLayers before its output layer, but"
                        + " layer " + i + " is " + l.getClass().getSimpleName());
            }
        }
        if (n < 2 || !(trained.getLayerWiseConfigurations().getConf(n - 1).getLayer() instanceof BaseOutputLayer)) {
            throw new IllegalArgumentException("trained must have at least one DenseLayer and end in an output layer");
        }
        return new Lora(trained);
    }

    /** The adapters' rank r ≥ 1 (default 4). */
    public Lora rank(int rank) {
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be ≥ 1, but is " + rank);
        }
        this.rank = rank;
        return this;
    }

    /** The scale numerator α (default: the rank, a scale α/r of 1). */
    public Lora alpha(double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number > 0, but is " + alpha);
        }
        this.alpha = alpha;
        return this;
    }

    /** Replaces the output layer by a new, freshly initialised one (otherwise it is copied and trained). */
    public Lora newHead(int units, Activation activation, LossFunction loss) {
        OutputCheck.validate(units, activation, loss);
        this.units = units;
        this.activation = activation;
        this.loss = loss;
        return this;
    }

    /** The optimiser of the adapters and the head (default {@code Adam(1e-3)}). */
    public Lora updater(IUpdater updater) {
        this.updater = Objects.requireNonNull(updater, "updater");
        return this;
    }

    /** Seed of the adapters' A matrices and of a new head. */
    public Lora seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Builds the adapted network: it computes what the source computes until training moves A and B. */
    public MultiLayerNetwork build() {
        CpuHelpers.enableByDefault();
        int n = source.getnLayers();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed)
                .updater(updater.clone()).weightInit(WeightInit.XAVIER).list();
        for (int i = 0; i < n - 1; i++) {
            DenseLayer d = (DenseLayer) unwrap(source.getLayerWiseConfigurations().getConf(i).getLayer());
            LoraLayer.Builder b = new LoraLayer.Builder().rank(rank).nIn(d.getNIn()).nOut(d.getNOut())
                    .activation(d.getActivationFn());
            if (!Double.isNaN(alpha)) {
                b.alpha(alpha);
            }
            list.layer(b.build());
        }
        BaseOutputLayer head = (BaseOutputLayer) source.getLayerWiseConfigurations().getConf(n - 1).getLayer();
        if (units > 0) {
            list.layer(new OutputLayer.Builder(loss).nIn(head.getNIn()).nOut(units).activation(activation).build());
        } else {
            BaseOutputLayer copy = (BaseOutputLayer) head.clone();
            copy.setIUpdater(updater.clone());
            list.layer(copy);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        for (int i = 0; i < n - 1; i++) {
            net.getLayer(i).setParam(LoraLayer.WEIGHT_KEY, source.getLayer(i).getParam("W"));
            net.getLayer(i).setParam(LoraLayer.BIAS_KEY, source.getLayer(i).getParam("b"));
        }
        if (units == 0) {
            net.getLayer(n - 1).setParams(source.getLayer(n - 1).params());
        }
        return net;
    }

    /**
     * The parameters that training changes: 0 for DL4J's frozen layers, {@code r·(nIn + nOut)} for a
     * {@link LoraLayer}, all of them for any other layer.
     */
    public static long trainableParameters(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        long sum = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer l = net.getLayerWiseConfigurations().getConf(i).getLayer();
            if (l instanceof LoraLayer lora) {
                sum += lora.trainableParameters();
            } else if (!(l instanceof FrozenLayer || l instanceof FrozenLayerWithBackprop)) {
                sum += net.getLayer(i).numParams();
            }
        }
        return sum;
    }

    private static Layer unwrap(Layer layer) {
        if (layer instanceof FrozenLayer f) {
            return f.getLayer();
        }
        return layer instanceof BaseWrapperLayer w ? w.getUnderlying() : layer;
    }
}
