package org.dlnotes.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.dlnotes.models.Cnn;
import org.dlnotes.models.Mlp;
import org.dlnotes.models.TextClassifier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import tech.tablesaw.api.Table;

class TrainerTest {

    private static MultiLayerNetwork net(long seed) {
        return Mlp.builder().inputs(2).hidden(8).output(2, Activation.SOFTMAX, LossFunction.MCXENT)
                .updater(new Adam(0.05)).seed(seed).build();
    }

    private static TrainingResult trainToy(MultiLayerNetwork net, int epochs, List<String> lines) {
        return Trainer.of(net).epochs(epochs).fastMode(false)
                .validation(ToyData.iterator(ToyData.blobs(60, 2), 30))
                .metric("accuracy", ToyData::accuracy)
                .progressTo(lines::add)
                .fit(ToyData.iterator(ToyData.blobs(120, 1), 20));
    }

    @Test
    void drivesASeparableProblemToFullAccuracy() {
        List<String> lines = new ArrayList<>();
        TrainingResult r = trainToy(net(7), 8, lines);
        History h = r.history();
        assertEquals(List.of("train_loss", "val_loss", "train_accuracy", "val_accuracy", "samples_per_s", "seconds"),
                h.columns());
        assertEquals(8, h.epochs().size());
        assertEquals(1.0, h.last().value("val_accuracy"));
        assertEquals(1.0, h.last().value("train_accuracy"));
        double[] loss = h.column("train_loss");
        assertTrue(loss[7] < loss[0] / 3, "train loss " + loss[0] + " → " + loss[7]);
        assertTrue(h.last().value("samples_per_s") > 0 && h.last().value("seconds") > 0);
        assertEquals(8, r.bestEpoch());
        assertFalse(r.stoppedEarly());
        assertEquals(8, lines.size());
        assertTrue(lines.get(7).matches("epoch 8/8  train_loss \\d\\.\\d{4}  val_loss \\d\\.\\d{4}"
                + "  train_accuracy 1\\.0000  val_accuracy 1\\.0000  [\\d,]+ samples/s  \\d+\\.\\d\\d s"), lines.get(7));
        Table t = h.table();
        assertEquals(8, t.rowCount());
        assertEquals(7, t.columnCount());
        assertEquals(8, t.intColumn("epoch").get(7));
        assertEquals(loss[3], t.doubleColumn("train_loss").get(3));
        assertTrue(t.doubleColumn("train_loss").getString(3).matches("\\d\\.\\d{4}"), "4 decimals when printed");
    }

