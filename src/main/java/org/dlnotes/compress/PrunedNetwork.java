package org.dlnotes.compress;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link Pruning#magnitude} returns: a pruned copy of the network and the 0/1 mask of each weight matrix.
 * Training the copy would revive pruned weights; {@link #keepPruned()} adds a listener that multiplies the weights
 * by their masks after every update, so fine-tuning keeps the sparsity.
 */
public final class PrunedNetwork {

    private final MultiLayerNetwork network;
    private final Map<String, INDArray> masks;
    private boolean listening;

    PrunedNetwork(MultiLayerNetwork network, Map<String, INDArray> masks) {
        this.network = network;
        this.masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
    }

    /** The pruned network (a copy; the original is unchanged). */
    public MultiLayerNetwork network() {
        return network;
    }

    /** 1 where a weight is kept, 0 where it was pruned, by parameter key, in the parameter's shape. */
    public Map<String, INDArray> masks() {
        return masks;
    }

    /** Sets every pruned weight of {@link #network()} to zero again. */
    public void applyMasks() {
        masks.forEach((k, mask) -> network.getParam(k).muli(mask));
    }

    /**
     * Re-applies the masks after every training iteration of {@link #network()} from now on (a DL4J training
     * listener); calling it again adds nothing.
     *
     * @return this, for chaining
     */
    public PrunedNetwork keepPruned() {
        if (!listening) {
            network.addListeners(new BaseTrainingListener() {
                @Override
                public void iterationDone(Model model, int iteration, int epoch) {
                    applyMasks();
                }
            });
            listening = true;
        }
        return this;
    }

    /** Number of weights in the weight matrices. */
    public long weights() {
        return masks.values().stream().mapToLong(INDArray::length).sum();
    }

    /** Number of weights pruned (mask 0). */
    public long pruned() {
        return masks.values().stream().mapToLong(m -> m.length() - m.castTo(DataType.DOUBLE).sumNumber().longValue()).sum();
    }

    /** {@code pruned() / weights()}: the fraction of weights the masks remove. */
    public double sparsity() {
        return (double) pruned() / weights();
    }

    /** Bytes of all parameters as dense float32. */
    public long denseBytes() {
        return 4 * network.numParams();
    }

    /**
     * Bytes in a simple sparse format: each weight matrix as a bitmap of kept positions (one bit per weight) and
     * its kept values as float32; the other parameters (biases) dense.
     */
    public long sparseBytes() {
        long kept = weights() - pruned();
        long others = network.numParams() - weights();
        long bitmaps = masks.values().stream().mapToLong(m -> (m.length() + 7) / 8).sum();
        return 4 * kept + bitmaps + 4 * others;
    }

    /** One row per weight matrix: weights, pruned, sparsity. */
    public Table table() {
        StringColumn key = StringColumn.create("parameter");
        LongColumn total = LongColumn.create("weights");
        LongColumn zero = LongColumn.create("pruned");
        DoubleColumn fraction = DoubleColumn.create("sparsity");
        masks.forEach((k, m) -> {
            long pruned = m.length() - m.castTo(DataType.DOUBLE).sumNumber().longValue();
            key.append(k);
            total.append(m.length());
            zero.append(pruned);
            fraction.append((double) pruned / m.length());
        });
        return Table.create("pruned weights").addColumns(key, total, zero, fraction);
    }
}
