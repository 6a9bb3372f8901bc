package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

import tech.tablesaw.api.Table;

class ModelsTest {

    @Test
    void mlpHasExpectedParametersAndOutputShape() {
        MultiLayerNetwork net = Mlp.builder().inputs(4).hidden(8, 5)
                .output(3, Activation.SOFTMAX, LossFunction.MCXENT).build();
        assertEquals((4 * 8 + 8) + (8 * 5 + 5) + (5 * 3 + 3), net.numParams());
        INDArray out = net.output(Nd4j.rand(7, 4));
        assertArrayEquals(new long[] {7, 3}, out.shape());
        assertEquals(7.0, out.sumNumber().doubleValue(), 1e-5, "softmax rows sum to 1");
    }

    @Test
    void weightInitTakesASchemeOrADistribution() {
        Mlp b = Mlp.builder().inputs(64).hidden(200).output(10, Activation.SOFTMAX, LossFunction.MCXENT).seed(3);
        assertEquals(b.build().params(), b.weightInit(org.deeplearning4j.nn.weights.WeightInit.XAVIER).build().params(),
                "XAVIER is the default");
        INDArray zero = b.weightInit(org.deeplearning4j.nn.weights.WeightInit.ZERO).build().params();
        assertEquals(0.0, zero.amaxNumber().doubleValue());
        double he = b.weightInit(org.deeplearning4j.nn.weights.WeightInit.RELU).build().getParam("0_W")
                .stdNumber().doubleValue();
        assertEquals(Math.sqrt(2.0 / 64), he, 0.05 * Math.sqrt(2.0 / 64), "He: std sqrt(2 / fan-in)");
        MultiLayerNetwork normal = b.weightInit(new org.deeplearning4j.nn.conf.distribution.NormalDistribution(0, 1))
                .build();
        assertEquals(1.0, normal.getParam("0_W").stdNumber().doubleValue(), 0.05, "N(0, 1) in every layer");
        assertEquals(1.0, normal.getParam("1_W").stdNumber().doubleValue(), 0.1);
        assertEquals(0.0, normal.getParam("0_b").amaxNumber().doubleValue(), "biases stay 0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.weightInit(org.deeplearning4j.nn.weights.WeightInit.DISTRIBUTION));
        assertTrue(e.getMessage().contains("NormalDistribution"), e.getMessage());
    }

    @Test
    void logisticAndLinearRegressionAreOneLayer() {
        MultiLayerNetwork logit = Mlp.logisticRegression(10).build();
        assertEquals(11, logit.numParams());
        INDArray p = logit.output(Nd4j.randn(5, 10).muli(100));
        assertTrue(p.minNumber().doubleValue() >= 0 && p.maxNumber().doubleValue() <= 1, p.toString());
        MultiLayerNetwork linear = Mlp.linearRegression(3, 2).build();
        assertEquals(3 * 2 + 2, linear.numParams());
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        Mlp b = Mlp.builder().inputs(3).hidden(4).output(1, Activation.SIGMOID, LossFunction.XENT);
        INDArray a = b.seed(1).build().params();
        assertEquals(a, b.seed(1).build().params());
        assertNotEquals(a, b.seed(2).build().params());
    }

    @Test
    void invalidOutputPairsAreRejectedWithAdvice() {
        IllegalArgumentException bce = assertThrows(IllegalArgumentException.class,
                () -> Mlp.builder().output(1, Activation.IDENTITY, LossFunction.XENT));
        assertTrue(bce.getMessage().contains("XENT") && bce.getMessage().contains("IDENTITY")
                && bce.getMessage().contains("SIGMOID"), bce.getMessage());
        IllegalArgumentException relu = assertThrows(IllegalArgumentException.class,
                () -> Mlp.builder().output(1, Activation.RELU, LossFunction.XENT));
        assertTrue(relu.getMessage().contains("RELU"), relu.getMessage());
        IllegalArgumentException mc = assertThrows(IllegalArgumentException.class,
                () -> Mlp.builder().output(3, Activation.SIGMOID, LossFunction.MCXENT));
        assertTrue(mc.getMessage().contains("MCXENT") && mc.getMessage().contains("SOFTMAX"), mc.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> Mlp.builder().output(1, Activation.SOFTMAX, LossFunction.MCXENT));
        assertTrue(one.getMessage().contains("1 unit"), one.getMessage());
        // valid regression pairs pass
        Mlp.builder().output(1, Activation.RELU, LossFunction.MSE);
    }

    @Test
    void badSizesNameTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mlp.builder().hidden(4, 0));
        assertEquals("hidden size #1 must be > 0, but is 0", e.getMessage());
        assertEquals("dropout must be in [0, 1), but is 1.5", assertThrows(IllegalArgumentException.class,
                () -> Mlp.builder().dropout(1.5)).getMessage());
        assertEquals("l2 must be a finite number >= 0, but is -1.0", assertThrows(IllegalArgumentException.class,
                () -> Mlp.builder().l2(-1)).getMessage());
        assertTrue(assertThrows(IllegalStateException.class, () -> Mlp.builder().inputs(2).build())
                .getMessage().contains("output"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Cnn.builder().image(8, 8, 1).classes(10).filters(4, 4, 4, 4).build())
                .getMessage().contains("too many"));
    }

    @Test
    void cnnOnEightByEightDigits() {
        MultiLayerNetwork net = Cnn.builder().image(8, 8, 1).classes(10).filters(4).dense(10).build();
        // conv 3·3·1·4+4, pool, dense (4·4·4)·10+10, output 10·10+10
        assertEquals(40 + 650 + 110, net.numParams());
        assertArrayEquals(new long[] {2, 10}, net.output(Nd4j.rand(2, 64)).shape());
        ModelSummary s = ModelSummary.of(net);
        assertEquals("[n, 64]", s.layers().get(0).input());
        assertEquals(List.of("[n, 4, 8, 8]", "[n, 4, 4, 4]", "[n, 10]", "[n, 10]"),
                s.layers().stream().map(ModelSummary.LayerRow::output).toList());
        assertEquals(800, s.totalParams());
    }

    @Test
    void summaryFlowchartHasOneNodePerLayerAndShapesOnTheEdges() {
        MultiLayerNetwork net = Cnn.builder().image(8, 8, 1).classes(10).filters(4).dense(10).build();
        org.dlnotes.charts.Flowchart chart = ModelSummary.of(net).flowchart();
        assertEquals(List.of("input", "layer0", "layer1", "layer2", "layer3", "output"),
                chart.nodes().stream().map(org.dlnotes.charts.Flowchart.Node::id).toList());
        assertEquals("0 · ConvolutionLayer · 40 params", chart.node("layer0").label());
        assertEquals("2 · DenseLayer · 650 params", chart.node("layer2").label());
        assertEquals(List.of("[n, 64]", "[n, 4, 8, 8]", "[n, 4, 4, 4]", "[n, 10]", "[n, 10]"),
                chart.edges().stream().map(org.dlnotes.charts.Flowchart.Edge::label).toList());
        assertEquals("TB", chart.direction());
        assertTrue(chart.toDot().contains("\"layer3\" -> \"output\""), chart.toDot());
    }

    @Test
    void cnnOnMnistSizedImages() {
        MultiLayerNetwork net = Cnn.builder().image(28, 28, 1).classes(10).build();
        // conv 16: 160, conv 32: 3·3·16·32+32 = 4640, dense 7·7·32·64+64 = 100416, out 650
        assertEquals(160 + 4640 + 100416 + 650, net.numParams());
        assertArrayEquals(new long[] {1, 10}, net.output(Nd4j.rand(1, 784)).shape());
    }

    @Test
    void trainingStepReusesTheForwardIm2colAndChangesNoResult() {
        // the builders' default cache mode keeps each convolution's im2col for the backward pass: 2 im2col ops per
        // step (one per conv layer) instead of DL4J's 4, and the same parameters after training
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 8, 784),
                Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7).castTo(DataType.FLOAT));
        // DL4J's own convolution (the oneDNN helpers, on by default, do not use im2col): helpers off for these two
        String helpers = System.getProperty(CpuHelpers.DISABLE_PROPERTY);
        MultiLayerNetwork cached;
        MultiLayerNetwork uncached;
        try {
            System.setProperty(CpuHelpers.DISABLE_PROPERTY, "true");
            cached = Cnn.builder().image(28, 28, 1).classes(10).build();
            uncached = Cnn.builder().image(28, 28, 1).classes(10).cacheMode(CacheMode.NONE).build();
        } finally {
            if (helpers == null) {
                System.clearProperty(CpuHelpers.DISABLE_PROPERTY);
            } else {
                System.setProperty(CpuHelpers.DISABLE_PROPERTY, helpers);
            }
        }
        assertEquals(CacheMode.DEVICE, cached.getLayerWiseConfigurations().getCacheMode());
        assertEquals(2, im2colPerStep(cached, batch));
        assertEquals(4, im2colPerStep(uncached, batch));
        for (int i = 0; i < 3; i++) {
            cached.fit(batch);
            uncached.fit(batch);
        }
        assertEquals(uncached.params(), cached.params());
        assertThrows(NullPointerException.class, () -> Mlp.builder().cacheMode(null));
    }

    private static long im2colPerStep(MultiLayerNetwork net, DataSet batch) {
        net.fit(batch); // warm: the first step sets up the workspaces
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        try {
            OpProfiler.getInstance().reset();
            net.fit(batch);
            return OpProfiler.getInstance().getOpCounter().getCount("im2col");
        } finally {
            Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
            OpProfiler.getInstance().reset();
        }
    }

    @Test
    void gptOfArticle003HasExpectedParameters() {
        MultiLayerNetwork gpt = LstmLanguageModel.builder().vocabulary(1000).embedding(128).lstm(128, 2).build();
        long lstm = 4L * 128 * (128 + 128) + 4 * 128;
        assertEquals(1000L * 128 + 2 * lstm + (128 * 1000 + 1000), gpt.numParams());
        ModelSummary s = ModelSummary.of(gpt);
        assertEquals(List.of("[n, 128, T]", "[n, 128, T]", "[n, 128, T]", "[n, 1000, T]"),
                s.layers().stream().map(ModelSummary.LayerRow::output).toList());
        Table t = s.table();
        assertEquals(5, t.rowCount());
        assertEquals("total", t.stringColumn("name").get(4));
        assertEquals(gpt.numParams(), t.longColumn("params").get(4));
    }

    @Test
    void languageModelLearnsATinySequence() {
        int vocab = 6;
        int steps = 5;
        MultiLayerNetwork lm = LstmLanguageModel.builder().vocabulary(vocab).embedding(8).lstm(16, 2)
                .updater(new Adam(0.05)).seed(3).build();
        // sequences 0,1,2,3,4 → next token = (token + 1) mod vocab, starting at every offset
        INDArray x = Nd4j.create(vocab, steps);
        INDArray y = Nd4j.zeros(vocab, vocab, steps);
        for (int b = 0; b < vocab; b++) {
            for (int t = 0; t < steps; t++) {
                int token = (b + t) % vocab;
                x.putScalar(b, t, token);
                y.putScalar(new int[] {b, (token + 1) % vocab, t}, 1.0);
            }
        }
        assertArrayEquals(new long[] {vocab, vocab, steps}, lm.output(x).shape());
        lm.fit(x, y);
        double first = lm.score();
        for (int i = 0; i < 15; i++) {
            lm.fit(x, y);
        }
        assertTrue(lm.score() < first / 2, "loss " + first + " → " + lm.score());
        INDArray predicted = lm.output(x).argMax(1);
        assertEquals(y.argMax(1), predicted);
    }

    @Test
    void textClassifiersLearnWhichTokenIsPresent() {
        for (TextClassifier builder : List.of(TextClassifier.builder().lstm(8), TextClassifier.builder()
                .averagePooling())) {
            MultiLayerNetwork net = builder.vocabulary(4).embedding(4).classes(2).updater(new Adam(0.05)).seed(5)
                    .build();
            // class 1 ⇔ sequence contains token 3
            INDArray x = Nd4j.create(new double[][] {{0, 1, 2, 1}, {3, 1, 0, 2}, {2, 2, 1, 0}, {1, 3, 3, 0}});
            INDArray y = Nd4j.create(new double[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}});
            assertArrayEquals(new long[] {4, 2}, net.output(x).shape());
            net.fit(x, y);
            double first = net.score();
            for (int i = 0; i < 25; i++) {
                net.fit(x, y);
            }
            assertTrue(net.score() < first, "loss " + first + " → " + net.score());
            assertEquals(y.argMax(1), net.output(x).argMax(1));
        }
        long embedding = 4 * 4;
        assertEquals(embedding + (4 * 8 * (4 + 8) + 4 * 8) + (8 * 2 + 2),
                TextClassifier.builder().vocabulary(4).embedding(4).lstm(8).classes(2).build().numParams());
    }

    @Test
    void transferFreezesTheBodyAndReplacesTheHead() {
        MultiLayerNetwork lm = LstmLanguageModel.builder().vocabulary(5).embedding(4).lstm(6, 1).build();
        INDArray embeddingBefore = lm.getLayer(0).params().dup();
        MultiLayerNetwork clf = Transfer.from(lm).freezeThrough(0).poolSequence(PoolingType.AVG)
                .newHead(2, Activation.SOFTMAX, LossFunction.MCXENT).build();
        ModelSummary s = ModelSummary.of(clf);
        assertEquals("Frozen(EmbeddingSequenceLayer)", s.layers().get(0).type());
        assertFalse(s.layers().get(0).trainable());
        assertEquals(List.of("[n, 4, T]", "[n, 6, T]", "[n, 6]", "[n, 2]"),
                s.layers().stream().map(ModelSummary.LayerRow::output).toList());
        assertEquals(s.totalParams() - 5 * 4, s.trainableParams());
        INDArray x = Nd4j.create(new double[][] {{0, 1, 2}, {4, 3, 2}});
        INDArray y = Nd4j.create(new double[][] {{1, 0}, {0, 1}});
        assertArrayEquals(new long[] {2, 2}, clf.output(x).shape());
        INDArray lstmBefore = clf.getLayer(1).params().dup();
        assertEquals(lm.getLayer(1).params(), lstmBefore, "body weights are copied");
        for (int i = 0; i < 5; i++) {
            clf.fit(x, y);
        }
        assertEquals(embeddingBefore, clf.getLayer(0).params(), "frozen layer unchanged");
        assertNotEquals(lstmBefore, clf.getLayer(1).params(), "unfrozen layer trained");
        assertEquals(embeddingBefore, lm.getLayer(0).params(), "source untouched");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Transfer.from(lm).freezeThrough(2))
                .getMessage().contains("but is 2"));
    }

    @Test
    void transferKeepsAFeedForwardBody() {
        MultiLayerNetwork base = Mlp.builder().inputs(3).hidden(5).output(4, Activation.SOFTMAX, LossFunction.MCXENT)
                .build();
        MultiLayerNetwork tuned = Transfer.from(base).newHead(1, Activation.SIGMOID, LossFunction.XENT).build();
        assertEquals(3 * 5 + 5 + 5 + 1, tuned.numParams());
        assertEquals(base.getLayer(0).params(), tuned.getLayer(0).params());
        assertArrayEquals(new long[] {2, 1}, tuned.output(Nd4j.rand(2, 3)).shape());
    }
}
