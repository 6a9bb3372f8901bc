package org.dlnotes.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.metrics.Classification;
import org.dlnotes.models.Mlp;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

class ExplainTest {

    private static final List<String> NAMES = List.of("signal", "weak", "noise");

    /** Label = 1 when 2·x0 + 0.5·x1 + small noise > 0; x2 is pure noise. One-hot labels [n, 2]. */
    private static DataSet data(int n, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(DataType.FLOAT, n, 3);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            double x0 = r.nextGaussian();
            double x1 = r.nextGaussian();
            x.putScalar(i, 0, x0);
            x.putScalar(i, 1, x1);
            x.putScalar(i, 2, r.nextGaussian());
            y.putScalar(i, 2 * x0 + 0.5 * x1 + 0.3 * r.nextGaussian() > 0 ? 1 : 0, 1);
        }
        return new DataSet(x, y);
    }

    private static MultiLayerNetwork trained(DataSet train) {
        MultiLayerNetwork net = Mlp.builder().inputs(3).hidden(8).output(2, Activation.SOFTMAX, LossFunction.MCXENT)
                .updater(new Adam(0.05)).seed(1).build();
        for (int i = 0; i < 150; i++) {
            net.fit(train);
        }
        return net;
    }

    @Test
    void aFeatureTheModelIgnoresHasImportanceExactlyZero() {
        DataSet test = data(400, 2);
        // a "model" that reads column 0 only
        Function<INDArray, INDArray> model = x -> {
            INDArray p1 = Transforms.sigmoid(x.getColumn(0).mul(4), true).reshape(x.size(0), 1);
            return Nd4j.hstack(p1.rsub(1), p1);
        };
        Importances imp = PermutationImportance.of(model, Classification::accuracy).repeats(5).seed(3)
                .compute(test.getFeatures(), test.getLabels(), NAMES);
        assertEquals(0.0, imp.importance("weak"), 0.0);
        assertEquals(0.0, imp.importance("noise"), 0.0);
        assertEquals(0.0, imp.stds()[2], 0.0);
        assertTrue(imp.importance("signal") > 0.3, imp.table().print());
        assertTrue(imp.baseline() > 0.85, "baseline " + imp.baseline());
        assertEquals(List.of("signal", "weak", "noise"), imp.ranking());
        assertEquals(5, imp.drops()[0].length);
    }

    @Test
    void aTrainedNetworkRanksSignalAboveWeakAboveNoise() {
        DataSet train = data(600, 4);
        DataSet test = data(600, 5);
        MultiLayerNetwork net = trained(train);
        PermutationImportance pi = PermutationImportance.of(net::output, Classification::accuracy).repeats(10).seed(7);
        Importances imp = pi.compute(test.getFeatures(), test.getLabels(), NAMES);
        assertEquals(List.of("signal", "weak", "noise"), imp.ranking(), imp.table().print());
        assertTrue(Math.abs(imp.importance("noise")) < 0.02, "noise " + imp.importance("noise"));
        assertTrue(imp.importance("weak") > 0.03, "weak " + imp.importance("weak"));
        assertTrue(imp.importance("signal") > 0.3, "signal " + imp.importance("signal"));
        // same seed, same shuffles
        assertArrayEquals(imp.means(), pi.compute(test.getFeatures(), test.getLabels(), NAMES).means(), 0.0);
        // the features passed in are left as they were
        INDArray x = test.getFeatures().dup();
        pi.compute(test.getFeatures(), test.getLabels(), NAMES);
        assertEquals(x, test.getFeatures());
    }

    @Test
    void permutationImportanceRejectsMismatchedInput() {
        DataSet d = data(10, 1);
        PermutationImportance pi = PermutationImportance.of(x -> x, Classification::accuracy);
        assertEquals("featureNames has 2 names but features has 3 columns", assertThrows(
                IllegalArgumentException.class, () -> pi.compute(d.getFeatures(), d.getLabels(), List.of("a", "b")))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> pi.compute(d.getFeatures(),
                d.getLabels().getRows(0, 1), NAMES));
        assertThrows(IllegalArgumentException.class, () -> pi.repeats(0));
        assertThrows(IllegalArgumentException.class, () -> PermutationImportance.of(x -> x,
                Classification::accuracy).compute(d.getFeatures(), d.getLabels(), NAMES).importance("nope"));
    }

    @Test
    void saliencyMatchesFiniteDifferencesInDoublePrecision() {
        MultiLayerNetwork net = trained(data(300, 6)).convertDataType(DataType.DOUBLE);
        INDArray x = data(20, 7).getFeatures().castTo(DataType.DOUBLE);
        for (int c = 0; c < 2; c++) {
            INDArray g = Saliency.gradients(net, x, c);
            INDArray fd = Saliency.finiteDifferences(net, x, c, 1e-5);
            assertArrayEquals(new long[] {20, 3}, g.shape());
            double scale = Transforms.abs(fd).maxNumber().doubleValue();
            double diff = Transforms.abs(g.sub(fd)).maxNumber().doubleValue();
            assertTrue(diff < 1e-6 * Math.max(1, scale), "class " + c + ": max |gradient − fd| = " + diff);
            assertTrue(scale > 0.1, "the gradients are not trivially zero: " + scale);
        }
        // log p0 + log p1 are tied (p0 + p1 = 1): the gradients have opposite signs, weighted by the probabilities
        INDArray p = net.output(x);
        INDArray g0 = Saliency.gradients(net, x, 0).mulColumnVector(p.getColumn(0).reshape(20, 1));
        INDArray g1 = Saliency.gradients(net, x, 1).mulColumnVector(p.getColumn(1).reshape(20, 1));
        assertTrue(g0.add(g1).amaxNumber().doubleValue() < 1e-9, "∂p0/∂x + ∂p1/∂x = 0");
        // the noise feature matters least on average, the signal most
        double[] mean = Saliency.meanAbsolute(Saliency.gradients(net, x, 1));
        assertTrue(mean[0] > mean[1] && mean[1] > mean[2], java.util.Arrays.toString(mean));
    }

    @Test
    void saliencyOfLogisticRegressionIsTheClosedForm() {
        MultiLayerNetwork logit = Mlp.logisticRegression(3).seed(3).build().convertDataType(DataType.DOUBLE);
        INDArray x = data(10, 8).getFeatures().castTo(DataType.DOUBLE);
        INDArray w = logit.getParam("0_W").reshape(1, 3);
        INDArray p = logit.output(x);
        // ∂ log σ(wx+b) / ∂x = (1 − σ) w ;  ∂ log(1 − σ) / ∂x = −σ w
        INDArray expected1 = p.rsub(1).mmul(w);
        INDArray expected0 = p.neg().mmul(w);
        assertTrue(Saliency.gradients(logit, x, 1).equalsWithEps(expected1, 1e-9));
        assertTrue(Saliency.gradients(logit, x, 0).equalsWithEps(expected0, 1e-9));
        // per-row classes
        INDArray mixed = Saliency.gradients(logit, x, new int[] {1, 0, 1, 0, 1, 0, 1, 0, 1, 0});
        assertTrue(mixed.getRow(1).equalsWithEps(expected0.getRow(1), 1e-9));
        assertTrue(mixed.getRow(2).equalsWithEps(expected1.getRow(2), 1e-9));
    }

    @Test
    void saliencyRejectsWhatItCannotExplain() {
        MultiLayerNetwork dropout = Mlp.builder().inputs(3).hidden(4).dropout(0.5)
                .output(2, Activation.SOFTMAX, LossFunction.MCXENT).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Saliency.gradients(dropout, Nd4j.rand(2, 3), 0))
                .getMessage().contains("dropout"));
        MultiLayerNetwork regression = Mlp.linearRegression(3, 1).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Saliency.gradients(regression,
                Nd4j.rand(2, 3), 0)).getMessage().contains("SOFTMAX + MCXENT"));
        MultiLayerNetwork ok = Mlp.builder().inputs(3).output(2, Activation.SOFTMAX, LossFunction.MCXENT).build();
        assertEquals("classes[0] is 2, outside [0, 2)", assertThrows(IllegalArgumentException.class,
                () -> Saliency.gradients(ok, Nd4j.rand(1, 3), 2)).getMessage());
    }

    @Test
    void surrogateRecoversAKnownLinearModelExactly() {
        double[] w = {1.5, -2, 0, 0.5};
        Function<INDArray, INDArray> linear = x -> x.castTo(DataType.DOUBLE)
                .mmul(Nd4j.createFromArray(w).reshape(4, 1)).addi(2);
        INDArray instance = Nd4j.createFromArray(0.3, -1.0, 2.0, 0.7);
        Explanation e = LocalSurrogate.of(linear, 0).samples(500).seed(1).explain(instance);
        assertArrayEquals(w, e.coefficients(), 1e-5);
        double atInstance = 2 + 0.45 + 2 + 0 + 0.35;
        assertEquals(atInstance, e.modelValue(), 1e-12);
        assertEquals(atInstance, e.intercept(), 1e-6);
        assertEquals(1.0, e.fidelity(), 1e-9);
        // with per-feature scales the coefficients are still per unit of each feature
        Explanation scaled = LocalSurrogate.of(linear, 0).samples(500).scale(2, 0.5, 1, 3).kernelWidth(1.5)
                .explain(instance.reshape(1, 4));
        assertArrayEquals(w, scaled.coefficients(), 1e-5);
        assertEquals(List.of("b", "a", "d", "c"), scaled.table(List.of("a", "b", "c", "d"))
                .stringColumn("feature").asList());
    }

    @Test
    void aNarrowKernelGivesTheLocalGradientOfANonlinearModel() {
        double[] w = {1.0, -0.5, 2.0};
        Function<INDArray, INDArray> logistic = x -> Transforms.sigmoid(x.castTo(DataType.DOUBLE)
                .mmul(Nd4j.createFromArray(w).reshape(3, 1)), false);
        double[] x0 = {0.4, 0.2, -0.1};
        double s = 1 / (1 + Math.exp(-(0.4 - 0.1 - 0.2)));
        Explanation narrow = LocalSurrogate.of(logistic, 0).samples(3000).scale(0.05, 0.05, 0.05).seed(2)
                .explain(Nd4j.createFromArray(x0));
        for (int j = 0; j < 3; j++) {
            assertEquals(s * (1 - s) * w[j], narrow.coefficients()[j], 0.01 * Math.abs(w[j]), "feature " + j);
        }
        assertTrue(narrow.fidelity() > 0.99, "R² " + narrow.fidelity());
        // far from linear on a wide neighbourhood: the fit is worse
        Explanation wide = LocalSurrogate.of(logistic, 0).samples(3000).scale(3, 3, 3).kernelWidth(10).seed(2)
                .explain(Nd4j.createFromArray(x0));
        assertTrue(wide.fidelity() < narrow.fidelity(), wide.fidelity() + " vs " + narrow.fidelity());
    }

    @Test
    void surrogateRejectsBadArguments() {
        Function<INDArray, INDArray> id = x -> x;
        assertEquals("scale has 2 entries but the instance has 3 features", assertThrows(
                IllegalArgumentException.class, () -> LocalSurrogate.of(id, 0).scale(1, 1)
                        .explain(Nd4j.rand(1, 3))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalSurrogate.of(id, 5)
                .explain(Nd4j.rand(1, 3))).getMessage().contains("outputColumn is 5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalSurrogate.of(id, 0)
                .explain(Nd4j.rand(2, 3))).getMessage().contains("one row"));
        assertThrows(IllegalArgumentException.class, () -> LocalSurrogate.of(id, 0).kernelWidth(0));
        assertThrows(IllegalArgumentException.class, () -> LocalSurrogate.of(id, 0).samples(3));
        assertThrows(IllegalArgumentException.class, () -> LocalSurrogate.of(id, 0).scale(1, -1));
    }
}
