package org.dlnotes.compress;

import java.util.Arrays;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link Quantization#quantize} returns: the dequantised copy of the network, the quantised tensors by
 * parameter key, the largest rounding error of each, and the storage sizes before and after.
 *
 * @param network a copy of the original network holding the dequantised weights (biases unchanged)
 * @param tensors the quantised weight tensors by parameter key ({@code "0_W"}, …)
 * @param maxErrors the largest {@code |dequantised − original|} of each quantised tensor
 * @param float32Bytes bytes of all parameters at 4 bytes each
 * @param quantizedBytes bytes of the quantised tensors ({@link QuantizedTensor#storageBytes()}) plus 4 per other
 *     parameter
 */
public record QuantizedNetwork(MultiLayerNetwork network, Map<String, QuantizedTensor> tensors,
                               Map<String, Double> maxErrors, long float32Bytes, long quantizedBytes) {

    /** Copies the maps. */
    public QuantizedNetwork {
        tensors = Map.copyOf(tensors);
        maxErrors = Map.copyOf(maxErrors);
    }

    /** {@code float32Bytes / quantizedBytes}. */
    public double compressionRatio() {
        return (double) float32Bytes / quantizedBytes;
    }

    /** The largest rounding error over all quantised tensors. */
    public double maxError() {
        return maxErrors.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** Whether every tensor's largest error is within its bound {@link QuantizedTensor#errorBound()} (plus 1e-6 relative). */
    public boolean withinBounds() {
        return tensors.entrySet().stream().allMatch(e -> maxErrors.get(e.getKey())
                <= e.getValue().errorBound() * (1 + 1e-6) + 1e-12);
    }

    /** One row per quantised tensor: shape, scales, bytes before and after, largest error and its bound. */
    public Table table() {
        StringColumn key = StringColumn.create("parameter");
        StringColumn shape = StringColumn.create("shape");
        LongColumn scales = LongColumn.create("scales");
        LongColumn before = LongColumn.create("float32 bytes");
        LongColumn after = LongColumn.create("quantised bytes");
        DoubleColumn error = DoubleColumn.create("max |error|");
        DoubleColumn bound = DoubleColumn.create("bound scale/2");
        tensors.keySet().stream().sorted().forEach(k -> {
            QuantizedTensor q = tensors.get(k);
            key.append(k);
            shape.append(Arrays.toString(q.shape()));
            scales.append(q.scales().length);
            before.append(4 * q.length());
            after.append(q.storageBytes());
            error.append(maxErrors.get(k));
            bound.append(q.errorBound());
        });
        QuantizedTensor any = tensors.values().iterator().next();
        return Table.create(any.bits() + "-bit " + any.scheme().name().toLowerCase() + " weights, "
                + (any.axis() < 0 ? "per tensor" : "per channel"))
                .addColumns(key, shape, scales, before, after, error, bound);
    }
}
