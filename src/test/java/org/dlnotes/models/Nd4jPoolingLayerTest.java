package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class Nd4jPoolingLayerTest {

    private static MultiLayerNetwork net(SubsamplingLayer pooling) {
        CpuHelpers.enableByDefault();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(1e-2))
                .convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(pooling)
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet batch() {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 12, 64);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 12, 3);
        for (int i = 0; i < 12; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        return new DataSet(x, y);
    }

    @Test
    void computesWhatDl4jsPoolingComputesForMaxAndAverage() {
        for (PoolingType type : new PoolingType[] {PoolingType.MAX, PoolingType.AVG}) {
            MultiLayerNetwork dl4j = net(new SubsamplingLayer.Builder(type).kernelSize(2, 2).stride(2, 2).build());
            MultiLayerNetwork ours = net(new Nd4jPoolingLayer.Builder(type).kernelSize(2, 2).stride(2, 2).build());
            assertInstanceOf(Nd4jPoolingLayer.Impl.class, ours.getLayer(1));
            assertEquals(dl4j.params(), ours.params(), "same seed, same weights");
            DataSet batch = batch();
            assertTrue(dl4j.output(batch.getFeatures()).equalsWithEps(ours.output(batch.getFeatures()), 1e-6), type
                    + ": inference agrees");
            for (int i = 0; i < 5; i++) {
                dl4j.fit(batch);
                ours.fit(batch);
            }
            assertTrue(dl4j.params().equalsWithEps(ours.params(), 1e-5), type + ": parameters after 5 steps agree");
            assertTrue(Nd4j.getEnvironment().helpersAllowed(), "ND4J's helpers are back on after training");
        }
    }

    @Test
    void survivesJsonAndTheModelFile() throws Exception {
        MultiLayerNetwork net = net(new Nd4jPoolingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                .build());
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        assertInstanceOf(Nd4jPoolingLayer.class, back.getConf(1).getLayer());
        assertEquals(net.getLayerWiseConfigurations(), back);

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(
                file.toByteArray()), true);
        assertInstanceOf(Nd4jPoolingLayer.Impl.class, restored.getLayer(1));
        INDArray x = batch().getFeatures();
        assertEquals(net.output(x), restored.output(x));
    }

    @Test
    void switchesNd4jsHelpersOffOnlyWhilePooling() {
        assertTrue(Nd4j.getEnvironment().helpersAllowed());
        assertFalse(Nd4jPoolingLayer.withoutPlatformHelpers(() -> Nd4j.getEnvironment().helpersAllowed()));
        assertTrue(Nd4j.getEnvironment().helpersAllowed());
        assertThrows(IllegalStateException.class, () -> Nd4jPoolingLayer.withoutPlatformHelpers(() -> {
            throw new IllegalStateException("pooling failed");
        }));
        assertTrue(Nd4j.getEnvironment().helpersAllowed(), "a failed pooling call still switches them back on");

        Nd4j.getEnvironment().allowHelpers(false);
        try {
            Nd4jPoolingLayer.withoutPlatformHelpers(() -> 0);
            assertFalse(Nd4j.getEnvironment().helpersAllowed(), "a user's choice of no helpers is kept");
        } finally {
            Nd4j.getEnvironment().allowHelpers(true);
        }
    }

    @Test
    void overlappingPoolingOnTwoThreadsLeavesTheHelpersOn() throws Exception {
        // Thread a switches the helpers off, b enters while they are off, a leaves first: a naive save-and-restore
        // in b would then restore "off" for good.
        CountDownLatch aIn = new CountDownLatch(1);
        CountDownLatch bIn = new CountDownLatch(1);
        CountDownLatch aOut = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> a = pool.submit(() -> Nd4jPoolingLayer.withoutPlatformHelpers(() -> {
                aIn.countDown();
                await(bIn);
                return Nd4j.getEnvironment().helpersAllowed();
            }));
            Future<Boolean> b = pool.submit(() -> {
                await(aIn);
                return Nd4jPoolingLayer.withoutPlatformHelpers(() -> {
                    bIn.countDown();
                    await(aOut);
                    return Nd4j.getEnvironment().helpersAllowed();
                });
            });
            assertFalse(a.get(30, TimeUnit.SECONDS));
            assertFalse(Nd4j.getEnvironment().helpersAllowed(), "b still pools");
            aOut.countDown();
            assertFalse(b.get(30, TimeUnit.SECONDS));
            assertTrue(Nd4j.getEnvironment().helpersAllowed());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keepsDl4jsChecksOfTheConfiguration() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Nd4jPoolingLayer.Builder(PoolingType.PNORM).kernelSize(2, 2).build());
        assertTrue(e.getMessage().contains("p-norm"), e.getMessage());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
