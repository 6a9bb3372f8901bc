package org.dlnotes.models;

import java.util.Objects;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.Distribution;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Options shared by every model builder: seed, weight initialisation, updater, L2 regularisation and the cache
 * mode. Defaults: seed 42, {@link WeightInit#XAVIER}, {@code Adam(1e-3)}, no L2, {@link CacheMode#DEVICE}. Building a
 * network also switches DL4J's oneDNN layer helpers on ({@link CpuHelpers}).
 *
 * @param <B> the concrete builder, so that the options chain
 */
public abstract class NetworkBuilder<B extends NetworkBuilder<B>> {

    private long seed = 42;
    private IWeightInit weightInit = WeightInit.XAVIER.getWeightInitFunction();
    private IUpdater updater = new Adam(1e-3);
    private double l2;
    private CacheMode cacheMode = CacheMode.DEVICE;

    NetworkBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Random seed of the weight initialisation (and of dropout, where used).
     *
     * @throws IllegalArgumentException for 0: DL4J 1.0.0-M2.1 takes seed 0 as no seed at all, and initialises the
     *     weights differently in every run
     */
    public B seed(long seed) {
        if (seed == 0) {
            throw new IllegalArgumentException("seed must not be 0: DL4J takes 0 as 'no seed' and initialises the "
                    + "weights differently in every run; use any other number");
        }
        this.seed = seed;
        return self();
    }

    /**
     * How the weights are initialised: one of DL4J's schemes, e.g. {@link WeightInit#XAVIER} (the default),
     * {@link WeightInit#RELU} (He) or {@link WeightInit#ZERO}; for a fixed distribution use
     * {@link #weightInit(Distribution)}.
     *
     * @throws IllegalArgumentException for {@link WeightInit#DISTRIBUTION}, which names no distribution
     */
    public B weightInit(WeightInit weightInit) {
        Objects.requireNonNull(weightInit, "weightInit");
        if (weightInit == WeightInit.DISTRIBUTION) {
            throw new IllegalArgumentException("WeightInit.DISTRIBUTION names no distribution: use "
                    + "weightInit(new NormalDistribution(mean, std)) or another Distribution");
        }
        this.weightInit = weightInit.getWeightInitFunction();
        return self();
    }

    /**
     * Every weight drawn from {@code distribution}, whatever the layer's fan-in and fan-out, e.g.
     * {@code weightInit(new NormalDistribution(0, 1))} for N(0, 1). Biases stay 0.
     */
    public B weightInit(Distribution distribution) {
        this.weightInit = new WeightInitDistribution(Objects.requireNonNull(distribution, "distribution"));
        return self();
    }

    /** The optimiser, e.g. {@code new Adam(1e-3)} or {@code new Sgd(0.1)}. */
    public B updater(IUpdater updater) {
        this.updater = Objects.requireNonNull(updater, "updater");
        return self();
    }

    /** L2 weight penalty coefficient (0 for none). */
    public B l2(double l2) {
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be a finite number >= 0, but is " + l2);
        }
        this.l2 = l2;
        return self();
    }

    /**
     * Whether a training step keeps forward-pass results for its backward pass (default {@link CacheMode#DEVICE},
     * which on the CPU backend means main memory). DL4J's default, {@link CacheMode#NONE}, makes each convolution
     * layer compute its im2col and pre-activations twice per step; keeping them made the chapter CNN's training
     * step about a third cheaper (bench/README.md) for a few MB of memory, with identical results.
     */
    public B cacheMode(CacheMode cacheMode) {
        this.cacheMode = Objects.requireNonNull(cacheMode, "cacheMode");
        return self();
    }

    /** Builds and initialises the network. */
    public abstract MultiLayerNetwork build();

    /** The global configuration with this builder's options; subclasses add their layers to its list. */
    NeuralNetConfiguration.Builder base() {
        CpuHelpers.enableByDefault();
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(weightInit)
                .updater(updater.clone())
                .cacheMode(cacheMode);
        if (l2 > 0) {
            b.l2(l2);
        }
        return b;
    }

    static MultiLayerNetwork init(MultiLayerNetwork net) {
        net.init();
        return net;
    }

    static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, but is " + value);
        }
        return value;
    }
}
