package org.dlnotes.models;

import java.util.Objects;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Pre-train → fine-tune with DL4J's {@link TransferLearning}: keep a trained network's body, freeze its first
 * layers, and give it a new output layer. The source network is not changed; the new network shares no state with
 * it.
 *
 * <pre>{@code
 * MultiLayerNetwork classifier = Transfer.from(languageModel)
 *         .freezeThrough(0)                       // keep the embedding fixed
 *         .poolSequence(PoolingType.AVG)          // sequence → one vector per example
 *         .newHead(2, Activation.SOFTMAX, LossFunction.MCXENT)
 *         .updater(new Adam(1e-3)).build();
 * }</pre>
 */
public final class Transfer {

    private final MultiLayerNetwork source;
    private int frozenThrough = -1;
    private PoolingType pooling;
    private int units;
    private Activation activation;
    private LossFunction loss;
    private IUpdater updater = new Adam(1e-3);
    private long seed = 42;

    private Transfer(MultiLayerNetwork source) {
        this.source = source;
    }

    /** Starts from a trained network (at least two layers: a body and an output layer). */
    public static Transfer from(MultiLayerNetwork trained) {
        Objects.requireNonNull(trained, "trained");
        if (trained.getnLayers() < 2) {
            throw new IllegalArgumentException("trained must have a body and an output layer, but has "
                    + trained.getnLayers() + " layer");
        }
        return new Transfer(trained);
    }

    /** Freezes layers 0 … {@code layer} (inclusive): their parameters do not change while fine-tuning. */
    public Transfer freezeThrough(int layer) {
        int body = source.getnLayers() - 1;
        if (layer < 0 || layer >= body) {
            throw new IllegalArgumentException("layer must be in 0.." + (body - 1) + " (the body, not the output"
                    + " layer), but is " + layer);
        }
        this.frozenThrough = layer;
        return this;
    }

    /** Pools a sequence body's output over time before the new head, to classify whole sequences. */
    public Transfer poolSequence(PoolingType type) {
        this.pooling = Objects.requireNonNull(type, "type");
        return this;
    }

    /**
     * Replaces the output layer by a new, freshly initialised one.
     *
     * @throws IllegalArgumentException for an activation/loss pair that cannot train, see {@link OutputCheck}
     */
    public Transfer newHead(int units, Activation activation, LossFunction loss) {
        OutputCheck.validate(units, activation, loss);
        this.units = units;
        this.activation = activation;
        this.loss = loss;
        return this;
    }

    /** The optimiser used for fine-tuning (default {@code Adam(1e-3)}). */
    public Transfer updater(IUpdater updater) {
        this.updater = Objects.requireNonNull(updater, "updater");
        return this;
    }

    /** Seed of the new head's initialisation. */
    public Transfer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Builds the fine-tuning network. */
    public MultiLayerNetwork build() {
        CpuHelpers.enableByDefault();
        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder()
                .updater(updater.clone()).seed(seed).build();
        TransferLearning.Builder b = new TransferLearning.Builder(source).fineTuneConfiguration(fineTune);
        if (frozenThrough >= 0) {
            b.setFeatureExtractor(frozenThrough);
        }
        if (units > 0) {
            int last = source.getnLayers() - 1;
            boolean sequenceOut = source.getLayerWiseConfigurations().getConf(last).getLayer()
                    instanceof RnnOutputLayer;
            long nIn = bodyOutputs(source.getLayerWiseConfigurations().getConf(last - 1).getLayer());
            b.removeOutputLayer();
            if (pooling != null) {
                b.addLayer(new GlobalPoolingLayer.Builder(pooling).build());
                b.addLayer(new OutputLayer.Builder(loss).nIn(nIn).nOut(units).activation(activation).build());
            } else if (sequenceOut) {
                b.addLayer(new RnnOutputLayer.Builder(loss).nIn(nIn).nOut(units).activation(activation)
                        .dataFormat(RNNFormat.NCW).build());
            } else {
                b.addLayer(new OutputLayer.Builder(loss).nIn(nIn).nOut(units).activation(activation).build());
            }
        } else if (pooling != null) {
            throw new IllegalStateException("poolSequence needs a new head: call newHead(units, activation, loss)");
        }
        return b.build();
    }

    private static long bodyOutputs(Layer layer) {
        Layer inner = layer instanceof BaseWrapperLayer w ? w.getUnderlying() : layer;
        if (inner instanceof FeedForwardLayer ff) {
            return ff.getNOut();
        }
        throw new IllegalArgumentException("the layer before the output must have a size (dense, LSTM, ...), but is "
                + inner.getClass().getSimpleName());
    }
}
