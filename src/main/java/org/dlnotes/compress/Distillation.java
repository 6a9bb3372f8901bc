package org.dlnotes.compress;

import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dlnotes.data.Batches;
import org.dlnotes.data.LabelledData;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Knowledge distillation (Hinton, Vinyals &amp; Dean 2015): a small student learns from a trained teacher's
 * softened output distribution as well as from the labels, with {@link DistillationLoss}.
 *
 * <pre>{@code
 * Distillation d = Distillation.from(teacher).temperature(4).alpha(0.9);
 * MultiLayerNetwork trainable = d.trainable(student);                 // student's layers, logits + distillation loss
 * Trainer.of(trainable).metric("accuracy", Distillation::accuracy)
 *         .validation(d.batches(validation, 256, 1))
 *         .fit(d.batches(train, 64, 42));                             // labels: [one-hot | teacher logits]
 * MultiLayerNetwork distilled = Distillation.classifier(trainable, student);   // softmax outputs again
 * }</pre>
 *
 * The student must end in a softmax {@code OutputLayer} over the same classes as the teacher, e.g. from
 * {@code Mlp} or {@code Cnn}.
 */
public final class Distillation {

    private final MultiLayerNetwork teacher;
    private double temperature = 4;
    private double alpha = 0.9;

    private Distillation(MultiLayerNetwork teacher) {
        this.teacher = teacher;
    }

    /**
     * Distillation from a trained classifier whose last layer is a softmax {@code OutputLayer}.
     *
     * @throws IllegalArgumentException if the teacher does not end in a softmax output layer
     */
    public static Distillation from(MultiLayerNetwork teacher) {
        Objects.requireNonNull(teacher, "teacher");
        softmaxOutput("teacher", teacher);
        return new Distillation(teacher);
    }

    /** Temperature T of the soft targets (default 4); 1 is the teacher's plain softmax. */
    public Distillation temperature(double temperature) {
        new DistillationLoss(temperature, alpha); // checks the value
        this.temperature = temperature;
        return this;
    }

    /** Weight α in [0, 1] of the soft (teacher) term (default 0.9); 0 trains on the labels only. */
    public Distillation alpha(double alpha) {
        new DistillationLoss(temperature, alpha); // checks the value
        this.alpha = alpha;
        return this;
    }

    /** The loss with this temperature and weight. */
    public DistillationLoss loss() {
        return new DistillationLoss(temperature, alpha);
    }

    /** The teacher's soft targets {@code softmax(z_t / T)} for {@code features}, one row per example. */
    public INDArray softTargets(INDArray features) {
        return Transforms.exp(DistillationLoss.logSoftmax(logits(teacher, features).castTo(DataType.DOUBLE)
                .divi(temperature)), false);
    }

    /**
     * How closely a classifier reproduces the teacher's soft targets: the mean over rows of
     * {@code KL(softmax(z_t / T) ‖ softmax(z_s / T))}, in nats (0 = identical distributions at this temperature).
     *
     * @throws IllegalArgumentException if the classifier does not end in a softmax output layer over as many classes
     */
    public double softTargetDivergence(MultiLayerNetwork classifier, INDArray features) {
        Objects.requireNonNull(features, "features");
        INDArray student = logits(classifier, features).castTo(DataType.DOUBLE);
        INDArray teacherLogits = logits(teacher, features).castTo(DataType.DOUBLE);
        if (student.size(1) != teacherLogits.size(1)) {
            throw new IllegalArgumentException("classifier has " + student.size(1) + " outputs but the teacher has "
                    + teacherLogits.size(1));
        }
        INDArray labels = Nd4j.hstack(Nd4j.zeros(DataType.DOUBLE, student.shape()), teacherLogits);
        return new DistillationLoss(temperature, 1).computeScore(labels, student,
                new org.nd4j.linalg.activations.impl.ActivationIdentity(), null, true) / (temperature * temperature);
    }

    /** Fraction of rows on which a classifier predicts the same class as the teacher. */
    public double agreement(MultiLayerNetwork classifier, INDArray features) {
        Objects.requireNonNull(classifier, "classifier");
        return teacher.output(features).argMax(1).eq(classifier.output(features).argMax(1)).castTo(DataType.DOUBLE)
                .meanNumber().doubleValue();
    }

    /**
     * The data with labels {@code [one-hot | teacher logits]} ({@code 2·K} columns), as {@link DistillationLoss}
     * needs; the teacher runs once over all rows.
     */
    public DataSet dataSet(LabelledData data) {
        Objects.requireNonNull(data, "data");
        INDArray features = data.features();
        INDArray labels = data.labels();
        return new DataSet(features, Nd4j.hstack(labels, logits(teacher, features).castTo(labels.dataType())));
    }

