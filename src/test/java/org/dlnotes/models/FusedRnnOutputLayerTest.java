package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class FusedRnnOutputLayerTest {

    private static final int IN = 3;
    private static final int UNITS = 5;
    private static final int CLASSES = 4;
    private static final int BATCH = 4;
    private static final int TIME = 6;

    /** An LSTM layer and a per-step softmax output (fused or DL4J's), on real-valued input. */
    private static MultiLayerNetwork net(boolean fused, RNNFormat format, DataType type, LossFunction loss,
            Activation activation) {
        RnnOutputLayer.Builder out = fused ? new FusedRnnOutputLayer.Builder(loss)
                : new RnnOutputLayer.Builder(loss);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(type)
                .updater(new NoOp()).list()
                .layer(new LSTM.Builder().nIn(IN).nOut(UNITS).activation(Activation.TANH).dataFormat(format).build())
                .layer(out.nIn(UNITS).nOut(CLASSES).activation(activation).dataFormat(format).build()).build());
        net.init();
        return net;
    }

    private static INDArray features(RNNFormat format, DataType type) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(type, BATCH, IN, TIME);
        return format == RNNFormat.NCW ? x : x.permute(0, 2, 1).dup();
    }

    /** One-hot labels, and soft labels (several classes per step) when {@code soft}. */
    private static INDArray labels(RNNFormat format, DataType type, boolean soft) {
        INDArray y = Nd4j.zeros(type, BATCH, CLASSES, TIME);
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < TIME; t++) {
                if (soft) {
                    y.putScalar(b, (b + t) % CLASSES, t, 0.75);
                    y.putScalar(b, (b + 2 * t + 1) % CLASSES, t, 0.25);
                } else {
                    y.putScalar(b, (b + t) % CLASSES, t, 1);
                }
            }
        }
        return format == RNNFormat.NCW ? y : y.permute(0, 2, 1).dup();
    }

    /** Score, parameter gradients and input gradient of a training step, fused against DL4J's on the same weights. */
    private static void assertSameAsDl4j(RNNFormat format, DataType type, INDArray mask, boolean soft,
            double tolerance) {
        MultiLayerNetwork fused = net(true, format, type, LossFunction.MCXENT, Activation.SOFTMAX);
        MultiLayerNetwork dl4j = net(false, format, type, LossFunction.MCXENT, Activation.SOFTMAX);
        fused.setParams(dl4j.params().dup());
        INDArray x = features(format, type);
        INDArray y = labels(format, type, soft);

        Pair<Gradient, INDArray> gFused = fused.calculateGradients(x, y, mask, mask);
        assertTrue(((FusedRnnOutputLayer.Impl) fused.getLayer(1)).lastPassFused, "the fused backward pass ran");
        Pair<Gradient, INDArray> gDl4j = dl4j.calculateGradients(x, y, mask, mask);
        assertEquals(3 + 2, gDl4j.getFirst().gradientForVariable().size());
        for (String key : gDl4j.getFirst().gradientForVariable().keySet()) {
            INDArray expected = gDl4j.getFirst().getGradientFor(key);
            assertTrue(expected.amaxNumber().doubleValue() > 1e-4, key + " gradient is not all zero");
            assertEquals(0, gFused.getFirst().getGradientFor(key).sub(expected).amaxNumber().doubleValue(),
                    tolerance, "gradient of " + key);
        }
        assertEquals(0, gFused.getSecond().sub(gDl4j.getSecond()).amaxNumber().doubleValue(), tolerance,
                "gradient of the input");

        // a training step's score: the fused layer's, kept from its backward pass, against DL4J's
        for (MultiLayerNetwork net : List.of(fused, dl4j)) {
            net.setInput(x);
            net.setLabels(y);
            net.setLayerMaskArrays(mask, mask);
            net.computeGradientAndScore();
        }
        assertTrue(dl4j.score() > 0.1);
        assertEquals(dl4j.score(), fused.score(), tolerance * dl4j.score(), "score of a training step");
        // a score without a backward pass before it (DL4J's path), and the outputs (DL4J's inference)
        DataSet data = new DataSet(x, y, mask, mask);
        assertEquals(dl4j.score(data), fused.score(data), tolerance * dl4j.score(), "score of a data set");
        assertEquals(dl4j.output(x, false, mask, mask), fused.output(x, false, mask, mask));
    }

    @Test
    void sameGradientsAndScoreAsDl4jRnnOutputLayer() {
        assertSameAsDl4j(RNNFormat.NCW, DataType.FLOAT, null, false, 1e-5);
        assertSameAsDl4j(RNNFormat.NWC, DataType.FLOAT, null, false, 1e-5);
        assertSameAsDl4j(RNNFormat.NCW, DataType.DOUBLE, null, false, 1e-12);
        assertSameAsDl4j(RNNFormat.NWC, DataType.DOUBLE, null, true, 1e-12);
    }

    @Test
    void masksOfTimeStepsAsInDl4j() {
        INDArray mask = Nd4j.createFromArray(new double[][] {
            {1, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0}, {0, 1, 0, 1, 0, 1}, {1, 1, 1, 1, 1, 0}});
        assertSameAsDl4j(RNNFormat.NCW, DataType.DOUBLE, mask, false, 1e-12);
        assertSameAsDl4j(RNNFormat.NWC, DataType.FLOAT, mask.castTo(DataType.FLOAT), true, 1e-5);
    }

    @Test
    void passesDl4jsFiniteDifferenceGradientCheck() {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            MultiLayerNetwork net = net(true, RNNFormat.NCW, DataType.DOUBLE, LossFunction.MCXENT,
                    Activation.SOFTMAX);
            INDArray mask = Nd4j.createFromArray(new double[][] {
                {1, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0}, {1, 1, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 0}});
            for (INDArray m : new INDArray[] {null, mask}) {
                boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                        .input(features(RNNFormat.NCW, DataType.DOUBLE))
                        .labels(labels(RNNFormat.NCW, DataType.DOUBLE, false)).inputMask(m).labelMask(m)
                        .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
                assertTrue(ok, "finite-difference gradient check, mask " + m);
                assertTrue(((FusedRnnOutputLayer.Impl) net.getLayer(1)).lastPassFused);
            }
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    @Test
    void otherLossesRunDl4jsImplementation() {
        MultiLayerNetwork fused = net(true, RNNFormat.NCW, DataType.DOUBLE, LossFunction.MSE, Activation.IDENTITY);
        MultiLayerNetwork dl4j = net(false, RNNFormat.NCW, DataType.DOUBLE, LossFunction.MSE, Activation.IDENTITY);
        fused.setParams(dl4j.params().dup());
        INDArray x = features(RNNFormat.NCW, DataType.DOUBLE);
        INDArray y = labels(RNNFormat.NCW, DataType.DOUBLE, true);
        Gradient expected = dl4j.calculateGradients(x, y, null, null).getFirst();
        Gradient actual = fused.calculateGradients(x, y, null, null).getFirst();
        assertFalse(((FusedRnnOutputLayer.Impl) fused.getLayer(1)).lastPassFused);
        for (String key : expected.gradientForVariable().keySet()) {
            assertEquals(expected.getGradientFor(key), actual.getGradientFor(key), key);
        }
    }

    @Test
    void configurationRoundTripsThroughJsonAndModelStore(@TempDir Path dir) {
        MultiLayerNetwork lm = LstmLanguageModel.builder().vocabulary(7).embedding(4).lstm(5, 2).build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(lm.getLayerWiseConfigurations().toJson());
        assertInstanceOf(FusedRnnOutputLayer.class, back.getConf(3).getLayer());
        assertEquals(lm.getLayerWiseConfigurations().getConf(3).getLayer(), back.getConf(3).getLayer());

        INDArray tokens = Nd4j.createFromArray(new float[][] {{0, 1, 2, 3, 4, 5}, {6, 5, 4, 3, 2, 1}});
        INDArray before = lm.output(tokens);
        Path file = ModelStore.save(dir.resolve("lm.zip"), lm, new History(List.of()));
        MultiLayerNetwork loaded = ModelStore.load(file).model();
        assertInstanceOf(FusedRnnOutputLayer.Impl.class, loaded.getLayer(3));
        assertEquals(before, loaded.output(tokens));
    }

    @Test
    void labelsOfTheWrongShapeAreRefusedNamingBothShapes() {
        MultiLayerNetwork net = net(true, RNNFormat.NCW, DataType.FLOAT, LossFunction.MCXENT, Activation.SOFTMAX);
        INDArray x = features(RNNFormat.NCW, DataType.FLOAT);
        for (INDArray y : new INDArray[] {Nd4j.zeros(DataType.FLOAT, BATCH, CLASSES + 1, TIME),
                Nd4j.zeros(DataType.FLOAT, BATCH, CLASSES, TIME - 1)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.fit(x, y));
            assertTrue(e.getMessage().contains(java.util.Arrays.toString(y.shape())), e.getMessage());
        }
    }
}
