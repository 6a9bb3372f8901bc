package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class FeedForwardInferenceTest {

    private static final double TOLERANCE = 1e-5;

    /** A network of the given layers with random parameters (biases included, so that no bias is left at 0). */
    private static MultiLayerNetwork net(int inputs, Layer... layers) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(3)
                .updater(new Adam(1e-2)).list();
        for (Layer l : layers) {
            list.layer(l);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.setInputType(InputType.feedForward(inputs)).build());
        net.init();
        Nd4j.getRandom().setSeed(11);
        net.setParams(Nd4j.randn(DataType.FLOAT, 1, net.numParams()).muli(0.5));
        return net;
    }

    private static DenseLayer dense(int out, Activation a) {
        return new DenseLayer.Builder().nOut(out).activation(a).build();
    }

    private static OutputLayer output(int out, Activation a, LossFunction loss) {
        return new OutputLayer.Builder(loss).nOut(out).activation(a).build();
    }

    private static void assertSame(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        assertEquals(DataType.FLOAT, actual.dataType());
        double diff = Math.abs(expected.sub(actual).maxNumber().doubleValue());
        diff = Math.max(diff, Math.abs(expected.sub(actual).minNumber().doubleValue()));
        assertTrue(diff <= TOLERANCE, "max |net.output - lean| = " + diff);
    }

    private static void assertMatches(MultiLayerNetwork net, int inputs) {
        FeedForwardInference lean = FeedForwardInference.of(net);
        assertEquals(inputs, lean.inputs());
        assertEquals(net.getLayer(net.getnLayers() - 1).getParam("W").size(1), lean.outputs());
        Nd4j.getRandom().setSeed(5);
        for (int batch : new int[] {1, 17, 1, 3}) { // batch 1 after a larger one: buffers are reused
            INDArray x = Nd4j.randn(DataType.FLOAT, batch, inputs);
            INDArray expected = net.output(x);
            assertSame(expected, lean.output(x));
            float[] flat = lean.output(x.data().asFloat());
            assertArrayEquals(expected.data().asFloat(), flat, (float) TOLERANCE);
        }
    }

    @Test
    void sameOutputsAsTheNetworkForEachActivationAndShape() {
        assertMatches(net(5, dense(7, Activation.TANH), dense(3, Activation.SIGMOID),
                output(4, Activation.SOFTMAX, LossFunction.MCXENT)), 5);
        assertMatches(net(6, output(2, Activation.IDENTITY, LossFunction.MSE)), 6);
        assertMatches(net(9, dense(16, Activation.RELU), dense(8, Activation.IDENTITY),
                output(1, Activation.SIGMOID, LossFunction.XENT)), 9);
        assertMatches(net(4, new DenseLayer.Builder().nOut(5).activation(Activation.RELU).hasBias(false).build(),
                new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.TANH).hasBias(false)
                        .build()), 4);
        // the bench's MLP as the library builds it, and with dropout, which inference ignores (as net.output does)
        assertMatches(Mlp.builder().inputs(784).hidden(512, 256).activation(Activation.RELU)
                .output(10, Activation.SOFTMAX, LossFunction.MCXENT).seed(42).build(), 784);
        assertMatches(net(8, new DenseLayer.Builder().nOut(6).activation(Activation.RELU)
                .dropOut(new Dropout(0.5)).build(), output(3, Activation.SOFTMAX, LossFunction.MCXENT)), 8);
    }

    /** An image network on 6×7×2 inputs (flat, as InputType.convolutionalFlat gives them) with random parameters. */
    private static MultiLayerNetwork image(ConvolutionMode mode, Layer... layers) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(3)
                .convolutionMode(mode).updater(new Adam(1e-2)).list();
        for (Layer l : layers) {
            list.layer(l);
        }
        list.layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build());
        list.layer(output(3, Activation.SOFTMAX, LossFunction.MCXENT));
        MultiLayerNetwork net = new MultiLayerNetwork(list.setInputType(InputType.convolutionalFlat(6, 7, 2))
                .build());
        net.init();
        Nd4j.getRandom().setSeed(11);
        net.setParams(Nd4j.randn(DataType.FLOAT, 1, net.numParams()).muli(0.5));
        return net;
    }

    @Test
    void sameOutputsAsTheNetworkForConvolutionsAndPooling() {
        // the library's CNN (Same mode, 3×3 convolutions, Nd4jPoolingLayer); three blocks pool 7 → 4 with padding
        MultiLayerNetwork cnn = Cnn.builder().image(28, 28, 1).classes(10).seed(42).build();
        Nd4j.getRandom().setSeed(2);
        cnn.setParams(Nd4j.randn(DataType.FLOAT, 1, cnn.numParams()).muli(0.2));
        assertMatches(cnn, 784);
        MultiLayerNetwork three = Cnn.builder().image(28, 28, 1).classes(4).filters(3, 4, 5).dense(8).seed(1).build();
        Nd4j.getRandom().setSeed(3);
        three.setParams(Nd4j.randn(DataType.FLOAT, 1, three.numParams()).muli(0.3));
        assertMatches(three, 784);
        // Truncate mode: strided, padded convolutions and overlapping pooling; sigmoid, identity and no bias
        assertMatches(image(ConvolutionMode.Truncate,
                new ConvolutionLayer.Builder(3, 3).stride(2, 1).padding(1, 1).nOut(4).activation(Activation.SIGMOID)
                        .build(),
                new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 3).stride(1, 2).build(),
                new ConvolutionLayer.Builder(2, 2).nOut(3).hasBias(false).activation(Activation.IDENTITY).build()),
                84);
        assertMatches(image(ConvolutionMode.Same,
                new ConvolutionLayer.Builder(5, 3).stride(2, 2).nOut(4).activation(Activation.RELU).build(),
                new Nd4jPoolingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).build()), 84);
    }

    @Test
    void imagesMayComeAsFourDimensionalArrays() {
        MultiLayerNetwork net = image(ConvolutionMode.Same, new ConvolutionLayer.Builder(3, 3).nOut(2)
                .activation(Activation.RELU).build());
        FeedForwardInference lean = FeedForwardInference.of(net);
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, 2, 6, 7);
        assertSame(net.output(x), lean.output(x));
        assertSame(net.output(x), lean.output(x.reshape(3, 84)));
    }

    @Test
    void inputsInAnyLayoutAndTypeGiveTheSameOutputs() {
        MultiLayerNetwork net = net(5, dense(7, Activation.RELU), output(3, Activation.SOFTMAX, LossFunction.MCXENT));
        FeedForwardInference lean = FeedForwardInference.of(net);
        Nd4j.getRandom().setSeed(9);
        INDArray big = Nd4j.randn(DataType.FLOAT, 6, 5);
        INDArray row = big.getRow(4, true); // a view with an offset
        assertSame(net.output(row.dup()), lean.output(row));
        INDArray fOrder = big.dup('f');
        assertSame(net.output(big), lean.output(fOrder));
        assertSame(net.output(big), lean.output(big.castTo(DataType.DOUBLE)));
        assertSame(net.output(big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup()), lean.output(big.get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4), org.nd4j.linalg.indexing.NDArrayIndex.all())));
    }

    @Test
    void trainingTheSourceAfterwardsDoesNotChangeTheCompiledCopy() {
        MultiLayerNetwork net = net(5, dense(7, Activation.TANH), output(3, Activation.SOFTMAX, LossFunction.MCXENT));
        FeedForwardInference lean = FeedForwardInference.of(net);
        Nd4j.getRandom().setSeed(13);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 5);
        INDArray before = net.output(x);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i % 3, 1f);
        }
        for (int i = 0; i < 20; i++) {
            net.fit(new DataSet(x, labels));
        }
        INDArray after = net.output(x);
        assertTrue(Math.abs(after.sub(before).maxNumber().doubleValue()) > 1e-3
                || Math.abs(after.sub(before).minNumber().doubleValue()) > 1e-3, "training changed nothing");
        assertSame(before, lean.output(x));
        assertSame(after, FeedForwardInference.of(net).output(x)); // compiling again picks the new parameters up
    }

    @Test
    void unsupportedLayersAndSettingsAreRefusedNamingTheLayer() {
        IllegalArgumentException avg = assertThrows(IllegalArgumentException.class, () -> FeedForwardInference.of(
                image(ConvolutionMode.Same, new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU)
                        .build(), new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2)
                        .build())));
        assertTrue(avg.getMessage().startsWith("layer 1 (SubsamplingLayer) pools with AVG"), avg.getMessage());
        IllegalArgumentException bn = assertThrows(IllegalArgumentException.class, () -> FeedForwardInference.of(
                net(4, dense(5, Activation.RELU), new BatchNormalization.Builder().name("norm").build(),
                        output(2, Activation.SOFTMAX, LossFunction.MCXENT))));
        assertTrue(bn.getMessage().contains("layer 1 (BatchNormalization 'norm')"), bn.getMessage());
        IllegalArgumentException leaky = assertThrows(IllegalArgumentException.class, () -> FeedForwardInference.of(
                net(4, dense(5, Activation.LEAKYRELU), output(2, Activation.SOFTMAX, LossFunction.MCXENT))));
        assertTrue(leaky.getMessage().startsWith("layer 0 (DenseLayer) has activation"), leaky.getMessage());
        IllegalArgumentException noise = assertThrows(IllegalArgumentException.class, () -> FeedForwardInference.of(
                net(4, dense(5, Activation.RELU), new OutputLayer.Builder(LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).weightNoise(new DropConnect(0.5)).build())));
        assertTrue(noise.getMessage().startsWith("layer 1 (OutputLayer) has weight noise"), noise.getMessage());
        IllegalArgumentException norm = assertThrows(IllegalArgumentException.class, () -> FeedForwardInference.of(
                net(4, new DenseLayer.Builder().nOut(5).hasLayerNorm(true).build(),
                        output(2, Activation.SOFTMAX, LossFunction.MCXENT))));
        assertTrue(norm.getMessage().startsWith("layer 0 (DenseLayer) has layer normalisation"), norm.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> FeedForwardInference.of(net(4, output(2, Activation.IDENTITY, LossFunction.MSE)))
                        .output(Nd4j.zeros(DataType.FLOAT, 1, 5)));
        assertTrue(shape.getMessage().contains("[examples, 4]"), shape.getMessage());
    }

    @Test
    void sharedBetweenThreadsItGivesEachCallerItsOwnResult() throws Exception {
        MultiLayerNetwork net = net(20, dense(32, Activation.RELU), output(5, Activation.SOFTMAX,
                LossFunction.MCXENT));
        FeedForwardInference lean = FeedForwardInference.of(net);
        List<INDArray> inputs = new ArrayList<>();
        List<INDArray> expected = new ArrayList<>();
        Nd4j.getRandom().setSeed(17);
        for (int i = 0; i < 8; i++) {
            INDArray x = Nd4j.randn(DataType.FLOAT, 1 + i % 3, 20);
            inputs.add(x);
            expected.add(net.output(x));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                done.add(pool.submit(() -> {
                    for (int k = 0; k < 200; k++) {
                        int i = (k + offset) % inputs.size();
                        assertSame(expected.get(i), lean.output(inputs.get(i)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
