package org.dlnotes.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.LabelledData;
import org.dlnotes.models.Mlp;
import org.dlnotes.train.Trainer;
import org.dlnotes.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

class DistillationTest {

    /** Three Gaussian blobs in 4-D as a LabelledData. */
    private static LabelledData labelled(int n, long seed) {
        DataSet d = blobs(n, seed);
        int[] classes = d.getLabels().argMax(1).toIntVector();
        return LabelledData.of("blobs", d.getFeatures(), classes, List.of("a", "b", "c"), List.of("x0", "x1", "x2", "x3"));
    }

    /** Three Gaussian blobs in 4-D, one-hot labels. */
    private static DataSet blobs(int n, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(DataType.FLOAT, n, 4);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            for (int j = 0; j < 4; j++) {
                x.putScalar(i, j, (j == c ? 2.0 : 0.0) + r.nextGaussian());
            }
            y.putScalar(i, c, 1);
        }
        return new DataSet(x, y);
    }

    private static MultiLayerNetwork classifier(int hidden, long seed) {
        return Mlp.builder().inputs(4).hidden(hidden).output(3, Activation.SOFTMAX, LossFunction.MCXENT)
                .updater(new Adam(0.02)).seed(seed).build();
    }

    private static MultiLayerNetwork teacher() {
        MultiLayerNetwork teacher = classifier(16, 1);
        DataSet data = blobs(300, 1);
        for (int i = 0; i < 100; i++) {
            teacher.fit(data);
        }
        return teacher;
    }

    @Test
    void logitsAreThePreSoftmaxValues() {
        MultiLayerNetwork net = classifier(8, 2);
        INDArray x = blobs(10, 2).getFeatures();
        INDArray z = Distillation.logits(net, x);
        assertArrayEquals(new long[] {10, 3}, z.shape());
        INDArray softmax = Transforms.softmax(z, true);
        assertTrue(softmax.equalsWithEps(net.output(x), 1e-6), softmax + " vs " + net.output(x));
        // shifting a row's logits does not change its softmax, so check one value against a hand computation
        INDArray h = Transforms.relu(x.mmul(net.getParam("0_W")).addRowVector(net.getParam("0_b")), true);
        INDArray expected = h.mmul(net.getParam("1_W")).addRowVector(net.getParam("1_b"));
        assertTrue(expected.equalsWithEps(z, 1e-5));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        DistillationLoss loss = new DistillationLoss(3, 0.7);
        Random r = new Random(4);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 5, 6);
        INDArray student = Nd4j.create(DataType.DOUBLE, 5, 3);
        for (int i = 0; i < 5; i++) {
            labels.putScalar(i, i % 3, 1);
            for (int k = 0; k < 3; k++) {
                labels.putScalar(i, 3 + k, 4 * r.nextGaussian());
                student.putScalar(i, k, 2 * r.nextGaussian());
            }
        }
        INDArray gradient = loss.computeGradient(labels, student, new ActivationIdentity(), null);
        double h = 1e-6;
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < 3; k++) {
                INDArray plus = student.dup();
                plus.putScalar(i, k, student.getDouble(i, k) + h);
                INDArray minus = student.dup();
                minus.putScalar(i, k, student.getDouble(i, k) - h);
                double numeric = (loss.computeScore(labels, plus, new ActivationIdentity(), null, false)
                        - loss.computeScore(labels, minus, new ActivationIdentity(), null, false)) / (2 * h);
                assertEquals(numeric, gradient.getDouble(i, k), 1e-7, "d loss / d z[" + i + ", " + k + "]");
            }
        }
    }

    @Test
    void alphaZeroIsCrossEntropyAndAMatchedTeacherCostsNothing() {
        Random r = new Random(5);
        INDArray z = Nd4j.create(DataType.DOUBLE, 4, 3);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 4, 6);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, (i + 1) % 3, 1);
            for (int k = 0; k < 3; k++) {
                z.putScalar(i, k, 3 * r.nextGaussian());
                labels.putScalar(i, 3 + k, z.getDouble(i, k) + 7); // the teacher's logits, shifted by a constant
            }
        }
        INDArray oneHot = labels.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3));
        double mcxent = new LossMCXENT().computeScore(oneHot, z, new ActivationSoftmax(), null, true);
        assertEquals(mcxent, new DistillationLoss(2, 0).computeScore(labels, z, new ActivationIdentity(), null, true),
                1e-9);
        assertEquals(0, new DistillationLoss(2, 1).computeScore(labels, z, new ActivationIdentity(), null, true),
                1e-12);
        assertEquals(0.5 * mcxent, new DistillationLoss(5, 0.5).computeScore(labels, z, new ActivationIdentity(),
                null, true), 1e-9);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(2, 0.5)
                .computeScore(oneHot, z, new ActivationIdentity(), null, true)).getMessage().contains("2·K"));
    }

    @Test
    void trainableStartsAsTheStudentAndTrainsWithTheTrainer() {
        MultiLayerNetwork teacher = teacher();
        MultiLayerNetwork student = classifier(3, 7);
        INDArray studentParams = student.params().dup();
        Distillation d = Distillation.from(teacher).temperature(3).alpha(0.8);
        MultiLayerNetwork trainable = d.trainable(student);
        assertEquals(studentParams, trainable.params());
        LabelledData train = labelled(300, 8);
        assertTrue(trainable.output(train.features()).equalsWithEps(
                Distillation.logits(student, train.features()), 1e-5), "the trainable network outputs the logits");
        DataSet withTeacher = d.dataSet(train);
        assertEquals(train.labels(), withTeacher.getLabels().getColumns(0, 1, 2));
        assertTrue(withTeacher.getLabels().getColumns(3, 4, 5).equalsWithEps(
                Distillation.logits(teacher, train.features()), 1e-6));

        TrainingResult result = Trainer.of(trainable).epochs(30).progressEvery(0).fastMode(false)
                .metric("accuracy", Distillation::accuracy)
                .validation(d.batches(labelled(150, 9), 150, 1))
                .fit(d.batches(train, 50, 2));
        double[] loss = result.history().column("train_loss");
        assertTrue(loss[loss.length - 1] < loss[0] / 2, "distillation loss falls: " + loss[0] + " → "
                + loss[loss.length - 1]);
        assertTrue(result.history().last().value("val_accuracy") > 0.8, result.history().table().print());
        assertEquals(studentParams, student.params(), "the student itself is not trained");

        MultiLayerNetwork distilled = Distillation.classifier(trainable, student);
        INDArray x = blobs(150, 9).getFeatures();
        INDArray p = distilled.output(x);
        assertTrue(p.sum(1).equalsWithEps(Nd4j.ones(DataType.FLOAT, 150), 1e-5), "softmax outputs again");
        assertTrue(p.equalsWithEps(Transforms.softmax(trainable.output(x), true), 1e-5));
        // the student learned the teacher's soft targets: its temperature-T distribution is close to the teacher's
        INDArray soft = d.softTargets(x);
        INDArray studentSoft = Transforms.softmax(trainable.output(x).castTo(DataType.DOUBLE).div(3), true);
        double gap = Transforms.abs(soft.sub(studentSoft)).meanNumber().doubleValue();
        double untrained = Transforms.abs(soft.sub(Transforms.softmax(student.output(x).castTo(DataType.DOUBLE)
                .div(3), true))).meanNumber().doubleValue();
        assertTrue(gap < untrained / 2, "soft-target gap " + gap + " vs untrained " + untrained);
        double kl = d.softTargetDivergence(distilled, x);
        double klUntrained = d.softTargetDivergence(student, x);
        assertTrue(kl >= 0 && kl < klUntrained / 2, "KL " + kl + " vs untrained " + klUntrained);
        assertEquals(0, d.softTargetDivergence(teacher, x), 1e-9, "the teacher matches itself");
        // KL by hand for one row
        double[] p0 = d.softTargets(x.getRow(0).reshape(1, 4)).toDoubleVector();
        double[] q0 = Transforms.softmax(Distillation.logits(distilled, x.getRow(0).reshape(1, 4))
                .castTo(DataType.DOUBLE).div(3), true).toDoubleVector();
        double byHand = 0;
        for (int c = 0; c < 3; c++) {
            byHand += p0[c] * Math.log(p0[c] / q0[c]);
        }
        assertEquals(byHand, d.softTargetDivergence(distilled, x.getRow(0).reshape(1, 4)), 1e-6);
        assertTrue(d.agreement(distilled, x) > 0.9, "agreement " + d.agreement(distilled, x));
        assertEquals(1.0, d.agreement(teacher, x), 0.0);
    }

    @Test
    void configurationWithTheLossSurvivesJson() {
        MultiLayerNetwork trainable = Distillation.from(classifier(4, 1)).temperature(2.5).alpha(0.3)
                .trainable(classifier(2, 2));
        String json = trainable.getLayerWiseConfigurations().toJson();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(trainable.getLayerWiseConfigurations(), back);
        assertTrue(json.contains("2.5"), json);
    }

    @Test
    void badArgumentsAreRejected() {
        assertEquals("temperature must be a finite number > 0, but is 0.0",
                assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(0, 0.5)).getMessage());
        assertEquals("alpha (weight of the teacher's soft targets) must be in [0, 1], but is 1.5",
                assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(2, 1.5)).getMessage());
        MultiLayerNetwork sigmoid = Mlp.logisticRegression(4).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Distillation.from(sigmoid)).getMessage()
                .contains("softmax OutputLayer"));
        MultiLayerNetwork twoClasses = Mlp.builder().inputs(4).output(2, Activation.SOFTMAX, LossFunction.MCXENT)
                .build();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Distillation.from(classifier(4, 1)).trainable(twoClasses)).getMessage().contains("3 classes"));
        assertThrows(IllegalArgumentException.class, () -> Distillation.from(classifier(4, 1)).temperature(-1));
    }
}
