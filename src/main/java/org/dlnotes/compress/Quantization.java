package org.dlnotes.compress;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Post-training weight quantisation of a DL4J network: every weight matrix ({@code W} of dense, output and
 * convolution layers, and {@code RW} of recurrent ones) becomes {@code bits}-bit codes; biases and other parameters
 * stay float32, as in int8 inference engines (which keep biases at higher precision). The result holds a
 * <em>dequantised</em> copy of the network, so its accuracy can be measured with the usual code: it computes in
 * float32 with exactly the values the codes stand for.
 *
 * <pre>{@code
 * QuantizedNetwork q = Quantization.quantize(net, QuantScheme.SYMMETRIC, Granularity.PER_CHANNEL, 8);
 * double acc = Classification.accuracy(test.labels(), q.network().output(test.features()));
 * q.compressionRatio();   // ≈ 4 for int8
 * }</pre>
 */
public final class Quantization {

    private Quantization() {
    }

    /**
     * Quantises the weights of a copy of {@code net}; {@code net} itself is not changed.
     *
     * @throws IllegalArgumentException for bits outside [2, 8], or a network without weight matrices
     */
    public static QuantizedNetwork quantize(MultiLayerNetwork net, QuantScheme scheme, Granularity granularity,
                                            int bits) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(granularity, "granularity");
        if (bits < 2 || bits > 8) {
            throw new IllegalArgumentException("bits must be in [2, 8], but is " + bits);
        }
        MultiLayerNetwork copy = net.clone();
        Map<String, QuantizedTensor> tensors = new LinkedHashMap<>();
        Map<String, Double> errors = new LinkedHashMap<>();
        long float32Bytes = 0;
        long quantizedBytes = 0;
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            INDArray value = e.getValue();
            float32Bytes += 4 * value.length();
            if (!isWeight(e.getKey())) {
                quantizedBytes += 4 * value.length();
                continue;
            }
            int axis = granularity == Granularity.PER_TENSOR ? -1 : channelAxis(value);
            QuantizedTensor q = QuantizedTensor.quantize(value, scheme, bits, axis);
            INDArray back = q.dequantize();
            copy.setParam(e.getKey(), back);
            tensors.put(e.getKey(), q);
            errors.put(e.getKey(), Transforms.abs(back.castTo(value.dataType()).sub(value.dup('c')))
                    .maxNumber().doubleValue());
            quantizedBytes += q.storageBytes();
        }
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("net has no weight matrices (parameters named W or RW) to quantise; its"
                    + " parameters are " + net.paramTable().keySet());
        }
        return new QuantizedNetwork(copy, tensors, errors, float32Bytes, quantizedBytes);
    }

    /** Whether a parameter key ({@code "0_W"}, {@code "1_b"}, …) names a weight matrix that gets quantised. */
    static boolean isWeight(String key) {
        String name = key.substring(key.indexOf('_') + 1);
        return name.equals("W") || name.equals("RW");
    }

    /** Output channel: the columns of a dense {@code [nIn, nOut]}, the filters of a convolution {@code [nOut, …]}. */
    static int channelAxis(INDArray weights) {
        return weights.rank() == 2 ? 1 : 0;
    }
}
