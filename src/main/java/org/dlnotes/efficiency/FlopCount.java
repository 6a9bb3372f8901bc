package org.dlnotes.efficiency;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Multiply-add operations of one example through a feed-forward network, counted layer by layer from the shapes
 * of a real forward pass: a dense (or output) layer costs {@code 2·n_in·n_out} FLOPs, a convolution
 * {@code 2·k_h·k_w·c_in·c_out·h_out·w_out}; pooling, activations and biases are left out (they are not matrix
 * products and cost little). A training step costs about three forward passes (the backward pass computes two
 * products per layer: the gradient of the input and of the weights), which for a network whose every weight is used
 * once per example is the {@code 6·N} per example of {@code Compute.trainingFlops}.
 *
 * <pre>{@code
 * FlopCount count = FlopCount.of(net);
 * count.forwardFlops();  count.trainingFlops();  count.table();
 * }</pre>
 *
 * @param layers one entry per layer, in order
 */
public record FlopCount(List<LayerFlops> layers) {

    /**
     * One layer.
     *
     * @param index position in the network
     * @param type layer class, e.g. {@code DenseLayer}
     * @param parameters weights and biases of the layer
     * @param forwardFlops multiply-add FLOPs of one example through the layer
     */
    public record LayerFlops(int index, String type, long parameters, long forwardFlops) {
    }

    /** Copies the list. */
    public FlopCount {
        layers = List.copyOf(layers);
    }

    /**
     * Counts the FLOPs of {@code net} by passing one example (zeros of the input shape {@code inputShape} without the
     * batch dimension, e.g. {@code 784} or {@code 1, 28, 28}) through it.
     *
     * @throws IllegalArgumentException for a layer with parameters that is neither dense nor a convolution
     */
    public static FlopCount of(MultiLayerNetwork net, long... inputShape) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(inputShape, "inputShape");
        if (inputShape.length == 0) {
            throw new IllegalArgumentException("inputShape must name the input's size without the batch, e.g. 784,"
                    + " but is empty");
        }
        long[] shape = new long[inputShape.length + 1];
        shape[0] = 1;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        INDArray x = Nd4j.zeros(net.getLayerWiseConfigurations().getDataType() == null ? DataType.FLOAT
                : net.getLayerWiseConfigurations().getDataType(), shape);
        List<INDArray> activations = net.feedForward(x, false);
        List<LayerFlops> rows = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = unwrap(net.getLayerWiseConfigurations().getConf(i).getLayer());
            long params = net.getLayer(i).numParams();
            INDArray out = activations.get(i + 1);
            long flops;
            if (layer instanceof ConvolutionLayer conv) {
                long[] k = toLong(conv.getKernelSize());
                long outPositions = out.length() / out.size(0) / conv.getNOut();
                flops = 2L * k[0] * k[1] * conv.getNIn() * conv.getNOut() * outPositions;
            } else if (layer instanceof FeedForwardLayer ff && params > 0) {
                if (!isDense(layer)) {
                    throw new IllegalArgumentException("layer " + i + " (" + layer.getClass().getSimpleName()
                            + ") is not supported: FlopCount counts dense, output and convolution layers");
                }
                flops = 2L * ff.getNIn() * ff.getNOut();
            } else if (params > 0) {
                throw new IllegalArgumentException("layer " + i + " (" + layer.getClass().getSimpleName()
                        + ") is not supported: FlopCount counts dense, output and convolution layers");
            } else {
                flops = 0;
            }
            rows.add(new LayerFlops(i, layer.getClass().getSimpleName(), params, flops));
        }
        return new FlopCount(rows);
    }

    private static boolean isDense(Layer layer) {
        String name = layer.getClass().getSimpleName();
        return name.equals("DenseLayer") || name.equals("OutputLayer");
    }

    private static long[] toLong(int[] values) {
        return new long[] {values[0], values[1]};
    }

    private static Layer unwrap(Layer layer) {
        while (layer instanceof FrozenLayer || layer instanceof BaseWrapperLayer) {
            layer = layer instanceof FrozenLayer f ? f.getLayer() : ((BaseWrapperLayer) layer).getUnderlying();
        }
        return layer;
    }

    /** Parameters of all layers. */
    public long parameters() {
        return layers.stream().mapToLong(LayerFlops::parameters).sum();
    }

    /** FLOPs of one example's forward pass. */
    public long forwardFlops() {
        return layers.stream().mapToLong(LayerFlops::forwardFlops).sum();
    }

    /** FLOPs of one example's training step: forward plus backward, {@code 3 × forwardFlops()}. */
    public long trainingFlops() {
        return 3 * forwardFlops();
    }

    /**
     * How many times each weight is used per example on average: {@code forwardFlops / (2·parameters)}; about 1 for
     * dense networks (so {@code 6·N} per example holds), far more for convolutions, which reuse a filter at every
     * position.
     */
    public double reuse() {
        return forwardFlops() / (2.0 * parameters());
    }

    /** One row per layer: index, type, parameters, forward FLOPs, training FLOPs. */
    public Table table() {
        return Table.create("FLOPs per example",
                IntColumn.create("layer", layers.stream().mapToInt(LayerFlops::index).toArray()),
                StringColumn.create("type", layers.stream().map(LayerFlops::type).toList()),
                LongColumn.create("params", layers.stream().mapToLong(LayerFlops::parameters).toArray()),
                LongColumn.create("forward_flops", layers.stream().mapToLong(LayerFlops::forwardFlops).toArray()),
                LongColumn.create("training_flops", layers.stream().mapToLong(l -> 3 * l.forwardFlops()).toArray()));
    }
}
