package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class InferenceProfileTest {

    private static MultiLayerNetwork mlp(int hidden) {
        return Mlp.builder().inputs(64).hidden(hidden).output(10, Activation.SOFTMAX, LossFunction.MCXENT).seed(1)
                .build();
    }

    @Test
    void measuresSizeMemoryAndTime() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 50, 64);
        InferenceProfile small = InferenceProfile.measure(mlp(8), InputType.feedForward(64), x, 32, 5);
        InferenceProfile large = InferenceProfile.measure(mlp(256), InputType.feedForward(64), x, 32, 5);
        assertEquals(64 * 8 + 8 + 8 * 10 + 10, small.params());
        assertEquals(small.params() * 4, small.parameterBytes());
        // the saved file holds the weights (and a JSON configuration): larger than the raw floats
        assertTrue(small.serializedBytes() > small.parameterBytes());
        assertTrue(large.serializedBytes() > small.serializedBytes() + 4 * (large.params() - small.params()) / 2);
        // inference memory covers at least the parameters and grows with the batch
        assertTrue(large.inferenceMemoryBytes() >= large.parameterBytes());
        InferenceProfile largeBatch = InferenceProfile.measure(mlp(256), InputType.feedForward(64), x, 48, 3);
        assertTrue(largeBatch.inferenceMemoryBytes() > large.inferenceMemoryBytes());
        assertTrue(small.secondsPerBatch() > 0);
        assertEquals(small.secondsPerBatch() / 32, small.secondsPerExample(), 1e-15);
        assertEquals(32 / small.secondsPerBatch(), small.examplesPerSecond(), 1e-6);
        assertEquals(5, small.repeats());
        assertTrue(small.fastestSecondsPerBatch() > 0 && small.fastestSecondsPerBatch() <= small.secondsPerBatch());
        assertEquals(32 / small.fastestSecondsPerBatch(), small.bestExamplesPerSecond(), 1e-6);
    }

    @Test
    void rejectsBadArguments() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 10, 64);
        assertEquals("examples has 10 rows, fewer than batchSize 32; pass more examples or a smaller batch",
                assertThrows(IllegalArgumentException.class, () -> InferenceProfile.measure(mlp(4),
                        InputType.feedForward(64), x, 32, 5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> InferenceProfile.measure(mlp(4),
                InputType.feedForward(64), x, 5, 0));
    }
}
