package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.train.History;
import org.dlnotes.train.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class FusedLstmTest {

    private static final int IN = 3;
    private static final int UNITS = 5;
    private static final int BATCH = 4;
    private static final int TIME = 6;

    /** Two stacked LSTM layers (fused or DL4J's) and a per-step softmax, on real-valued input. */
    private static MultiLayerNetwork net(boolean fused, RNNFormat format, DataType type) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(7).dataType(type)
                .updater(new NoOp()).list();
        int nIn = IN;
        for (int i = 0; i < 2; i++) {
            LSTM.Builder lstm = fused ? new FusedLstm.Builder() : new LSTM.Builder();
            list.layer(lstm.nIn(nIn).nOut(UNITS).activation(Activation.TANH).dataFormat(format).build());
            nIn = UNITS;
        }
        list.layer(new RnnOutputLayer.Builder(LossFunction.MCXENT).nIn(UNITS).nOut(3).activation(Activation.SOFTMAX)
                .dataFormat(format).build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    private static INDArray features(RNNFormat format, DataType type) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(type, BATCH, IN, TIME);
        return format == RNNFormat.NCW ? x : x.permute(0, 2, 1).dup();
    }

    private static INDArray labels(RNNFormat format, DataType type) {
        INDArray y = Nd4j.zeros(type, BATCH, 3, TIME);
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < TIME; t++) {
                y.putScalar(b, (b + t) % 3, t, 1);
            }
        }
        return format == RNNFormat.NCW ? y : y.permute(0, 2, 1).dup();
    }

    private static boolean fusedRan(MultiLayerNetwork net) {
        return ((FusedLstm.Impl) net.getLayer(0)).lastPassFused && ((FusedLstm.Impl) net.getLayer(1)).lastPassFused;
    }

    /** Forward output, parameter gradients and input gradient of the fused net against DL4J's on the same weights. */
    private static void assertSameAsDl4j(RNNFormat format, DataType type, INDArray mask, boolean expectFused,
            double tolerance) {
        MultiLayerNetwork fused = net(true, format, type);
        MultiLayerNetwork dl4j = net(false, format, type);
        fused.setParams(dl4j.params().dup());
        INDArray x = features(format, type);
        INDArray y = labels(format, type);

        INDArray outFused = fused.output(x, false, mask, mask);
        assertEquals(expectFused, fusedRan(fused), "which path the forward pass took");
        INDArray outDl4j = dl4j.output(x, false, mask, mask);
        assertEquals(0, outFused.sub(outDl4j).amaxNumber().doubleValue(), tolerance, "outputs");

        Pair<Gradient, INDArray> gFused = fused.calculateGradients(x, y, mask, mask);
        assertEquals(expectFused, fusedRan(fused), "which path the backward pass took");
        Pair<Gradient, INDArray> gDl4j = dl4j.calculateGradients(x, y, mask, mask);
        assertEquals(6 + 2, gDl4j.getFirst().gradientForVariable().size());
        for (String key : gDl4j.getFirst().gradientForVariable().keySet()) {
            INDArray expected = gDl4j.getFirst().getGradientFor(key);
            assertTrue(expected.amaxNumber().doubleValue() > 1e-4, key + " gradient is not all zero");
            assertEquals(0, gFused.getFirst().getGradientFor(key).sub(expected).amaxNumber().doubleValue(),
                    tolerance, "gradient of " + key);
        }
        assertEquals(0, gFused.getSecond().sub(gDl4j.getSecond()).amaxNumber().doubleValue(), tolerance,
                "gradient of the input");
        assertTrue(gDl4j.getSecond().amaxNumber().doubleValue() > 1e-4);
    }

    @Test
    void sameOutputsAndGradientsAsDl4jLstm() {
        assertSameAsDl4j(RNNFormat.NCW, DataType.FLOAT, null, true, 1e-5);
        assertSameAsDl4j(RNNFormat.NWC, DataType.FLOAT, null, true, 1e-5);
        assertSameAsDl4j(RNNFormat.NCW, DataType.DOUBLE, null, true, 1e-12);
    }

    @Test
    void masksAsInDl4jPaddedOrWithGaps() {
        INDArray padded = Nd4j.createFromArray(new double[][] {
            {1, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0}, {1, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 0}});
        assertSameAsDl4j(RNNFormat.NCW, DataType.DOUBLE, padded, true, 1e-12);
        assertSameAsDl4j(RNNFormat.NWC, DataType.FLOAT, padded.castTo(DataType.FLOAT), true, 1e-5);
        INDArray gaps = Nd4j.createFromArray(new double[][] {
            {1, 1, 1, 1, 1, 1}, {0, 0, 1, 1, 1, 1}, {1, 0, 1, 0, 1, 0}, {0, 0, 0, 0, 0, 0}});
        assertSameAsDl4j(RNNFormat.NCW, DataType.DOUBLE, gaps, true, 1e-12);
    }

    /** The working arrays are kept between passes: passes of other batch sizes and lengths in between change nothing. */
    @Test
    void passesOfChangingShapesAsInDl4j() {
        MultiLayerNetwork fused = net(true, RNNFormat.NCW, DataType.DOUBLE);
        MultiLayerNetwork dl4j = net(false, RNNFormat.NCW, DataType.DOUBLE);
        fused.setParams(dl4j.params().dup());
        INDArray x = features(RNNFormat.NCW, DataType.DOUBLE);
        INDArray y = labels(RNNFormat.NCW, DataType.DOUBLE);
        long[][] shapes = {{BATCH, TIME}, {2, 3}, {BATCH, TIME}, {BATCH, 2}, {BATCH, TIME}};
        for (long[] shape : shapes) {
            INDArray xs = x.get(NDArrayIndex.interval(0, shape[0]), NDArrayIndex.all(),
                    NDArrayIndex.interval(0, shape[1])).dup();
            INDArray ys = y.get(NDArrayIndex.interval(0, shape[0]), NDArrayIndex.all(),
                    NDArrayIndex.interval(0, shape[1])).dup();
            assertEquals(0, fused.output(xs).sub(dl4j.output(xs)).amaxNumber().doubleValue(), 1e-12);
            Pair<Gradient, INDArray> expected = dl4j.calculateGradients(xs, ys, null, null);
            Pair<Gradient, INDArray> actual = fused.calculateGradients(xs, ys, null, null);
            assertTrue(fusedRan(fused));
            for (String key : expected.getFirst().gradientForVariable().keySet()) {
                assertEquals(0, actual.getFirst().getGradientFor(key).sub(expected.getFirst().getGradientFor(key))
                        .amaxNumber().doubleValue(), 1e-12, key + " after a pass of shape " + shape[0] + "x" + shape[1]);
            }
            assertEquals(0, actual.getSecond().sub(expected.getSecond()).amaxNumber().doubleValue(), 1e-12);
        }
    }

    @Test
    void oneStepSequences() {
        MultiLayerNetwork fused = net(true, RNNFormat.NCW, DataType.DOUBLE);
        MultiLayerNetwork dl4j = net(false, RNNFormat.NCW, DataType.DOUBLE);
        fused.setParams(dl4j.params().dup());
        INDArray x = features(RNNFormat.NCW, DataType.DOUBLE).get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, 1)).dup();
        INDArray y = labels(RNNFormat.NCW, DataType.DOUBLE).get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, 1)).dup();
        assertEquals(0, fused.output(x).sub(dl4j.output(x)).amaxNumber().doubleValue(), 1e-12);
        Gradient expected = dl4j.calculateGradients(x, y, null, null).getFirst();
        Gradient actual = fused.calculateGradients(x, y, null, null).getFirst();
        assertTrue(fusedRan(fused));
        for (String key : expected.gradientForVariable().keySet()) {
            assertEquals(0, actual.getGradientFor(key).sub(expected.getGradientFor(key)).amaxNumber().doubleValue(),
                    1e-12, key);
        }
    }

    @Test
    void passesDl4jsFiniteDifferenceGradientCheck() {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            gradientCheck();
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    private static void gradientCheck() {
        MultiLayerNetwork net = net(true, RNNFormat.NCW, DataType.DOUBLE);
        INDArray mask = Nd4j.createFromArray(new double[][] {
            {1, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0}, {1, 1, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 0}});
        for (INDArray m : new INDArray[] {null, mask}) {
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                    .input(features(RNNFormat.NCW, DataType.DOUBLE)).labels(labels(RNNFormat.NCW, DataType.DOUBLE))
                    .inputMask(m).labelMask(m).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
            assertTrue(ok, "finite-difference gradient check, mask " + m);
            assertTrue(fusedRan(net));
        }
    }

    @Test
    void otherActivationsRunDl4jsImplementation() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new FusedLstm.Builder().nIn(IN).nOut(UNITS).activation(Activation.SOFTSIGN).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).nIn(UNITS).nOut(2).build()).build());
        net.init();
        net.output(features(RNNFormat.NCW, DataType.FLOAT));
        assertFalse(((FusedLstm.Impl) net.getLayer(0)).lastPassFused);
    }

    @Test
    void configurationRoundTripsThroughJsonAndModelStore(@TempDir Path dir) {
        MultiLayerNetwork lm = LstmLanguageModel.builder().vocabulary(7).embedding(4).lstm(5, 2).build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(lm.getLayerWiseConfigurations().toJson());
        assertEquals(lm.getLayerWiseConfigurations().getConf(1).getLayer(), back.getConf(1).getLayer());
        assertInstanceOf(FusedLstm.class, back.getConf(1).getLayer());

        INDArray tokens = Nd4j.createFromArray(new float[][] {{0, 1, 2, 3, 4, 5}, {6, 5, 4, 3, 2, 1}});
        INDArray before = lm.output(tokens);
        Path file = ModelStore.save(dir.resolve("lm.zip"), lm, new History(List.of()));
        MultiLayerNetwork loaded = ModelStore.load(file).model();
        assertInstanceOf(FusedLstm.Impl.class, loaded.getLayer(1));
        assertEquals(before, loaded.output(tokens));
    }

    @Test
    void modelsUseTheFusedLayerUnlessAskedForDl4js() {
        MultiLayerNetwork lm = LstmLanguageModel.builder().vocabulary(7).embedding(4).lstm(5, 2).build();
        MultiLayerNetwork plain = LstmLanguageModel.builder().vocabulary(7).embedding(4).lstm(5, 2).dl4jLstm().build();
        assertInstanceOf(FusedLstm.class, lm.getLayerWiseConfigurations().getConf(2).getLayer());
        assertEquals(LSTM.class, plain.getLayerWiseConfigurations().getConf(2).getLayer().getClass());
        assertEquals(plain.params(), lm.params(), "same seed, same initial weights");
        INDArray tokens = Nd4j.createFromArray(new float[][] {{0, 1, 2, 3, 4, 5}, {6, 5, 4, 3, 2, 1}});
        assertEquals(0, lm.output(tokens).sub(plain.output(tokens)).amaxNumber().doubleValue(), 1e-5);

        MultiLayerNetwork text = TextClassifier.builder().vocabulary(7).embedding(4).lstm(5).classes(2).build();
        MultiLayerNetwork textPlain = TextClassifier.builder().vocabulary(7).embedding(4).lstm(5).classes(2)
                .dl4jLstm().build();
        INDArray mask = Nd4j.createFromArray(new float[][] {{1, 1, 1, 1, 0, 0}, {1, 1, 1, 1, 1, 1}});
        assertEquals(0, text.output(tokens, false, mask, null).sub(textPlain.output(tokens, false, mask, null))
                .amaxNumber().doubleValue(), 1e-5);
    }
}
