package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

class FeedForwardTrainingTest {

    /** |lean − DL4J| ≤ ABS + REL·|DL4J| for every parameter, updater state value and score. */
    private static final double ABS = 1e-6;
    private static final double REL = 1e-5;
    private static final int STEPS = 30;
    /**
     * Ten times looser for convolutions: DL4J computes them in oneDNN (or libnd4j's im2col and gemm, depending on the
     * ND4J build) and sums hundreds of products per output and thousands per weight gradient in another order than
     * FeedForwardTraining; Adam's division by √v magnifies that rounding on small gradients. At the dense tolerance
     * the library's CNN reaches 0.64 of it on the oneDNN build; a wrong gradient is off by orders of magnitude.
     */
    private static final double CNN_ABS = 1e-5;
    private static final double CNN_REL = 1e-4;

    private static MultiLayerNetwork net(IUpdater updater, int inputs, Layer... layers) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(7).updater(updater).list();
        for (Layer l : layers) {
            list.layer(l);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.setInputType(
                org.deeplearning4j.nn.conf.inputs.InputType.feedForward(inputs)).build());
        net.init();
        return net;
    }

    private static DenseLayer dense(int out, Activation a) {
        return new DenseLayer.Builder().nOut(out).activation(a).build();
    }

    private static OutputLayer output(int out, Activation a, LossFunction loss) {
        return new OutputLayer.Builder(loss).nOut(out).activation(a).build();
    }

    /** Batches of the given sizes: uniform features, one-hot labels (classification) or normal targets. */
    private static List<DataSet> batches(int inputs, int outputs, boolean oneHot, int... sizes) {
        Nd4j.getRandom().setSeed(3);
        Random random = new Random(5);
        List<DataSet> data = new ArrayList<>();
        for (int n : sizes) {
            INDArray y;
            if (oneHot) {
                y = Nd4j.zeros(DataType.FLOAT, n, outputs);
                for (int r = 0; r < n; r++) {
                    y.putScalar(r, random.nextInt(outputs), 1f);
                }
            } else {
                y = Nd4j.randn(DataType.FLOAT, n, outputs);
            }
            data.add(new DataSet(Nd4j.rand(DataType.FLOAT, n, inputs).subi(0.5).muli(4), y));
        }
        return data;
    }

    /** Largest |a − b| / (abs + rel·|b|); at most 1 passes. */
    private static double worst(INDArray a, INDArray b, double abs, double rel) {
        float[] x = a.dup().data().asFloat();
        float[] y = b.dup().data().asFloat();
        assertEquals(y.length, x.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(x[i] - y[i]) / (abs + rel * Math.abs(y[i])));
        }
        return worst;
    }

    private static void assertSameState(MultiLayerNetwork dl4j, MultiLayerNetwork lean, String when, double abs,
            double rel) {
        double p = worst(lean.params(), dl4j.params(), abs, rel);
        assertTrue(p <= 1, when + ": parameters differ by " + p + " × the tolerance");
        INDArray s = dl4j.getUpdater().getStateViewArray();
        if (s != null) {
            double u = worst(lean.getUpdater().getStateViewArray(), s, abs, rel);
            assertTrue(u <= 1, when + ": updater state differs by " + u + " × the tolerance");
        }
        assertEquals(dl4j.getIterationCount(), lean.getIterationCount(), when + ": iteration count");
        assertEquals(dl4j.score(), lean.score(), abs + rel * Math.abs(dl4j.score()), when + ": score");
        System.out.printf("%s: params %.3f, state %.3f × tolerance, score %.3g vs %.3g%n", when, p,
                s == null ? 0 : worst(lean.getUpdater().getStateViewArray(), s, abs, rel), lean.score(), dl4j.score());
    }

    /**
     * Two identical networks, one trained by net.fit and one by the lean step for STEPS batches (a smaller last
     * batch among them), then both by net.fit, then the second by the same lean instance again: equal throughout.
     */
    private static void assertTrainsLikeDl4j(Supplier<MultiLayerNetwork> factory, List<DataSet> data) {
        assertTrainsLikeDl4j(factory, data, ABS, REL);
    }

    /** As {@link #assertTrainsLikeDl4j(Supplier, List)}, within |lean − DL4J| ≤ abs + rel·|DL4J|. */
    private static void assertTrainsLikeDl4j(Supplier<MultiLayerNetwork> factory, List<DataSet> data, double abs,
            double rel) {
        MultiLayerNetwork dl4j = factory.get();
        MultiLayerNetwork lean = factory.get();
        assertEquals(dl4j.params(), lean.params());
        FeedForwardTraining step = FeedForwardTraining.of(lean);
        List<Integer> seen = new ArrayList<>();
        lean.addListeners(new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                seen.add(iteration);
            }
        });
        for (int i = 0; i < STEPS; i++) {
            DataSet batch = data.get(i % data.size());
            dl4j.fit(batch);
            double loss = step.fit(batch);
            assertEquals(dl4j.score(), loss, abs + rel * Math.abs(dl4j.score()), "loss of step " + i);
            assertEquals(loss, lean.score());
        }
        assertEquals(STEPS, seen.size());
        assertEquals(0, seen.get(0));
        assertEquals(STEPS - 1, seen.get(STEPS - 1));
        assertSameState(dl4j, lean, STEPS + " steps", abs, rel);
        for (int i = 0; i < 5; i++) {
            dl4j.fit(data.get(i % data.size()));
            lean.fit(data.get(i % data.size()));
        }
        assertSameState(dl4j, lean, "then 5 net.fit steps", abs, rel);
        for (int i = 0; i < 5; i++) {
            dl4j.fit(data.get(i % data.size()));
            step.fit(data.get(i % data.size()));
        }
        assertSameState(dl4j, lean, "then 5 lean steps", abs, rel);
        INDArray x = data.get(0).getFeatures();
        assertTrue(worst(lean.output(x), dl4j.output(x), abs, rel) <= 1, "net.output after training");
    }

    @Test
    void reluSoftmaxAdamAsTheBench() {
        assertTrainsLikeDl4j(() -> net(new Adam(1e-3), 4, dense(16, Activation.RELU),
                output(3, Activation.SOFTMAX, LossFunction.MCXENT)), batches(4, 3, true, 16, 16, 16, 7));
    }

    /** net.init(params, false) with a view into a larger array: the network's parameters start at an offset. */
    @Test
    void parametersInAViewOfALargerArray() {
        assertTrainsLikeDl4j(() -> {
            MultiLayerNetwork built = net(new Adam(1e-3), 4, dense(16, Activation.RELU),
                    output(3, Activation.SOFTMAX, LossFunction.MCXENT));
            long n = built.numParams();
            INDArray larger = Nd4j.zeros(DataType.FLOAT, n + 7);
            INDArray view = larger.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(7, n + 7));
            view.assign(built.params());
            MultiLayerNetwork net = new MultiLayerNetwork(built.getLayerWiseConfigurations().clone());
            net.init(view, false);
            assertEquals(7, net.params().offset(), "the parameters are a view at offset 7");
            return net;
        }, batches(4, 3, true, 16, 16, 16, 7));
    }

    @Test
    void largerReluNetworkWithSeveralUpdaterChunks() {
        assertTrainsLikeDl4j(() -> net(new Adam(5e-3), 20, dense(64, Activation.RELU), dense(32, Activation.RELU),
                output(10, Activation.SOFTMAX, LossFunction.MCXENT)), batches(20, 10, true, 32, 32, 5));
    }

    @Test
    void tanhSigmoidNegativeLogLikelihoodNesterovs() {
        assertTrainsLikeDl4j(() -> net(new Nesterovs(0.05, 0.9), 6, dense(12, Activation.TANH),
                dense(8, Activation.SIGMOID), output(4, Activation.SOFTMAX, LossFunction.NEGATIVELOGLIKELIHOOD)),
                batches(6, 4, true, 10, 10, 3));
    }

    @Test
    void identityMseSgdWithoutBias() {
        assertTrainsLikeDl4j(() -> net(new Sgd(0.05), 5, new DenseLayer.Builder().nOut(7).hasBias(false)
                .activation(Activation.IDENTITY).build(), output(2, Activation.IDENTITY, LossFunction.MSE)),
                batches(5, 2, false, 8, 8, 1));
    }

    @Test
    void tanhMseAdamWithLearningRateSchedule() {
        assertTrainsLikeDl4j(() -> net(new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 0.01, 0.95)), 3,
                dense(9, Activation.SIGMOID), output(2, Activation.TANH, LossFunction.MSE)),
                batches(3, 2, false, 12, 4));
    }

    /** A fresh output layer: DL4J writes the global settings into the layer object it is given. */
    private static OutputLayer out() {
        return output(3, Activation.SOFTMAX, LossFunction.MCXENT);
    }

    private static void assertRefused(String expected, Layer... layers) {
        MultiLayerNetwork net = net(new Adam(1e-3), 4, layers);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeedForwardTraining.of(net));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void refusesWhatItDoesNotComputeNamingTheLayer() {
        assertRefused("layer 0 (DenseLayer) has dropout", new DenseLayer.Builder().nOut(5).dropOut(0.5).build(), out());
        assertRefused("layer 0 (DenseLayer) has regularization",
                new DenseLayer.Builder().nOut(5).l2(1e-3).build(), out());
        assertRefused("layer 1 (OutputLayer) has regularization", dense(5, Activation.RELU),
                new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).weightDecay(1e-3)
                        .build());
        assertRefused("layer 0 (DenseLayer 'h') has gradient normalization ClipL2PerLayer",
                new DenseLayer.Builder().name("h").nOut(5)
                        .gradientNormalization(GradientNormalization.ClipL2PerLayer).build(), out());
        assertRefused("layer 1 (BatchNormalization) is not supported", dense(5, Activation.RELU),
                new BatchNormalization.Builder().build(), out());
        assertRefused("layer 0 (DenseLayer) has activation softmax", dense(5, Activation.SOFTMAX), out());
        assertRefused("layer 0 (DenseLayer) has activation leakyrelu", dense(5, Activation.LEAKYRELU), out());
        assertRefused("layer 1 (OutputLayer) has loss", dense(5, Activation.RELU),
                output(3, Activation.SIGMOID, LossFunction.XENT));
        assertRefused("layer 1 (OutputLayer) has loss", dense(5, Activation.RELU),
                new OutputLayer.Builder(new LossMCXENT(Nd4j.createFromArray(1f, 2f, 1f))).nOut(3)
                        .activation(Activation.SOFTMAX).build());
        assertRefused("layer 1 (OutputLayer) has updater RmsProp", dense(5, Activation.RELU),
                new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .updater(new RmsProp(1e-3)).build());
        assertRefused("layer 0 (DenseLayer) has updater Sgd", new DenseLayer.Builder().nOut(5)
                .biasUpdater(new Sgd(0.1)).build(), out());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeedForwardTraining.of(
                net(new RmsProp(1e-3), 4, dense(5, Activation.RELU), out())));
        assertTrue(e.getMessage().contains("RmsProp") && e.getMessage().contains("Adam, Sgd, Nesterovs"),
                e.getMessage());
    }

    @Test
    void wrongBatchesGetClearMessagesAndLeaveTheNetworkUnchanged() {
        MultiLayerNetwork net = net(new Adam(1e-3), 4, dense(6, Activation.RELU),
                output(3, Activation.SOFTMAX, LossFunction.MCXENT));
        FeedForwardTraining step = FeedForwardTraining.of(net);
        assertEquals(4, step.inputs());
        assertEquals(3, step.outputs());
        INDArray before = net.params().dup();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> step.fit(Nd4j.rand(DataType.FLOAT, 8, 5), Nd4j.zeros(DataType.FLOAT, 8, 3)));
        assertEquals("features must be [examples, 4], but are [8, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> step.fit(Nd4j.rand(DataType.FLOAT, 8, 4), Nd4j.zeros(DataType.FLOAT, 8, 2)));
        assertEquals("labels must be [8, 3] for 8 examples of 3 outputs, but are [8, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> step.fit(Nd4j.rand(DataType.FLOAT, 8, 4), Nd4j.zeros(DataType.FLOAT, 7, 3)));
        assertTrue(e.getMessage().contains("[8, 3]") && e.getMessage().contains("[7, 3]"), e.getMessage());
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 4);
        x.putScalar(3, 1, Float.NaN);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3).putiColumnVector(Nd4j.ones(DataType.FLOAT, 8, 1));
        e = assertThrows(IllegalArgumentException.class, () -> step.fit(x, y));
        assertTrue(e.getMessage().startsWith("the loss is NaN"), e.getMessage());
        DataSet masked = new DataSet(Nd4j.rand(DataType.FLOAT, 8, 4), y, null, Nd4j.ones(DataType.FLOAT, 8, 1));
        e = assertThrows(IllegalArgumentException.class, () -> step.fit(masked));
        assertTrue(e.getMessage().contains("mask"), e.getMessage());
        assertEquals(before, net.params());
        assertEquals(0, net.getIterationCount());
        // a double, 'f'-ordered batch is converted, not refused
        double loss = step.fit(Nd4j.rand(DataType.DOUBLE, 8, 4).dup('f'), y.castTo(DataType.DOUBLE));
        assertTrue(loss > 0 && Double.isFinite(loss), "loss " + loss);
        assertEquals(1, net.getIterationCount());
        assertArrayEquals(before.shape(), net.params().shape());
    }

    /** Convolutional networks: see the tolerance used in each test. */
    private static MultiLayerNetwork image(IUpdater updater, ConvolutionMode mode, int height, int width, int channels,
            Layer... layers) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(7).updater(updater)
                .convolutionMode(mode).list();
        for (Layer l : layers) {
            list.layer(l);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.setInputType(
                InputType.convolutionalFlat(height, width, channels)).build());
        net.init();
        return net;
    }

    @Test
    void theLibrarysCnnWithAdam() {
        assertTrainsLikeDl4j(() -> Cnn.builder().image(12, 12, 1).classes(3).seed(42).build(),
                batches(144, 3, true, 16, 16, 5), CNN_ABS, CNN_REL);
    }

    @Test
    void stridedPaddedTanhConvolutionWithoutBiasDl4jPoolingNesterovs() {
        assertTrainsLikeDl4j(() -> image(new Nesterovs(0.05, 0.9), ConvolutionMode.Truncate, 10, 10, 2,
                new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1).nOut(4).hasBias(false)
                        .activation(Activation.TANH).build(),
                new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(1, 1).build(),
                new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.IDENTITY).build(),
                dense(6, Activation.SIGMOID), output(3, Activation.SOFTMAX, LossFunction.NEGATIVELOGLIKELIHOOD)),
                batches(200, 3, true, 12, 12, 4), CNN_ABS, CNN_REL);
    }

    @Test
    void sameModeStridedSigmoidAndReluWithOverlappingPaddedPoolingSgdMse() {
        assertTrainsLikeDl4j(() -> image(new Sgd(0.1), ConvolutionMode.Same, 10, 10, 2,
                new ConvolutionLayer.Builder(5, 3).stride(2, 2).nOut(4).activation(Activation.SIGMOID).build(),
                new Nd4jPoolingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).build(),
                new ConvolutionLayer.Builder(3, 3).nOut(5).activation(Activation.RELU).build(),
                output(2, Activation.IDENTITY, LossFunction.MSE)),
                batches(200, 2, false, 12, 12, 3), CNN_ABS, CNN_REL);
    }

    private static void assertImageRefused(String expected, Layer... layers) {
        MultiLayerNetwork net = image(new Adam(1e-3), ConvolutionMode.Same, 8, 8, 1, layers);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeedForwardTraining.of(net));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertTrue(e.getMessage().contains("FeedForwardTraining"), e.getMessage());
    }

    private static ConvolutionLayer conv(int out) {
        return new ConvolutionLayer.Builder(3, 3).nOut(out).activation(Activation.RELU).build();
    }

    @Test
    void refusesConvolutionalSettingsItDoesNotComputeNamingTheLayer() {
        assertImageRefused("layer 1 (SubsamplingLayer) pools with AVG", conv(2),
                new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build(), out());
        assertImageRefused("layer 1 (Nd4jPoolingLayer) pools with AVG", conv(2),
                new Nd4jPoolingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build(), out());
        assertImageRefused("layer 0 (ConvolutionLayer) has dilation [2, 2]",
                new ConvolutionLayer.Builder(3, 3).dilation(2, 2).nOut(2).build(), out());
        assertImageRefused("layer 1 (BatchNormalization) is not supported", conv(2),
                new BatchNormalization.Builder().build(), conv(2), out());
        assertImageRefused("layer 0 (ConvolutionLayer) has dropout",
                new ConvolutionLayer.Builder(3, 3).nOut(2).dropOut(0.5).build(), out());
        assertImageRefused("layer 1 (SubsamplingLayer) has dropout", conv(2),
                new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).dropOut(0.5).build(),
                out());
    }

    @Test
    void aWrongFeatureWidthForACnnGetsAClearMessageAndLeavesTheNetworkUnchanged() {
        MultiLayerNetwork net = Cnn.builder().image(12, 12, 1).classes(3).seed(42).build();
        FeedForwardTraining step = FeedForwardTraining.of(net);
        assertEquals(144, step.inputs());
        assertEquals(3, step.outputs());
        INDArray before = net.params().dup();
        INDArray state = net.getUpdater().getStateViewArray().dup();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> step.fit(Nd4j.rand(DataType.FLOAT, 8, 100), Nd4j.zeros(DataType.FLOAT, 8, 3)));
        assertEquals("features must be [examples, 144] (images [1, 12, 12] flattened), but are [8, 100]",
                e.getMessage());
        assertEquals(before, net.params());
        assertEquals(state, net.getUpdater().getStateViewArray());
        assertEquals(0, net.getIterationCount());
    }
}
