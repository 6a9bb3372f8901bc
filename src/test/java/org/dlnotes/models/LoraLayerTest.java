package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dlnotes.math.GradientChecks;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class LoraLayerTest {

    /** Dense 3→4 (trained), LoRA 4→5 with rank 2, softmax output 5→3; L2 weight decay {@code l2}. */
    private static MultiLayerNetwork withAdapter(DataType type, double l2) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(type).seed(3)
                .updater(new Adam(1e-2)).l2(l2).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new LoraLayer.Builder().rank(2).alpha(3).nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX)
                        .build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet batch(DataType type) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(type, 6, 3);
        INDArray y = Nd4j.zeros(type, 6, 3);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 3, 1);
        }
        return new DataSet(x, y);
    }

    @Test
    void gradientsOfAdapterAndLowerLayersMatchFiniteDifferences() {
        MultiLayerNetwork net = withAdapter(DataType.DOUBLE, 0); // DL4J adds L2 in the updater, not the gradient
        Nd4j.getRandom().setSeed(5);
        net.getLayer(1).setParam(LoraLayer.B_KEY, Nd4j.randn(DataType.DOUBLE, 2, 5)); // B = 0 would make dA = 0
        DataSet data = batch(DataType.DOUBLE);
        net.setInput(data.getFeatures());
        net.setLabels(data.getLabels());
        net.computeGradientAndScore();
        // DL4J's gradient is the batch's sum; its updater divides by the batch size, its score is the mean
        double[] analytic = net.gradient().gradient().div(data.numExamples()).toDoubleVector();
        double[] at = net.params().dup().toDoubleVector();
        double[] numeric = GradientChecks.centralDifferences(p -> {
            net.setParams(Nd4j.createFromArray(p).reshape(1, p.length));
            return net.score(data);
        }, at, 1e-6);

        int dense = 3 * 4 + 4;
        int w = 4 * 5;
        int b = 5;
        int a = 4 * 2;
        int bb = 2 * 5;
        int out = 5 * 3 + 3;
        assertEquals(dense + w + b + a + bb + out, at.length);
        double below = GradientChecks.maxRelativeError(slice(analytic, 0, dense), slice(numeric, 0, dense), 1e-9);
        assertTrue(below < 1e-5, "the layer below gets the right error signal (epsilon through W and A·B): " + below);
        int adapter = dense + w + b;
        double ab = GradientChecks.maxRelativeError(slice(analytic, adapter, a + bb), slice(numeric, adapter, a + bb),
                1e-9);
        assertTrue(ab < 1e-5, "dL/dA and dL/dB: " + ab);
        int head = adapter + a + bb;
        assertTrue(GradientChecks.maxRelativeError(slice(analytic, head, out), slice(numeric, head, out), 1e-9) < 1e-5);
        for (int i = dense; i < adapter; i++) {
            assertEquals(0.0, analytic[i], "frozen W and b get no gradient (index " + i + ")");
        }
        assertTrue(Math.abs(numeric[dense]) > 1e-6, "the loss does depend on W: the zero gradient is a choice");
    }

    @Test
    void trainingChangesOnlyAAndBEvenWithWeightDecay() {
        MultiLayerNetwork net = withAdapter(DataType.FLOAT, 1e-2);
        INDArray w = net.getLayer(1).getParam(LoraLayer.WEIGHT_KEY).dup();
        INDArray b = net.getLayer(1).getParam(LoraLayer.BIAS_KEY).dup();
        INDArray a = net.getLayer(1).getParam(LoraLayer.A_KEY).dup();
        assertEquals(0.0, net.getLayer(1).getParam(LoraLayer.B_KEY).amaxNumber().doubleValue(), "B starts at 0");
        DataSet data = batch(DataType.FLOAT);
        for (int i = 0; i < 5; i++) {
            net.fit(data);
        }
        assertEquals(w, net.getLayer(1).getParam(LoraLayer.WEIGHT_KEY));
        assertEquals(b, net.getLayer(1).getParam(LoraLayer.BIAS_KEY));
        assertFalse(a.equalsWithEps(net.getLayer(1).getParam(LoraLayer.A_KEY), 1e-6), "A is trained");
        assertTrue(net.getLayer(1).getParam(LoraLayer.B_KEY).amaxNumber().doubleValue() > 1e-4, "B is trained");
    }

    @Test
    void adaptedNetworkStartsEqualToTheSourceAndCountsItsTrainableParameters() {
        MultiLayerNetwork source = Mlp.builder().inputs(6).hidden(8, 4)
                .output(3, Activation.SOFTMAX, LossFunction.MCXENT).seed(1).build();
        source.fit(batchOf(6));
        MultiLayerNetwork adapted = Lora.from(source).rank(2).build();
        INDArray x = batchOf(6).getFeatures();
        assertTrue(source.output(x).equalsWithEps(adapted.output(x), 1e-6), "B = 0: same function as the source");

        LoraLayer first = (LoraLayer) adapted.getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(2 * (6 + 8), first.trainableParameters());
        assertEquals(2 * (6 + 8) + 2 * (8 + 4) + (4 * 3 + 3), Lora.trainableParameters(adapted));
        assertEquals(source.numParams() + 2 * (6 + 8) + 2 * (8 + 4), adapted.numParams(), "W, b kept beside A, B");
        assertEquals(source.numParams(), Lora.trainableParameters(source));
        MultiLayerNetwork headOnly = Transfer.from(source).freezeThrough(1)
                .newHead(2, Activation.SOFTMAX, LossFunction.MCXENT).build();
        assertEquals(4 * 2 + 2, Lora.trainableParameters(headOnly));

        MultiLayerNetwork newHead = Lora.from(source).rank(1).newHead(2, Activation.SOFTMAX, LossFunction.MCXENT)
                .build();
        assertEquals((6 + 8) + (8 + 4) + (4 * 2 + 2), Lora.trainableParameters(newHead));
        INDArray wBefore = source.getLayer(0).getParam("W").dup();
        newHead.fit(new DataSet(x, Nd4j.eye(6).getColumns(0, 1)));
        assertEquals(wBefore, source.getLayer(0).getParam("W"), "the source network is not changed");
    }

    @Test
    void survivesJsonAndTheModelFile() throws Exception {
        MultiLayerNetwork net = withAdapter(DataType.FLOAT, 1e-2);
        net.fit(batch(DataType.FLOAT));
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        LoraLayer layer = assertInstanceOf(LoraLayer.class, back.getConf(1).getLayer());
        assertEquals(2, layer.getRank());
        assertEquals(3.0, layer.getAlpha());
        assertEquals(net.getLayerWiseConfigurations(), back);

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(
                file.toByteArray()), true);
        INDArray x = batch(DataType.FLOAT).getFeatures();
        assertEquals(net.output(x), restored.output(x));
        INDArray w = restored.getLayer(1).getParam(LoraLayer.WEIGHT_KEY).dup();
        restored.fit(batch(DataType.FLOAT));
        assertEquals(w, restored.getLayer(1).getParam(LoraLayer.WEIGHT_KEY), "still frozen after restoring");
    }

    @Test
    void rejectsBadSettingsWithClearMessages() {
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> new LoraLayer.Builder().rank(0));
        assertTrue(rank.getMessage().contains("rank must be ≥ 1, but is 0"), rank.getMessage());
        assertThrows(IllegalStateException.class, () -> new LoraLayer.Builder().nIn(2).nOut(2).build());
        assertThrows(IllegalArgumentException.class, () -> new LoraLayer.Builder().alpha(-1));
        MultiLayerNetwork logistic = Mlp.logisticRegression(4).build();
        IllegalArgumentException noBody = assertThrows(IllegalArgumentException.class, () -> Lora.from(logistic));
        assertTrue(noBody.getMessage().contains("DenseLayer"), noBody.getMessage());
    }

    private static DataSet batchOf(int n) {
        Nd4j.getRandom().setSeed(2);
        return new DataSet(Nd4j.rand(DataType.FLOAT, n, 6), Nd4j.eye(n).getColumns(0, 1, 2).castTo(DataType.FLOAT));
    }

    private static double[] slice(double[] v, int from, int length) {
        return java.util.Arrays.copyOfRange(v, from, from + length);
    }
}
