package org.dlnotes.models;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Sequence classifier: embedding → encoder → softmax over the classes. The encoder is an LSTM ({@link FusedLstm})
 * whose last time step is kept ({@link #lstm(int)}, the default with 64 units) or the average of the embeddings over
 * time ({@link #averagePooling()}, a bag-of-embeddings baseline).
 *
 * <p>Features are token indices {@code [batch, T]}; labels are one-hot classes {@code [batch, classes]}. With
 * padded sequences pass a features mask so that padding is ignored.
 *
 * <pre>{@code
 * MultiLayerNetwork net = TextClassifier.builder().vocabulary(10_000).embedding(64).lstm(64).classes(2).build();
 * }</pre>
 */
public final class TextClassifier extends NetworkBuilder<TextClassifier> {

    private int vocabulary;
    private int embedding = 64;
    private int units = 64;
    private boolean pooling;
    private int classes;
    private boolean dl4jLstm;

    private TextClassifier() {
    }

    /** A new builder; {@link #vocabulary(int)} and {@link #classes(int)} are required. */
    public static TextClassifier builder() {
        return new TextClassifier();
    }

    /** Number of distinct tokens (indices 0 … n−1). */
    public TextClassifier vocabulary(int size) {
        this.vocabulary = positive("vocabulary", size);
        return this;
    }

    /** Size of each token's embedding vector (default 64). */
    public TextClassifier embedding(int size) {
        this.embedding = positive("embedding", size);
        return this;
    }

    /** Encode the sequence with an LSTM of this many units and keep its last time step. */
    public TextClassifier lstm(int units) {
        this.units = positive("units", units);
        this.pooling = false;
        return this;
    }

    /** Encode the sequence as the average of its token embeddings (no recurrent layer). */
    public TextClassifier averagePooling() {
        this.pooling = true;
        return this;
    }

    /**
     * Use DL4J's own {@link LSTM} layer instead of the default {@link FusedLstm} (same parameters and results; DL4J's
     * runs its time loop in Java and is several times slower). For comparisons, such as the benchmark.
     */
    public TextClassifier dl4jLstm() {
        this.dl4jLstm = true;
        return this;
    }

    /** Number of classes of the softmax output. */
    public TextClassifier classes(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, but is " + classes);
        }
        this.classes = classes;
        return this;
    }

    @Override
    public MultiLayerNetwork build() {
        if (vocabulary == 0 || classes == 0) {
            throw new IllegalStateException("vocabulary(n) and classes(n) must be set before build()");
        }
        NeuralNetConfiguration.ListBuilder list = base().list();
        list.layer(new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(embedding)
                .outputDataFormat(RNNFormat.NCW).build());
        int nIn;
        if (pooling) {
            list.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
            nIn = embedding;
        } else {
            LSTM.Builder lstm = dl4jLstm ? new LSTM.Builder() : new FusedLstm.Builder();
            list.layer(new LastTimeStep(lstm.nIn(embedding).nOut(units).activation(Activation.TANH)
                    .dataFormat(RNNFormat.NCW).build()));
            nIn = units;
        }
        list.layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(nIn).nOut(classes)
                .activation(Activation.SOFTMAX).build());
        return init(new MultiLayerNetwork(list.build()));
    }
}
