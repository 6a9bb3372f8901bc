package org.dlnotes.models;

import java.util.Objects;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Small convolutional classifier for images given as flat rows (e.g. 8×8 or 28×28 digits, one image per row of
 * {@code height·width·channels} values): per entry of {@link #filters(int...)} a 3×3 same-padded ReLU convolution
 * and a 2×2 max pooling ({@link Nd4jPoolingLayer}), then one dense ReLU layer and a softmax over the classes.
 *
 * <pre>{@code
 * MultiLayerNetwork net = Cnn.builder().image(28, 28, 1).classes(10).build();
 * }</pre>
 */
public final class Cnn extends NetworkBuilder<Cnn> {

    private int height;
    private int width;
    private int channels;
    private int classes;
    private int[] filters = {16, 32};
    private int dense = 64;

    private Cnn() {
    }

    /** A new builder; {@link #image(int, int, int)} and {@link #classes(int)} are required. */
    public static Cnn builder() {
        return new Cnn();
    }

    /** Image size; each example is a flat row of {@code height·width·channels} values. */
    public Cnn image(int height, int width, int channels) {
        this.height = positive("height", height);
        this.width = positive("width", width);
        this.channels = positive("channels", channels);
        return this;
    }

    /** Number of classes of the softmax output. */
    public Cnn classes(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, but is " + classes);
        }
        this.classes = classes;
        return this;
    }

    /** Filters of each convolution + pooling block, first to last (default 16, 32); each block halves the size. */
    public Cnn filters(int... filters) {
        Objects.requireNonNull(filters, "filters");
        if (filters.length == 0) {
            throw new IllegalArgumentException("filters must name at least one block, but is empty");
        }
        for (int i = 0; i < filters.length; i++) {
            positive("filters #" + i, filters[i]);
        }
        this.filters = filters.clone();
        return this;
    }

    /** Units of the dense layer before the output (default 64). */
    public Cnn dense(int units) {
        this.dense = positive("dense", units);
        return this;
    }

    @Override
    public MultiLayerNetwork build() {
        if (height == 0 || classes == 0) {
            throw new IllegalStateException("image(height, width, channels) and classes(n) must be set before build()");
        }
        int side = Math.min(height, width) >> filters.length;
        if (side < 1) {
            throw new IllegalArgumentException("filters has " + filters.length + " pooling blocks, too many for a "
                    + height + "×" + width + " image: each block halves the size");
        }
        NeuralNetConfiguration.ListBuilder list = base().convolutionMode(ConvolutionMode.Same).list();
        for (int f : filters) {
            list.layer(new ConvolutionLayer.Builder(3, 3).nOut(f).activation(Activation.RELU).build());
            list.layer(new Nd4jPoolingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        }
        list.layer(new DenseLayer.Builder().nOut(dense).activation(Activation.RELU).build());
        list.layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX).build());
        list.setInputType(InputType.convolutionalFlat(height, width, channels));
        return init(new MultiLayerNetwork(list.build()));
    }
}
