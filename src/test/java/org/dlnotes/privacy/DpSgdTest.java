package org.dlnotes.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.LabelledData;
import org.dlnotes.metrics.Classification;
import org.dlnotes.models.Mlp;
import org.dlnotes.privacy.PerExample.Method;
import org.dlnotes.train.TrainingInterruptedException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class DpSgdTest {

    /** Two Gaussian blobs in 4-D, classes alternating. */
    static LabelledData blobs(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[][] x = new float[n][4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) ((labels[i] == 0 ? -1 : 1) + 0.7 * r.nextGaussian());
            }
        }
        return LabelledData.of("blobs", Nd4j.createFromArray(x), labels, List.of("a", "b"),
                List.of("x0", "x1", "x2", "x3"));
    }

    static MultiLayerNetwork net(double learningRate) {
        return Mlp.builder().inputs(4).hidden(8).output(2, Activation.SOFTMAX, LossFunction.MCXENT)
                .updater(new Sgd(learningRate)).seed(5).build();
    }

    @Test
    void withoutNoiseOrClippingAndWithTheFullBatchItIsPlainGradientDescent() {
        DataSet data = blobs(40, 1).toDataSet();
        MultiLayerNetwork plain = net(0.3);
        MultiLayerNetwork dp = net(0.3);
        for (int step = 0; step < 5; step++) {
            plain.fit(data);
        }
        // q = 40/40 = 1: every example in every step; C huge: nothing clipped; sigma 0: no noise
        DpSgd.builder().noiseMultiplier(0).clipNorm(1e9).learningRate(0.3).batchSize(40).epochs(5).fastMode(false)
                .progressEvery(0).fit(dp, data, null);
        assertArrayEquals(plain.params().toFloatVector(), dp.params().toFloatVector(), 1e-5f);
    }

    @Test
    void oneStepMovesTheParametersByAtMostLearningRateTimesClipNormPerExample() {
        DataSet data = blobs(50, 2).toDataSet();
        for (Method method : Method.values()) {
            MultiLayerNetwork net = net(0.1);
            INDArray before = net.params().dup();
            double c = 0.01;
            // q = 1: all 50 examples; each contributes at most C, the sum is divided by the batch size 50
            DpSgd.Result r = DpSgd.builder().noiseMultiplier(0).clipNorm(c).learningRate(1).batchSize(50).epochs(1)
                    .progressEvery(0).method(method).fit(net, data, null);
            double moved = net.params().sub(before).norm2Number().doubleValue();
            assertTrue(moved <= c * (1 + 1e-5), method + ": moved " + moved);
            assertTrue(moved > c / 2, method + ": gradients mostly agree, so the step is near C, was " + moved);
            assertEquals(1.0, r.history().column("clipped")[0], 1e-12, "every gradient is longer than 0.01");
        }
    }

    @Test
    void noiseHasStandardDeviationLearningRateTimesSigmaTimesClipNormOverBatchSize() {
        // One example, q = 1, one step. The clipped data term has norm at most C = 1; the noise has norm about
        // sigma * C * sqrt(P) = 100 * 21, so the parameter change is the noise to within 0.1 %.
        DataSet one = blobs(1, 3).toDataSet();
        MultiLayerNetwork net = Mlp.builder().inputs(4).hidden(64).output(2, Activation.SOFTMAX, LossFunction.MCXENT)
                .seed(5).build();
        INDArray before = net.params().dup();
        double sigma = 100, c = 1, eta = 0.5;
        DpSgd.builder().noiseMultiplier(sigma).clipNorm(c).learningRate(eta).batchSize(1).epochs(1)
                .progressEvery(0).seed(9).fit(net, one, null);
        double[] delta = net.params().sub(before).toDoubleVector();
        double mean = java.util.Arrays.stream(delta).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(delta).map(d -> (d - mean) * (d - mean)).sum() / delta.length);
        // 450 parameters: the sample standard deviation is within 10 % of the truth (about 3 standard errors)
        assertEquals(eta * sigma * c, sd, 0.1 * eta * sigma * c);
        assertEquals(0, mean, 3 * eta * sigma * c / Math.sqrt(delta.length));
    }

    @Test
    void epsilonIsTheAccountantsForTheStepsTakenAndTrainingStillLearns() {
        LabelledData train = blobs(400, 4);
        LabelledData test = blobs(200, 5);
        MultiLayerNetwork net = net(0.1);
        DpSgd dp = DpSgd.builder().noiseMultiplier(1.0).clipNorm(1).learningRate(0.5).batchSize(20).epochs(8)
                .fastMode(false).delta(1e-4).progressEvery(0);
        DpSgd.Result r = dp.fit(net, train.toDataSet(), test.toDataSet());
        assertEquals(8 * 20, r.steps());
        assertEquals(0.05, r.samplingRate(), 1e-12);
        double expected = RdpAccountant.of().compose(0.05, 1.0, 160).epsilon(1e-4).epsilon();
        assertEquals(expected, r.epsilon().epsilon(), 1e-12);
        assertEquals(expected, dp.plannedEpsilon(400).epsilon(), 1e-12);
        double[] eps = r.history().column("epsilon");
        for (int i = 1; i < eps.length; i++) {
            assertTrue(eps[i] > eps[i - 1], "epsilon grows every epoch");
        }
        double accuracy = Classification.accuracy(test.labels(), net.output(test.features()));
        assertTrue(accuracy > 0.9, "accuracy " + accuracy);
        assertEquals(accuracy, r.history().column("val_accuracy")[7], 1e-9);
    }

    @Test
    void fastModeCapsTheEpochsAndThePlannedEpsilon() {
        LabelledData train = blobs(200, 4);
        List<String> lines = new ArrayList<>();
        DpSgd dp = DpSgd.builder().noiseMultiplier(1.0).batchSize(20).epochs(6).fastMode(true).progressTo(lines::add);
        assertEquals(2, dp.plannedEpochs());
        assertEquals(RdpAccountant.of().compose(0.1, 1.0, 2 * 10).epsilon(1e-5).epsilon(),
                dp.plannedEpsilon(200).epsilon(), 1e-12);
        DpSgd.Result r = dp.fit(net(0.1), train.toDataSet(), null);
        assertEquals(2, r.history().epochs().size());
        assertEquals(2 * 10, r.steps());
        assertEquals(dp.plannedEpsilon(200).epsilon(), r.epsilon().epsilon(), 1e-12);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).startsWith("epoch 2/2  train_loss "), lines.get(1));
        assertEquals(6, DpSgd.builder().epochs(6).fastMode(false).plannedEpochs());
    }

    @Test
    void anInterruptEndsTrainingWithTheFinishedEpochs() {
        List<String> lines = new ArrayList<>();
        DpSgd dp = DpSgd.builder().batchSize(20).epochs(5).fastMode(false).progressTo(line -> {
            lines.add(line);
            Thread.currentThread().interrupt();   // after the first epoch, as Jupyter's Kernel > Interrupt does
        });
        TrainingInterruptedException e;
        try {
            e = assertThrows(TrainingInterruptedException.class,
                    () -> dp.fit(net(0.1), blobs(100, 4).toDataSet(), null));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt flag stays set for the caller");
        }
        assertEquals(2, e.epoch());
        assertEquals(1, e.history().epochs().size());
        assertEquals(1, lines.size());
        assertEquals(List.of("train_loss", "clipped", "epsilon", "seconds"), e.history().columns());
    }

    @Test
    void badConfigurationIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DpSgd.builder().clipNorm(-1));
        assertTrue(e.getMessage().contains("clipNorm") && e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DpSgd.builder().batchSize(100)
                .fit(net(0.1), blobs(50, 1).toDataSet(), null));
        assertTrue(e.getMessage().contains("batchSize = 100"), e.getMessage());
        MultiLayerNetwork dropout = Mlp.builder().inputs(4).hidden(8).dropout(0.2)
                .output(2, Activation.SOFTMAX, LossFunction.MCXENT).build();
        e = assertThrows(IllegalArgumentException.class, () -> DpSgd.builder().batchSize(10)
                .fit(dropout, blobs(50, 1).toDataSet(), null));
        assertTrue(e.getMessage().contains("Method.LOOP"), e.getMessage());
    }
}
