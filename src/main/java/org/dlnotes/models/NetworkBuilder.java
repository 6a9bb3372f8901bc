package org.dlnotes.models;

import java.util.Objects;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Options shared by every model builder: seed, weight initialisation, updater and L2 regularisation.
 * Defaults: seed 42, {@link WeightInit#XAVIER}, {@code Adam(1e-3)}, no L2.
 *
 * @param <B> the concrete builder, so that the options chain
 */
public abstract class NetworkBuilder<B extends NetworkBuilder<B>> {

    private long seed = 42;
    private WeightInit weightInit = WeightInit.XAVIER;
    private IUpdater updater = new Adam(1e-3);
    private double l2;

    NetworkBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Random seed of the weight initialisation (and of dropout, where used). */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** How the weights are initialised. */
    public B weightInit(WeightInit weightInit) {
        this.weightInit = Objects.requireNonNull(weightInit, "weightInit");
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

    /** Builds and initialises the network. */
    public abstract MultiLayerNetwork build();

    /** The global configuration with this builder's options; subclasses add their layers to its list. */
    NeuralNetConfiguration.Builder base() {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(weightInit)
                .updater(updater.clone());
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
