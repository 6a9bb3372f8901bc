package org.dlnotes.models;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Next-token language model: embedding → {@code layers} LSTM layers ({@link FusedLstm}) → softmax over the
 * vocabulary at every time step ({@link FusedRnnOutputLayer}) (the "GPT" of article 003 is this model:
 * {@code vocabulary(1000).embedding(128).lstm(128, 2)}).
 *
 * <p>Features are token indices of shape {@code [batch, T]} (or {@code [batch, 1, T]}); labels are one-hot next
 * tokens of shape {@code [batch, vocabulary, T]} (NCW). Every recurrent layer is set to {@link RNNFormat#NCW}
 * explicitly, since mixing formats after an embedding layer breaks the shapes.
 *
 * <pre>{@code
 * MultiLayerNetwork lm = LstmLanguageModel.builder().vocabulary(1000).embedding(128).lstm(128, 2).build();
 * }</pre>
 */
public final class LstmLanguageModel extends NetworkBuilder<LstmLanguageModel> {

    private int vocabulary;
    private int embedding = 128;
    private int units = 128;
    private int layers = 2;
    private boolean dl4jLstm;

    private LstmLanguageModel() {
    }

    /** A new builder; {@link #vocabulary(int)} is required; defaults: embedding 128, 2 LSTM layers of 128. */
    public static LstmLanguageModel builder() {
        return new LstmLanguageModel();
    }

    /** Number of distinct tokens (indices 0 … n−1). */
    public LstmLanguageModel vocabulary(int size) {
        this.vocabulary = positive("vocabulary", size);
        return this;
    }

    /** Size of each token's embedding vector. */
    public LstmLanguageModel embedding(int size) {
        this.embedding = positive("embedding", size);
        return this;
    }

    /** Units per LSTM layer and number of stacked LSTM layers. */
    public LstmLanguageModel lstm(int units, int layers) {
        this.units = positive("units", units);
        this.layers = positive("layers", layers);
        return this;
    }

    /**
     * Use DL4J's own {@link LSTM} and {@link RnnOutputLayer} instead of the default {@link FusedLstm} and
     * {@link FusedRnnOutputLayer} (same parameters and results; DL4J's are several times slower). For comparisons,
     * such as the benchmark.
     */
    public LstmLanguageModel dl4jLstm() {
        this.dl4jLstm = true;
        return this;
    }

    @Override
    public MultiLayerNetwork build() {
        if (vocabulary == 0) {
            throw new IllegalStateException("vocabulary not set: call vocabulary(n) before build()");
        }
        NeuralNetConfiguration.ListBuilder list = base().list();
        list.layer(new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(embedding)
                .outputDataFormat(RNNFormat.NCW).build());
        int nIn = embedding;
        for (int i = 0; i < layers; i++) {
            LSTM.Builder lstm = dl4jLstm ? new LSTM.Builder() : new FusedLstm.Builder();
            list.layer(lstm.nIn(nIn).nOut(units).activation(Activation.TANH).dataFormat(RNNFormat.NCW).build());
            nIn = units;
        }
        RnnOutputLayer.Builder out = dl4jLstm ? new RnnOutputLayer.Builder(LossFunction.MCXENT)
                : new FusedRnnOutputLayer.Builder(LossFunction.MCXENT);
        list.layer(out.nIn(nIn).nOut(vocabulary)
                .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build());
        return init(new MultiLayerNetwork(list.build()));
    }
}