    @Test
    void sameSeedAndDataGiveTheSameHistory() {
        History a = trainToy(net(11), 3, new ArrayList<>()).history();
        History b = trainToy(net(11), 3, new ArrayList<>()).history();
        History c = trainToy(net(12), 3, new ArrayList<>()).history();
        for (String column : List.of("train_loss", "val_loss", "train_accuracy", "val_accuracy")) {
            assertArrayEquals(a.column(column), b.column(column), column);
        }
        assertNotEquals(a.column("train_loss")[0], c.column("train_loss")[0], "another seed, another run");
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestEpoch() {
        for (boolean restore : new boolean[] {true, false}) {
            MultiLayerNetwork net = net(3);
            double[] script = {5, 4, 3, 3.5, 3.6, 3.7, 3.8, 3.9};
            List<INDArray> params = new ArrayList<>();
            // a validation "metric" that follows a script: best at epoch 3, worse afterwards
            Metric scripted = (labels, output) -> {
                int epoch = net.getEpochCount();
                if (params.size() < epoch) {
                    params.add(net.params().dup());
                }
                return script[epoch - 1];
            };
            EarlyStopping rule = EarlyStopping.minimize("val_scripted", 2);
            List<String> lines = new ArrayList<>();
            TrainingResult r = Trainer.of(net).epochs(8).fastMode(false)
                    .validation(ToyData.iterator(ToyData.blobs(20, 2), 20)).metric("scripted", scripted)
                    .earlyStopping(restore ? rule : rule.keepLast()).progressTo(lines::add)
                    .fit(ToyData.iterator(ToyData.blobs(40, 1), 20));
            assertTrue(r.stoppedEarly());
            assertEquals(5, r.history().epochs().size());
            assertArrayEquals(new double[] {5, 4, 3, 3.5, 3.6}, r.history().column("val_scripted"));
            assertEquals(restore ? 3 : 5, r.bestEpoch());
            assertEquals(params.get(restore ? 2 : 4), net.params());
            assertNotEquals(params.get(2), params.get(4));
            assertTrue(lines.get(4).endsWith("early stop: val_scripted not improved for 2 epochs"), lines.get(4));
            assertEquals(restore ? "restored epoch 3 (val_scripted 3.0000)" : lines.get(4), lines.get(lines.size() - 1));
        }
    }

    @Test
    void maximizeGoalTracksTheLargestValue() {
        EarlyStopping max = EarlyStopping.maximize("val_accuracy", 1);
        assertTrue(max.improves(0.9, 0.8));
        assertFalse(max.improves(0.8, 0.8));
        assertFalse(max.improves(Double.NaN, 0.8));
        assertTrue(EarlyStopping.minimize("val_loss", 1).improves(0.1, 0.2));
        assertEquals("patience must be >= 1, but is 0", assertThrows(IllegalArgumentException.class,
                () -> EarlyStopping.minimize("val_loss", 0)).getMessage());
    }

    @Test
    void unknownMonitorIsRejectedBeforeTraining() {
        MultiLayerNetwork net = net(1);
        INDArray before = net.params().dup();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(net)
                .earlyStopping(EarlyStopping.minimize("val_loss", 2)).fit(ToyData.iterator(ToyData.blobs(20, 1), 10)));
        assertTrue(e.getMessage().contains("'val_loss'") && e.getMessage().contains("[train_loss, samples_per_s,"),
                e.getMessage());
        assertEquals(before, net.params());
    }

    @Test
    void interruptStopsBeforeTheNextEpochAndKeepsTheCompletedEpochs() {
        MultiLayerNetwork net = net(5);
        List<String> lines = new ArrayList<>();
        Trainer trainer = Trainer.of(net).epochs(50).fastMode(false).progressTo(line -> {
            lines.add(line);
            if (lines.size() == 2) {
                Thread.currentThread().interrupt();   // as Jupyter's Kernel > Interrupt does to the cell's thread
            }
        });
        TrainingInterruptedException e;
        try {
            e = assertThrows(TrainingInterruptedException.class,
                    () -> trainer.fit(ToyData.iterator(ToyData.blobs(120, 1), 20)));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt flag stays set for the caller");
        }
        assertEquals(3, e.epoch());
        assertEquals(0, e.iteration());
        assertEquals(2, e.history().epochs().size());
        assertEquals(2, net.getEpochCount());
        assertTrue(e.getMessage().startsWith("training interrupted before epoch 3; "), e.getMessage());
    }

    @Test
    void fastModeCapsEpochsAtTwo() {
        List<String> lines = new ArrayList<>();
        Trainer t = Trainer.of(net(1)).epochs(10).fastMode(true).progressTo(lines::add);
        assertEquals(2, t.plannedEpochs());
        assertEquals(2, t.fit(ToyData.iterator(ToyData.blobs(20, 1), 10)).history().epochs().size());
        assertTrue(lines.get(1).startsWith("epoch 2/2 "), lines.get(1));
        assertEquals(1, Trainer.of(net(1)).epochs(1).fastMode(true).plannedEpochs());
        assertEquals(10, Trainer.of(net(1)).epochs(10).fastMode(false).plannedEpochs());
    }

