package org.dlnotes.compress;

import java.util.Arrays;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Hinton et al.'s (2015) distillation loss as a DL4J loss function. The labels of each example are
 * {@code [one-hot y | teacher logits z_t]} (2·K columns), the layer's output is the student's logits {@code z_s}
 * (K columns, after the layer's activation, normally identity). Per example:
 *
 * <pre>
 * loss = α · T² · KL( softmax(z_t / T) ‖ softmax(z_s / T) ) + (1 − α) · CE( y, softmax(z_s) )
 * ∂loss/∂z_s = α · T · (softmax(z_s / T) − softmax(z_t / T)) + (1 − α) · (softmax(z_s) − y)
 * </pre>
 *
 * The factor T² keeps the soft term's gradients the same size as the hard term's when T changes. {@code α = 0} is
 * plain cross-entropy on the labels; {@code α = 1} learns from the teacher alone. {@link Distillation} builds the
 * labels and the network that uses this loss.
 */
public final class DistillationLoss implements ILossFunction {

    private static final long serialVersionUID = 1L;

    @JsonProperty("temperature")
    private final double temperature;
    @JsonProperty("alpha")
    private final double alpha;

    /**
     * @param temperature T &gt; 0, softens both distributions of the soft term (1 = the plain softmax)
     * @param alpha weight α in [0, 1] of the soft (teacher) term
     * @throws IllegalArgumentException for a temperature that is not a finite number &gt; 0 or α outside [0, 1]
     */
    @JsonCreator
    public DistillationLoss(@JsonProperty("temperature") double temperature, @JsonProperty("alpha") double alpha) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number > 0, but is " + temperature);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha (weight of the teacher's soft targets) must be in [0, 1], but is "
                    + alpha);
        }
        this.temperature = temperature;
        this.alpha = alpha;
    }

    /** The temperature T. */
    public double temperature() {
        return temperature;
    }

    /** The weight α of the soft term. */
    public double alpha() {
        return alpha;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        INDArray scores = computeScoreArray(labels, preOutput, activationFn, mask);
        double sum = scores.sumNumber().doubleValue();
        return average ? sum / scores.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        Parts p = parts(labels, preOutput, activationFn);
        INDArray logP = logSoftmax(p.teacher.div(temperature));
        INDArray logQ = logSoftmax(p.student.div(temperature));
        INDArray kl = Transforms.exp(logP, true).muli(logP.sub(logQ)).sum(true, 1);
        INDArray ce = p.hard.mul(logSoftmax(p.student)).sum(true, 1).negi();
        INDArray scores = kl.muli(alpha * temperature * temperature).addi(ce.muli(1 - alpha));
        return mask == null ? scores : scores.muli(mask.reshape(scores.shape()).castTo(scores.dataType()));
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        Parts p = parts(labels, preOutput, activationFn);
        INDArray softTerm = Transforms.exp(logSoftmax(p.student.div(temperature)), false)
                .subi(Transforms.exp(logSoftmax(p.teacher.div(temperature)), false)).muli(alpha * temperature);
        INDArray hardTerm = Transforms.exp(logSoftmax(p.student), false).subi(p.hard).muli(1 - alpha);
        INDArray dLdOutput = softTerm.addi(hardTerm);
        if (mask != null) {
            dLdOutput.muliColumnVector(mask.reshape(mask.size(0), 1).castTo(dLdOutput.dataType()));
        }
        return activationFn.backprop(preOutput.dup(), dLdOutput).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return Pair.of(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public String toString() {
        return "DistillationLoss(T=" + temperature + ", alpha=" + alpha + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DistillationLoss d && d.temperature == temperature && d.alpha == alpha;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(temperature) * 31 + Double.hashCode(alpha);
    }

    private record Parts(INDArray hard, INDArray teacher, INDArray student) {
    }

    private static Parts parts(INDArray labels, INDArray preOutput, IActivation activationFn) {
        long k = preOutput.size(1);
        if (labels.rank() != 2 || preOutput.rank() != 2 || labels.size(1) != 2 * k
                || labels.size(0) != preOutput.size(0)) {
            throw new IllegalArgumentException("labels must be [examples, 2·K] = [one-hot | teacher logits] for an output"
                    + " of shape [examples, K] = " + Arrays.toString(preOutput.shape()) + ", but have shape "
                    + Arrays.toString(labels.shape()) + "; build them with Distillation.batches(...)");
        }
        INDArray student = activationFn.getActivation(preOutput.dup(), true);
        INDArray hard = labels.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, k)).castTo(student.dataType());
        INDArray teacher = labels.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(k, 2 * k)).castTo(student.dataType());
        return new Parts(hard, teacher, student);
    }

    /** Row-wise log-softmax, stable for large logits. */
    static INDArray logSoftmax(INDArray z) {
        INDArray shifted = z.subColumnVector(z.max(true, 1));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subiColumnVector(logSum);
    }
}