    /**
     * Shuffled batches of {@link #dataSet(LabelledData)}, in the same row order as {@code data.batches(batchSize,
     * seed)}, so that a student trained on the labels alone sees the same batches.
     */
    public DataSetIterator batches(LabelledData data, int batchSize, long seed) {
        return Batches.shuffled(dataSet(data), batchSize, seed);
    }

    /**
     * A network for distillation training: the student's layers, its softmax output layer replaced by a dense
     * identity layer of the same size (the logits) and a {@link LossLayer} with {@link #loss()}, starting from the
     * student's current parameters. The student is not changed; {@link #classifier} turns the trained network back
     * into a softmax classifier.
     *
     * @throws IllegalArgumentException if the student does not end in a softmax output layer with as many classes as
     *     the teacher
     */
    public MultiLayerNetwork trainable(MultiLayerNetwork student) {
        Objects.requireNonNull(student, "student");
        OutputLayer out = softmaxOutput("student", student);
        long classes = softmaxOutput("teacher", teacher).getNOut();
        if (out.getNOut() != classes) {
            throw new IllegalArgumentException("student must predict the teacher's " + classes + " classes, but has "
                    + out.getNOut() + " outputs");
        }
        FineTuneConfiguration.Builder fine = new FineTuneConfiguration.Builder()
                .seed(student.getLayerWiseConfigurations().getConf(0).getSeed());
        if (out.getIUpdater() != null) {
            fine.updater(out.getIUpdater().clone());
        }
        MultiLayerNetwork net = new TransferLearning.Builder(student.clone())
                .fineTuneConfiguration(fine.build())
                .removeOutputLayer()
                .addLayer(new DenseLayer.Builder().nIn(out.getNIn()).nOut(out.getNOut())
                        .activation(Activation.IDENTITY).build())
                .addLayer(new LossLayer.Builder(loss()).activation(Activation.IDENTITY).build())
                .build();
        net.setParams(student.params().dup());
        return net;
    }

    /**
     * A copy of {@code student} (the softmax classifier) holding the parameters of {@code trained}, a network made
     * by {@link #trainable}.
     *
     * @throws IllegalArgumentException if the two do not have the same number of parameters
     */
    public static MultiLayerNetwork classifier(MultiLayerNetwork trained, MultiLayerNetwork student) {
        Objects.requireNonNull(trained, "trained");
        Objects.requireNonNull(student, "student");
        if (trained.numParams() != student.numParams()) {
            throw new IllegalArgumentException("trained has " + trained.numParams() + " parameters but student has "
                    + student.numParams() + "; pass the network made by trainable(student) and that student");
        }
        MultiLayerNetwork copy = student.clone();
        copy.setParams(trained.params().dup());
        return copy;
    }

    /**
     * The logits of a classifier: the pre-softmax values {@code z} of its output layer, so that
     * {@code softmax(z) = net.output(features)}.
     *
     * @throws IllegalArgumentException if the network does not end in a softmax output layer
     */
    public static INDArray logits(MultiLayerNetwork net, INDArray features) {
        Objects.requireNonNull(features, "features");
        softmaxOutput("net", net);
        int last = net.getnLayers() - 1;
        List<INDArray> activations = net.feedForward(features, false);
        INDArray input = activations.get(last);
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(last);
        if (pre != null) {
            input = pre.preProcess(input, (int) input.size(0), LayerWorkspaceMgr.noWorkspaces());
        }
        org.deeplearning4j.nn.api.Layer output = net.getLayer(last);
        return input.mmul(output.getParam("W")).addiRowVector(output.getParam("b"));
    }

    /**
     * Accuracy for a distillation network in the trainer: the class of the largest output against the class of the
     * first K label columns (the one-hot part of {@code [one-hot | teacher logits]}); plain one-hot labels work too.
     */
    public static double accuracy(INDArray labels, INDArray output) {
        long k = output.size(1);
        INDArray hard = labels.size(1) == 2 * k ? labels.get(NDArrayIndex.all(), NDArrayIndex.interval(0, k)) : labels;
        return hard.argMax(1).eq(output.argMax(1)).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }

    private static OutputLayer softmaxOutput(String role, MultiLayerNetwork net) {
        Layer last = net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1).getLayer();
        if (!(last instanceof OutputLayer out) || !(((BaseLayer) out).getActivationFn() instanceof ActivationSoftmax)) {
            throw new IllegalArgumentException(role + " must end in a softmax OutputLayer (a classifier from Mlp or Cnn),"
                    + " but its last layer is " + last.getClass().getSimpleName()
                    + (last instanceof BaseLayer b ? " with activation " + b.getActivationFn() : ""));
        }
        return out;
    }
}
