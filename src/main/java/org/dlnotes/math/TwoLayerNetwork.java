package org.dlnotes.math;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * A two-layer network written out by hand for one example, as the articles' worked examples write it:
 * {@code z1 = W1·x + b1}, {@code a1 = σ(z1)}, {@code z2 = W2·a1 + b2}, {@code p = softmax(z2)} with cross-entropy
 * {@code L = −Σ y·log p}, or {@code p = σ(z2)} with binary cross-entropy
 * {@code L = −Σ [y·log p + (1 − y)·log(1 − p)]}. Weights are {@code [outputs][inputs]}, as in the articles (DL4J
 * stores the transpose).
 *
 * <p>{@link #gradients} is the closed form, derived by hand: for both output kinds {@code ∂L/∂z2 = p − y}; then
 * {@code ∂L/∂W2 = (p − y)·a1ᵀ}, {@code ∂L/∂b2 = p − y}, {@code ∂L/∂z1 = (W2ᵀ·(p − y)) ⊙ a1 ⊙ (1 − a1)},
 * {@code ∂L/∂W1 = ∂L/∂z1·xᵀ}, {@code ∂L/∂b1 = ∂L/∂z1}. {@link #backprop} asks DL4J for the same numbers from an
 * equivalent double-precision network, and {@link GradientChecks#centralDifferences} approximates them from
 * {@link #loss} alone, so the three can be compared.
 *
 * <pre>{@code
 * TwoLayerNetwork net = TwoLayerNetwork.of(w1, b1, w2, b2, TwoLayerNetwork.Output.SOFTMAX);
 * double[] byHand = net.gradients(x, y).flat();
 * double[] dl4j = net.backprop(x, y).gradient();
 * double[] numeric = GradientChecks.centralDifferences(p -> net.withParameters(p).loss(x, y), net.parameters(), 1e-6);
 * }</pre>
 */
public final class TwoLayerNetwork {

    /** The output layer: its activation and the loss that goes with it. */
    public enum Output {
        /** Softmax over the outputs with cross-entropy {@code −Σ y·log p}; {@code y} must sum to 1. */
        SOFTMAX,
        /** An independent sigmoid per output with binary cross-entropy summed over the outputs. */
        SIGMOID
    }

    private final double[][] w1;
    private final double[] b1;
    private final double[][] w2;
    private final double[] b2;
    private final Output output;

    private TwoLayerNetwork(double[][] w1, double[] b1, double[][] w2, double[] b2, Output output) {
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
        this.output = output;
    }

    /**
     * A network from its weights ({@code w1: [hidden][inputs]}, {@code w2: [outputs][hidden]}) and biases.
     *
     * @throws IllegalArgumentException if a matrix is empty or ragged, a size does not match, a value is not finite,
     *     or a softmax output has fewer than 2 units
     */
    public static TwoLayerNetwork of(double[][] w1, double[] b1, double[][] w2, double[] b2, Output output) {
        Objects.requireNonNull(output, "output");
        columns(w1, "w1");
        int hidden = w1.length;
        int hiddenIn = columns(w2, "w2");
        vector(b1, "b1", hidden);
        vector(b2, "b2", w2.length);
        if (hiddenIn != hidden) {
            throw new IllegalArgumentException("w2 must have one column per hidden unit (" + hidden + ", the rows of w1),"
                    + " but has " + hiddenIn);
        }
        if (output == Output.SOFTMAX && w2.length < 2) {
            throw new IllegalArgumentException("a SOFTMAX output needs at least 2 units, but w2 has " + w2.length
                    + " row; use Output.SIGMOID for one output");
        }
        return new TwoLayerNetwork(copy(w1), b1.clone(), copy(w2), b2.clone(), output);
    }

    /** Number of inputs. */
    public int inputs() {
        return w1[0].length;
    }

    /** Number of hidden (sigmoid) units. */
    public int hidden() {
        return w1.length;
    }

    /** Number of outputs. */
    public int outputs() {
        return w2.length;
    }

    /** The output kind. */
    public Output output() {
        return output;
    }

    /**
     * Every intermediate value of the forward pass.
     *
     * @param z1 {@code W1·x + b1}
     * @param a1 {@code σ(z1)}
     * @param z2 {@code W2·a1 + b2}
     * @param p the output: {@code softmax(z2)} or {@code σ(z2)}
     */
    public record Forward(double[] z1, double[] a1, double[] z2, double[] p) {
    }

    /**
     * The closed-form gradients of the loss of one example.
     *
     * @param dz2 {@code ∂L/∂z2 = p − y}
     * @param dW2 {@code ∂L/∂W2 = dz2·a1ᵀ}, {@code [outputs][hidden]}
     * @param db2 {@code ∂L/∂b2 = dz2}
     * @param dz1 {@code ∂L/∂z1 = (W2ᵀ·dz2) ⊙ a1 ⊙ (1 − a1)}
     * @param dW1 {@code ∂L/∂W1 = dz1·xᵀ}, {@code [hidden][inputs]}
     * @param db1 {@code ∂L/∂b1 = dz1}
     */
    public record Gradients(double[] dz2, double[][] dW2, double[] db2, double[] dz1, double[][] dW1, double[] db1) {

        /** The parameter gradients in the order of {@link TwoLayerNetwork#parameterNames()}. */
        public double[] flat() {
            return TwoLayerNetwork.flatten(dW1, db1, dW2, db2);
        }
    }

    /**
     * What DL4J computes for the same network and example.
     *
     * @param loss DL4J's score
     * @param output DL4J's output
     * @param gradient DL4J's backpropagated gradient, in the order of {@link TwoLayerNetwork#parameterNames()}
     */
    public record Backprop(double loss, double[] output, double[] gradient) {
    }

    /** The forward pass for input {@code x}. */
    public Forward forward(double[] x) {
        vector(x, "x", inputs());
        double[] z1 = affine(w1, x, b1);
        double[] a1 = new double[z1.length];
        for (int j = 0; j < z1.length; j++) {
            a1[j] = sigmoid(z1[j]);
        }
        double[] z2 = affine(w2, a1, b2);
        double[] p = new double[z2.length];
        if (output == Output.SOFTMAX) {
            double max = Double.NEGATIVE_INFINITY;
            for (double z : z2) {
                max = Math.max(max, z);
            }
            double sum = 0;
            for (int k = 0; k < z2.length; k++) {
                p[k] = Math.exp(z2[k] - max);
                sum += p[k];
            }
            for (int k = 0; k < z2.length; k++) {
                p[k] /= sum;
            }
        } else {
            for (int k = 0; k < z2.length; k++) {
                p[k] = sigmoid(z2[k]);
            }
        }
        return new Forward(z1, a1, z2, p);
    }

    /** The loss of input {@code x} with target {@code y} (one value per output, each in [0, 1]). */
    public double loss(double[] x, double[] y) {
        checkTarget(y);
        double[] p = forward(x).p();
        double loss = 0;
        for (int k = 0; k < p.length; k++) {
            if (y[k] > 0) { // a zero target contributes nothing, even where log p is -infinity
                loss -= y[k] * Math.log(p[k]);
            }
            if (output == Output.SIGMOID && y[k] < 1) {
                loss -= (1 - y[k]) * Math.log(1 - p[k]);
            }
        }
        return loss;
    }

    /** The gradients of {@link #loss} with respect to every parameter, by the closed-form formulas. */
    public Gradients gradients(double[] x, double[] y) {
        checkTarget(y);
        Forward f = forward(x);
        int outputs = outputs();
        int hidden = hidden();
        double[] dz2 = new double[outputs];
        for (int k = 0; k < outputs; k++) {
            dz2[k] = f.p()[k] - y[k];
        }
        double[][] dW2 = new double[outputs][hidden];
        for (int k = 0; k < outputs; k++) {
            for (int j = 0; j < hidden; j++) {
                dW2[k][j] = dz2[k] * f.a1()[j];
            }
        }
        double[] dz1 = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            double back = 0;
            for (int k = 0; k < outputs; k++) {
                back += w2[k][j] * dz2[k];
            }
            dz1[j] = back * f.a1()[j] * (1 - f.a1()[j]);
        }
        double[][] dW1 = new double[hidden][inputs()];
        for (int j = 0; j < hidden; j++) {
            for (int i = 0; i < inputs(); i++) {
                dW1[j][i] = dz1[j] * x[i];
            }
        }
        return new Gradients(dz2, dW2, dz2.clone(), dz1, dW1, dz1.clone());
    }

    /** All parameters, flat: {@code W1} row by row, {@code b1}, {@code W2} row by row, {@code b2}. */
    public double[] parameters() {
        return flatten(w1, b1, w2, b2);
    }

    /** Names of {@link #parameters()}, e.g. {@code W1[0,2]}, {@code b2[1]}. */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        matrixNames(names, "W1", hidden(), inputs());
        vectorNames(names, "b1", hidden());
        matrixNames(names, "W2", outputs(), hidden());
        vectorNames(names, "b2", outputs());
        return List.copyOf(names);
    }

    /**
     * The same architecture with other parameters, given flat in the order of {@link #parameters()}.
     *
     * @throws IllegalArgumentException if the length is wrong or a value is not finite
     */
    public TwoLayerNetwork withParameters(double[] flat) {
        int n = parameters().length;
        vector(flat, "flat", n);
        int at = 0;
        double[][] nw1 = new double[hidden()][inputs()];
        for (double[] row : nw1) {
            for (int i = 0; i < row.length; i++) {
                row[i] = flat[at++];
            }
        }
        double[] nb1 = new double[hidden()];
        for (int j = 0; j < nb1.length; j++) {
            nb1[j] = flat[at++];
        }
        double[][] nw2 = new double[outputs()][hidden()];
        for (double[] row : nw2) {
            for (int j = 0; j < row.length; j++) {
                row[j] = flat[at++];
            }
        }
        double[] nb2 = new double[outputs()];
        for (int k = 0; k < nb2.length; k++) {
            nb2[k] = flat[at++];
        }
        return new TwoLayerNetwork(nw1, nb1, nw2, nb2, output);
    }

    /**
     * The equivalent DL4J network in double precision: a sigmoid {@code DenseLayer}, then an {@code OutputLayer}
     * (softmax with {@code MCXENT}, or sigmoid with {@code XENT}), with these parameters and no updater.
     */
    public MultiLayerNetwork toDl4j() {
        LossFunction loss = output == Output.SOFTMAX ? LossFunction.MCXENT : LossFunction.XENT;
        Activation activation = output == Output.SOFTMAX ? Activation.SOFTMAX : Activation.SIGMOID;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .updater(new NoOp())
                .list()
                .layer(new DenseLayer.Builder().nIn(inputs()).nOut(hidden()).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(loss).nIn(hidden()).nOut(outputs()).activation(activation).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getParam("0_W").assign(Nd4j.createFromArray(w1).transpose());
        net.getParam("0_b").assign(Nd4j.createFromArray(b1).reshape(1, hidden()));
        net.getParam("1_W").assign(Nd4j.createFromArray(w2).transpose());
        net.getParam("1_b").assign(Nd4j.createFromArray(b2).reshape(1, outputs()));
        return net;
    }

    /** Input {@code x} as DL4J wants it: a double row {@code [1, inputs]}. */
    public INDArray row(double[] x) {
        vector(x, "x", inputs());
        return Nd4j.createFromArray(x).reshape(1, x.length);
    }

    /** DL4J's loss, output and backpropagated gradient for this network and example ({@link #toDl4j()}). */
    public Backprop backprop(double[] x, double[] y) {
        checkTarget(y);
        MultiLayerNetwork net = toDl4j();
        net.setInput(row(x));
        net.setLabels(Nd4j.createFromArray(y).reshape(1, y.length));
        net.computeGradientAndScore();
        var g = net.gradient().gradientForVariable();
        double[] gradient = flatten(g.get("0_W").transpose().toDoubleMatrix(), g.get("0_b").toDoubleVector(),
                g.get("1_W").transpose().toDoubleMatrix(), g.get("1_b").toDoubleVector());
        return new Backprop(net.score(), net.output(row(x)).toDoubleVector(), gradient);
    }

    @Override
    public String toString() {
        return "TwoLayerNetwork[" + inputs() + " → " + hidden() + " (sigmoid) → " + outputs() + " (" + output + ")]";
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private void checkTarget(double[] y) {
        vector(y, "y", outputs());
        double sum = 0;
        for (int k = 0; k < y.length; k++) {
            if (!(y[k] >= 0 && y[k] <= 1)) {
                throw new IllegalArgumentException("y[" + k + "] must be in [0, 1], but is " + y[k]);
            }
            sum += y[k];
        }
        if (output == Output.SOFTMAX && Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("y must sum to 1 for a SOFTMAX output (one-hot, e.g. [1, 0]), but sums to "
                    + sum);
        }
    }

    private static double[] affine(double[][] w, double[] x, double[] b) {
        double[] z = new double[w.length];
        for (int r = 0; r < w.length; r++) {
            double s = b[r];
            for (int c = 0; c < x.length; c++) {
                s += w[r][c] * x[c];
            }
            z[r] = s;
        }
        return z;
    }

    static double[] flatten(double[][] w1, double[] b1, double[][] w2, double[] b2) {
        List<Double> values = new ArrayList<>();
        for (double[] row : w1) {
            for (double v : row) {
                values.add(v);
            }
        }
        for (double v : b1) {
            values.add(v);
        }
        for (double[] row : w2) {
            for (double v : row) {
                values.add(v);
            }
        }
        for (double v : b2) {
            values.add(v);
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void matrixNames(List<String> names, String name, int rows, int columns) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                names.add(name + "[" + r + "," + c + "]");
            }
        }
    }

    private static void vectorNames(List<String> names, String name, int n) {
        for (int i = 0; i < n; i++) {
            names.add(name + "[" + i + "]");
        }
    }

    private static int columns(double[][] m, String name) {
        if (m == null || m.length == 0 || m[0] == null || m[0].length == 0) {
            throw new IllegalArgumentException(name + " must be a non-empty matrix, but is "
                    + (m == null ? "null" : "empty"));
        }
        for (int r = 0; r < m.length; r++) {
            vector(m[r], name + "[" + r + "]", m[0].length);
        }
        return m[0].length;
    }

    private static void vector(double[] v, String name, int length) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must have " + length + " values, but is null");
        }
        if (v.length != length) {
            throw new IllegalArgumentException(name + " must have " + length + " values, but has " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be a finite number, but is " + v[i]);
            }
        }
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            c[r] = m[r].clone();
        }
        return c;
    }
}
