package org.dlnotes.compress;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.LabelledData;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

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
     * Quantises {@code net} with every scheme and granularity ({@code symmetric, per tensor}, {@code symmetric, per
     * channel}, {@code affine, per tensor}, {@code affine, per channel}) and evaluates each dequantised copy on
     * {@code test}: bytes, compression ratio, test accuracy, accuracy drop against {@code net}, largest weight error,
     * the share of test examples predicted as {@code net} predicts them, and whether every error is within its bound.
     * Scores print with 4 decimals.
     *
     * @throws IllegalArgumentException as {@link #quantize}
     */
    public static Table compare(MultiLayerNetwork net, LabelledData test, int bits) {
        Objects.requireNonNull(test, "test");
        INDArray x = test.features();
        INDArray reference = net.output(x).argMax(1);
        double referenceAccuracy = accuracy(test, reference);
        StringColumn name = StringColumn.create(bits + "-bit weights");
        LongColumn bytes = LongColumn.create("bytes");
        DoubleColumn ratio = DoubleColumn.create("float32 / quantised size");
        DoubleColumn accuracy = DoubleColumn.create("test accuracy");
        DoubleColumn drop = DoubleColumn.create("accuracy drop");
        DoubleColumn error = DoubleColumn.create("max |weight error|");
        DoubleColumn agreement = DoubleColumn.create("same prediction as float32");
        BooleanColumn withinBound = BooleanColumn.create("within bound");
        for (QuantScheme scheme : QuantScheme.values()) {
            for (Granularity granularity : Granularity.values()) {
                QuantizedNetwork q = quantize(net, scheme, granularity, bits);
                INDArray predicted = q.network().output(x).argMax(1);
                double acc = accuracy(test, predicted);
                name.append(label(scheme, granularity));
                bytes.append(q.quantizedBytes());
                ratio.append(q.compressionRatio());
                accuracy.append(acc);
                drop.append(referenceAccuracy - acc);
                error.append(q.maxError());
                agreement.append(predicted.eq(reference).castTo(DataType.DOUBLE).meanNumber().doubleValue());
                withinBound.append(q.withinBounds());
            }
        }
        for (DoubleColumn c : new DoubleColumn[] {ratio, accuracy, drop, agreement}) {
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        }
        error.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(6));
        return Table.create(String.format(java.util.Locale.ROOT, "%d-bit weight quantisation (float32: %d bytes, test "
                + "accuracy %.4f)", bits, 4 * net.numParams(), referenceAccuracy))
                .addColumns(name, bytes, ratio, accuracy, drop, error, agreement, withinBound);
    }

    /** A readable name of a scheme and granularity, e.g. {@code "symmetric, per channel"}. */
    public static String label(QuantScheme scheme, Granularity granularity) {
        return scheme.name().toLowerCase() + ", " + granularity.name().toLowerCase().replace('_', ' ');
    }

    private static double accuracy(LabelledData test, INDArray predicted) {
        int[] truth = test.labelIndices();
        long[] p = predicted.toLongVector();
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += truth[i] == p[i] ? 1 : 0;
        }
        return (double) right / truth.length;
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