    @Test
    void progressEveryKEpochsAndTheLast() {
        List<String> lines = new ArrayList<>();
        Trainer.of(net(1)).epochs(5).fastMode(false).progressEvery(2).progressTo(lines::add)
                .fit(ToyData.iterator(ToyData.blobs(20, 1), 10));
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("epoch 2/5 ") && lines.get(2).startsWith("epoch 5/5 "), lines.toString());
        List<String> silent = new ArrayList<>();
        Trainer.of(net(1)).epochs(2).fastMode(false).progressEvery(0).progressTo(silent::add)
                .fit(ToyData.iterator(ToyData.blobs(20, 1), 10));
        assertEquals(List.of(), silent);
    }

    @Test
    void gradientClippingLimitsEachLayersStep() {
        MultiLayerNetwork net = Mlp.builder().inputs(2).hidden(8).output(2, Activation.SOFTMAX, LossFunction.MCXENT)
                .updater(new Sgd(1.0)).seed(1).build();
        INDArray w0 = net.getLayer(0).params().dup();
        INDArray w1 = net.getLayer(1).params().dup();
        Trainer.of(net).epochs(1).fastMode(false).clipGradientNorm(1e-3).progressEvery(0)
                .fit(ToyData.iterator(ToyData.blobs(20, 1), 20)); // one iteration, learning rate 1
        BaseLayer conf = (BaseLayer) net.getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(GradientNormalization.ClipL2PerLayer, conf.getGradientNormalization());
        assertEquals(1e-3, conf.getGradientNormalizationThreshold());
        double step0 = net.getLayer(0).params().sub(w0).norm2Number().doubleValue();
        double step1 = net.getLayer(1).params().sub(w1).norm2Number().doubleValue();
        assertTrue(step0 > 0 && step0 <= 1e-3 + 1e-7, "layer 0 step " + step0);
        assertTrue(step1 > 0 && step1 <= 1e-3 + 1e-7, "layer 1 step " + step1);
    }

    /** Counts backward passes: net.fit makes one per minibatch, the lean step none. */
    private static final class BackwardPasses extends BaseTrainingListener {
        int count;

        @Override
        public void onBackwardPass(Model model) {
            count++;
        }
    }

    private static BackwardPasses countBackwardPasses(MultiLayerNetwork net) {
        BackwardPasses passes = new BackwardPasses();
        net.addListeners(passes);
        return passes;
    }

    @Test
    void denseNetworksTrainThroughTheLeanStepAsNetFitWould() {
        MultiLayerNetwork lean = net(3);
        MultiLayerNetwork dl4j = net(3);
        BackwardPasses leanPasses = countBackwardPasses(lean);
        BackwardPasses dl4jPasses = countBackwardPasses(dl4j);
        History a = trainToy(lean, 4, new ArrayList<>()).history();
        History b = Trainer.of(dl4j).leanStep(false).epochs(4).fastMode(false)
                .validation(ToyData.iterator(ToyData.blobs(60, 2), 30))
                .metric("accuracy", ToyData::accuracy)
                .progressEvery(0)
                .fit(ToyData.iterator(ToyData.blobs(120, 1), 20)).history();
        assertEquals(0, leanPasses.count, "the lean step makes no DL4J backward pass");
        assertEquals(4 * 6, dl4jPasses.count, "net.fit: one backward pass per minibatch");
        assertEquals(24, lean.getIterationCount());
        assertEquals(dl4j.getIterationCount(), lean.getIterationCount());
        for (String column : List.of("train_loss", "val_loss")) {
            double[] x = a.column(column);
            double[] y = b.column(column);
            for (int i = 0; i < x.length; i++) {
                assertEquals(y[i], x[i], 1e-5 * Math.abs(y[i]) + 1e-6, column + " of epoch " + (i + 1));
            }
        }
        assertTrue(lean.params().equalsWithEps(dl4j.params(), 1e-4), "the same parameters within float rounding");
    }

    @Test
    void networksTheLeanStepDoesNotTakeTrainWithNetFit() {
        MultiLayerNetwork clipped = net(3);
        BackwardPasses passes = countBackwardPasses(clipped);
        Trainer.of(clipped).epochs(1).fastMode(false).clipGradientNorm(1.0).progressEvery(0)
                .fit(ToyData.iterator(ToyData.blobs(40, 1), 20));
        assertEquals(2, passes.count, "gradient clipping: net.fit for both minibatches");
    }

    @Test
    void aBatchTheLeanStepRefusesGoesToNetFitAndSaysSo() {
        DataSet data = ToyData.blobs(40, 1);
        data.setLabelsMaskArray(Nd4j.ones(40, 1));
        MultiLayerNetwork net = net(3);
        BackwardPasses passes = countBackwardPasses(net);
        List<String> lines = new ArrayList<>();
        Trainer.of(net).epochs(2).fastMode(false).progressTo(lines::add).fit(ToyData.iterator(data, 20));
        assertEquals(4, passes.count, "net.fit for every minibatch from the first masked one on");
        assertTrue(lines.get(0).startsWith("  · net.fit from here on: the lean step refused a batch (the batch has "
                + "mask arrays"), lines.get(0));
        assertEquals(3, lines.size(), "one notice and one line per epoch: " + lines);
    }

    @Test
    void nanLossStopsWithEpochAndIteration() {
        DataSet data = ToyData.blobs(30, 1);
        data.getFeatures().putScalar(25, 0, Double.NaN); // in the third batch of 10
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.of(net(1))
                .epochs(3).fastMode(false).progressEvery(0).fit(ToyData.iterator(data, 10)));
        assertEquals(1, e.epoch());
        assertEquals(3, e.iteration());
        assertTrue(e.getMessage().contains("loss is NaN at epoch 1, iteration 3"), e.getMessage());
    }

    /** One full-batch step with a learning rate of 1e300 breaks the parameters while its own loss is finite. */
    @Test
    void parametersBrokenByAnUpdateStopTrainingAtThatUpdateAndAreRestored() {
        MultiLayerNetwork net = Mlp.builder().inputs(2).hidden(8).output(2, Activation.SOFTMAX, LossFunction.MCXENT)
                .updater(new Sgd(1e300)).seed(1).build();
        INDArray before = net.params().dup();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.of(net).epochs(2)
                .fastMode(false).progressEvery(0).validation(ToyData.iterator(ToyData.blobs(20, 2), 20))
                .fit(ToyData.iterator(ToyData.blobs(40, 1), 40)));
        assertEquals(1, e.epoch());
        assertEquals(1, e.iteration());
        assertTrue(e.getMessage().startsWith("training diverged: the parameters became NaN or infinite in the update"
                + " (its loss was "), e.getMessage());
        assertTrue(e.getMessage().contains("at epoch 1, iteration 1. The network keeps its last finite parameters."),
                e.getMessage());
        assertEquals(before, net.params());
    }

    @Test
    void nonFiniteValidationLossStopsTraining() {
        DataSet validation = ToyData.blobs(20, 2);
        validation.getFeatures().putScalar(3, 1, Double.POSITIVE_INFINITY);
        MultiLayerNetwork net = net(1);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.of(net).epochs(2)
                .fastMode(false).progressEvery(0).validation(ToyData.iterator(validation, 10))
                .fit(ToyData.iterator(ToyData.blobs(40, 1), 20)));
        assertTrue(e.getMessage().startsWith("training diverged: val_loss is NaN (after the epoch's last update) at "
                + "epoch 1, iteration 2."), e.getMessage());
        assertTrue(BooleanIndexing.and(net.params(), Conditions.isFinite()), "the parameters stay finite");
    }

    @Test
    void nonResettableDataIsAClearErrorBeforeTraining() {
        DataSet data = ToyData.blobs(20, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(net(1)).epochs(1)
                .fit(new ExistingDataSetIterator(List.of(data).iterator())));
        assertEquals("train data must support reset(), as the trainer reads the first batch to check it and starts"
                + " every epoch with reset(), but org.deeplearning4j.datasets.iterator.ExistingDataSetIterator does"
                + " not; use a resettable iterator such as LabelledData.batches or a ViewIterator", e.getMessage());
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class, () -> Trainer.of(net(1)).epochs(1)
                .validation(new ExistingDataSetIterator(List.of(data).iterator()))
                .fit(ToyData.iterator(data, 10)));
        assertTrue(v.getMessage().startsWith("validation data must support reset()"), v.getMessage());
    }

    @Test
    void mismatchedShapesNameBothShapesBeforeTraining() {
        MultiLayerNetwork net = net(1);
        INDArray before = net.params().dup();
        DataSet threeFeatures = new DataSet(Nd4j.rand(10, 3), Nd4j.eye(2).repeat(0, 5).reshape(10, 2));
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> Trainer.of(net).fit(ToyData.iterator(threeFeatures, 10)));
        assertEquals("train features have shape [10, 3], but the model has 2 input features: expected shape"
                + " [batch, 2]", f.getMessage());
        DataSet threeClasses = new DataSet(Nd4j.rand(10, 2), Nd4j.zeros(10, 3));
        IllegalArgumentException l = assertThrows(IllegalArgumentException.class, () -> Trainer.of(net)
                .validation(ToyData.iterator(threeClasses, 5)).fit(ToyData.iterator(ToyData.blobs(10, 1), 5)));
        assertEquals("validation labels have shape [5, 3], but the model has 2 output units: expected shape"
                + " [batch, 2]", l.getMessage());
        assertEquals(before, net.params(), "nothing trained");
        MultiLayerNetwork cnn = Cnn.builder().image(8, 8, 1).classes(10).filters(2).dense(4).build();
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> Trainer.of(cnn)
                .fit(ToyData.iterator(new DataSet(Nd4j.rand(4, 63), Nd4j.zeros(4, 10)), 4)));
        assertEquals("train features have shape [4, 63], but the model has 64 input values (8×8×1 images):"
                + " expected shape [batch, 64]", c.getMessage());
    }

    @Test
    void trainsASequenceModelAndChecksTokenIndices() {
        MultiLayerNetwork net = TextClassifier.builder().vocabulary(4).embedding(4).lstm(8).classes(2)
                .updater(new Adam(0.05)).seed(5).build();
        INDArray x = Nd4j.create(new double[][] {{0, 1, 2, 1}, {3, 1, 0, 2}, {2, 2, 1, 0}, {1, 3, 3, 0}});
        INDArray y = Nd4j.create(new double[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}});
        TrainingResult r = Trainer.of(net).epochs(20).fastMode(false).progressEvery(0)
                .metric("accuracy", ToyData::accuracy).fit(ToyData.iterator(new DataSet(x, y), 4));
        double[] loss = r.history().column("train_loss");
        assertTrue(loss[19] < loss[0] / 2, "loss " + loss[0] + " → " + loss[19]);
        assertEquals(1.0, r.history().last().value("train_accuracy"));
        INDArray badTokens = Nd4j.create(new double[][] {{0, 1, 9, 1}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(net)
                .fit(ToyData.iterator(new DataSet(badTokens, Nd4j.create(new double[][] {{1, 0}})), 1)));
        assertEquals("train features hold token indices up to 9, but the model's embedding has 4 tokens"
                + " (indices 0..3); features shape [1, 4]", e.getMessage());
    }

    @Test
    void emptyDataIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.of(net(1)).fit(new ExistingDataSetIterator(List.<DataSet>of())));
        assertEquals("train data must not be empty, but the iterator has no batches", e.getMessage());
    }

    @Test
    void badArgumentsNameTheValue() {
        Trainer t = Trainer.of(net(1));
        assertEquals("epochs must be >= 1, but is 0",
                assertThrows(IllegalArgumentException.class, () -> t.epochs(0)).getMessage());
        assertEquals("maxNorm must be a finite number > 0, but is -1.0",
                assertThrows(IllegalArgumentException.class, () -> t.clipGradientNorm(-1)).getMessage());
        assertEquals("k must be >= 0, but is -2",
                assertThrows(IllegalArgumentException.class, () -> t.progressEvery(-2)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.metric("top 5", ToyData::accuracy))
                .getMessage().endsWith("but is 'top 5'"));
        t.metric("acc", ToyData::accuracy);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.metric("acc", ToyData::accuracy))
                .getMessage().contains("'acc' is already used"));
    }
}
