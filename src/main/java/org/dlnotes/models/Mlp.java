package org.dlnotes.models;

import java.util.Objects;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Fully connected network: inputs → hidden dense layers → output layer. Logistic and linear regression are the
 * special case without hidden layers.
 *
 * <pre>{@code
 * MultiLayerNetwork net = Mlp.builder().inputs(4).hidden(16, 8)
 *         .output(3, Activation.SOFTMAX, LossFunction.MCXENT).seed(7).build();
 * MultiLayerNetwork logit = Mlp.logisticRegression(10).build();
 * }</pre>
 */
public final class Mlp extends NetworkBuilder<Mlp> {

    private int inputs;
    private int[] hidden = new int[0];
    private Activation hiddenActivation = Activation.RELU;
    private double dropout;
    private int outputs;
    private Activation outputActivation;
    private LossFunction loss;

    private Mlp() {
    }

    /** A new builder; {@link #inputs(int)} and {@link #output(int, Activation, LossFunction)} are required. */
    public static Mlp builder() {
        return new Mlp();
    }

    /** One sigmoid unit with binary cross-entropy on {@code inputs} features: P(y = 1 | x). */
    public static Mlp logisticRegression(int inputs) {
        return builder().inputs(inputs).output(1, Activation.SIGMOID, LossFunction.XENT);
    }

    /** {@code outputs} identity units with mean squared error on {@code inputs} features. */
    public static Mlp linearRegression(int inputs, int outputs) {
        return builder().inputs(inputs).output(outputs, Activation.IDENTITY, LossFunction.MSE);
    }

    /** Number of input features. */
    public Mlp inputs(int inputs) {
        this.inputs = positive("inputs", inputs);
        return this;
    }

    /** Sizes of the hidden layers, first to last (none for a linear model). */
    public Mlp hidden(int... sizes) {
        Objects.requireNonNull(sizes, "sizes");
        for (int i = 0; i < sizes.length; i++) {
            positive("hidden size #" + i, sizes[i]);
        }
        this.hidden = sizes.clone();
        return this;
    }

    /** Activation of every hidden layer (default RELU). */
    public Mlp activation(Activation activation) {
        this.hiddenActivation = Objects.requireNonNull(activation, "activation");
        return this;
    }

    /** Dropout probability on hidden layers' inputs (0 for none, the default). */
    public Mlp dropout(double probability) {
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), but is " + probability);
        }
        this.dropout = probability;
        return this;
    }

    /**
     * The output layer: its size, activation and loss, chosen together.
     *
     * @throws IllegalArgumentException for a pair that cannot train, see {@link OutputCheck}
     */
    public Mlp output(int units, Activation activation, LossFunction loss) {
        OutputCheck.validate(units, activation, loss);
        this.outputs = units;
        this.outputActivation = activation;
        this.loss = loss;
        return this;
    }

    @Override
    public MultiLayerNetwork build() {
        if (inputs == 0) {
            throw new IllegalStateException("inputs not set: call inputs(n) before build()");
        }
        if (outputs == 0) {
            throw new IllegalStateException("output not set: call output(units, activation, loss) before build()");
        }
        NeuralNetConfiguration.ListBuilder list = base().list();
        int nIn = inputs;
        for (int size : hidden) {
            DenseLayer.Builder dense = new DenseLayer.Builder().nIn(nIn).nOut(size).activation(hiddenActivation);
            if (dropout > 0) {
                dense.dropOut(1 - dropout); // DL4J takes the probability of keeping an activation
            }
            list.layer(dense.build());
            nIn = size;
        }
        list.layer(new OutputLayer.Builder(loss).nIn(nIn).nOut(outputs).activation(outputActivation).build());
        return init(new MultiLayerNetwork(list.build()));
    }
}
