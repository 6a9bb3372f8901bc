package org.dlnotes.models;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What running a trained network costs: its size (parameters, bytes as 32-bit floats, bytes of its saved file), the
 * memory DL4J estimates for inference on a batch (parameters plus activations and working memory, from the
 * configuration's {@code MemoryReport}), and the measured time of one forward pass over repeated runs after a
 * warm-up: the median (typical) and the fastest (the least disturbed by other work on a shared machine, since
 * interference only adds time).
 *
 * <pre>{@code
 * InferenceProfile p = InferenceProfile.measure(net, InputType.convolutionalFlat(28, 28, 1), test.features(), 256, 20);
 * double perSecond = p.examplesPerSecond();
 * }</pre>
 *
 * @param params               number of parameters
 * @param parameterBytes       parameters × 4 (32-bit floats)
 * @param serializedBytes      size of the network saved by {@code ModelSerializer} without updater state
 * @param inferenceMemoryBytes DL4J's estimate of the memory for inference on one batch of {@code batchSize}
 * @param batchSize            examples per forward pass
 * @param secondsPerBatch      median wall-clock seconds of one forward pass
 * @param fastestSecondsPerBatch the fastest of the timed forward passes
 * @param repeats              timed forward passes
 */
public record InferenceProfile(long params, long parameterBytes, long serializedBytes, long inferenceMemoryBytes,
        int batchSize, double secondsPerBatch, double fastestSecondsPerBatch, int repeats) {

    /** Forward passes run before timing, so that class loading and first-call allocations are not counted. */
    public static final int WARM_UP = 3;

    /**
     * Profiles {@code net} on the first {@code batchSize} rows of {@code examples}.
     *
     * @param input the network's input type, for the memory estimate (e.g. {@code InputType.feedForward(784)})
     * @throws IllegalArgumentException if batchSize or repeats is &lt; 1, or examples has fewer rows than batchSize
     */
    public static InferenceProfile measure(MultiLayerNetwork net, InputType input, INDArray examples, int batchSize,
            int repeats) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(examples, "examples");
        if (batchSize < 1 || repeats < 1) {
            throw new IllegalArgumentException("batchSize and repeats must be >= 1, but are " + batchSize + " and "
                    + repeats);
        }
        if (examples.rows() < batchSize) {
            throw new IllegalArgumentException("examples has " + examples.rows() + " rows, fewer than batchSize "
                    + batchSize + "; pass more examples or a smaller batch");
        }
        INDArray batch = examples.get(NDArrayIndex.interval(0, batchSize), NDArrayIndex.all()).dup();
        for (int i = 0; i < WARM_UP; i++) {
            net.output(batch, false);
        }
        double[] seconds = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            net.output(batch, false);
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        double median = repeats % 2 == 1 ? seconds[repeats / 2]
                : (seconds[repeats / 2 - 1] + seconds[repeats / 2]) / 2;
        long memory = net.getLayerWiseConfigurations().getMemoryReport(input)
                .getTotalMemoryBytes(batchSize, MemoryUseMode.INFERENCE, CacheMode.NONE, DataType.FLOAT);
        return new InferenceProfile(net.numParams(), net.numParams() * 4L, serializedSize(net), memory, batchSize,
                median, seconds[0], repeats);
    }

    /** Median seconds per example: {@code secondsPerBatch / batchSize}. */
    public double secondsPerExample() {
        return secondsPerBatch / batchSize;
    }

    /** Examples per second at this batch size, from the median: {@code batchSize / secondsPerBatch}. */
    public double examplesPerSecond() {
        return batchSize / secondsPerBatch;
    }

    /** Examples per second at this batch size in the fastest pass: {@code batchSize / fastestSecondsPerBatch}. */
    public double bestExamplesPerSecond() {
        return batchSize / fastestSecondsPerBatch;
    }

    private static long serializedSize(MultiLayerNetwork net) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(net, bytes, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "InferenceProfile[%,d params, %,d bytes saved, %,d bytes for inference at "
                + "batch %d, %.3g ms per batch, %.3g µs per example]", params, serializedBytes, inferenceMemoryBytes,
                batchSize, secondsPerBatch * 1e3, secondsPerExample() * 1e6);
    }
}
