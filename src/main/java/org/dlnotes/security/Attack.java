package org.dlnotes.security;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.explain.Saliency;
import org.dlnotes.metrics.Classification;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * L∞ evasion attacks on a classifier: every input feature (pixel) may move by at most ε, and the result stays in the
 * pixel range. The direction comes from the gradient of the loss with respect to the input, which DL4J's own
 * backpropagation computes ({@link Saliency#gradients(MultiLayerNetwork, INDArray, int[])} gives
 * {@code ∂ log p(y | x) / ∂x = −∂ loss / ∂x}).
 * <ul>
 *   <li><b>FGSM</b> (Goodfellow, Shlens and Szegedy 2015): one step, {@code x' = clip(x + ε · sign(∂loss/∂x))}.</li>
 *   <li><b>PGD</b> (Madry et al. 2018): {@code steps} steps of size α, each followed by projection back into the
 *       ε-ball around x and clipping to the pixel range; optionally from a random start inside the ball.</li>
 * </ul>
 *
 * <pre>{@code
 * Attack fgsm = Attack.fgsm(0.1);                                    // pixels in [0, 1]
 * Attack pgd = Attack.pgd(0.1).steps(5).stepSize(0.05).randomStart(true).seed(7);
 * Attack.Outcome o = pgd.evaluate(net, test.features(), test.labels());
 * o.adversarialAccuracy();   // accuracy on the perturbed inputs
 * }</pre>
 *
 * The network must satisfy {@link Saliency}'s conditions: a softmax + MCXENT (or sigmoid + XENT) output and no
 * dropout.
 */
public final class Attack implements Serializable {

    private static final long serialVersionUID = 1L;

    private final boolean projected;
    private final double epsilon;
    private int steps;
    private double stepSize = Double.NaN;
    private boolean randomStart;
    private long seed = 42;
    private double min = 0;
    private double max = 1;

    private Attack(boolean projected, double epsilon, int steps) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a finite number >= 0, but is " + epsilon);
        }
        this.projected = projected;
        this.epsilon = epsilon;
        this.steps = steps;
    }

    /** FGSM with L∞ budget ε, pixels in [0, 1]. */
    public static Attack fgsm(double epsilon) {
        return new Attack(false, epsilon, 1);
    }

    /** PGD with L∞ budget ε: 5 steps of α = 2.5 ε / steps (Madry et al.'s ratio), no random start, pixels in [0, 1]. */
    public static Attack pgd(double epsilon) {
        return new Attack(true, epsilon, 5);
    }

    /** Number of PGD steps. */
    public Attack steps(int steps) {
        requirePgd("steps");
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, but is " + steps);
        }
        this.steps = steps;
        return this;
    }

    /** PGD step size α (default 2.5 ε / steps). */
    public Attack stepSize(double alpha) {
        requirePgd("stepSize");
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("stepSize must be a finite number > 0, but is " + alpha);
        }
        this.stepSize = alpha;
        return this;
    }

    /** Whether PGD starts from a uniformly random point of the ε-ball (default false: from x itself). */
    public Attack randomStart(boolean on) {
        requirePgd("randomStart");
        this.randomStart = on;
        return this;
    }

    /** Seed of PGD's random start. */
    public Attack seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The range every feature must stay in (default [0, 1], MNIST's scaled pixels). */
    public Attack pixelRange(double min, double max) {
        if (!(min < max) || Double.isInfinite(min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("pixelRange needs finite min < max, but is [" + min + ", " + max + "]");
        }
        this.min = min;
        this.max = max;
        return this;
    }

    /** The L∞ budget ε. */
    public double epsilon() {
        return epsilon;
    }

    /** The PGD step size in use: as set, or 2.5 ε / steps; ε for FGSM. */
    public double effectiveStepSize() {
        return !projected ? epsilon : Double.isNaN(stepSize) ? 2.5 * epsilon / steps : stepSize;
    }

    /**
     * The adversarial version of every row of {@code features} (a new array): each moved, within ε per feature and
     * the pixel range, in the direction that raises the loss of its true class.
     *
     * @param labels one-hot (or soft) labels, one row per example; the true class is each row's largest entry
     * @throws IllegalArgumentException if the shapes differ or a feature lies outside the pixel range
     */
    public INDArray perturb(MultiLayerNetwork net, INDArray features, INDArray labels) {
        Objects.requireNonNull(net, "net");
        checkInputs(features, labels);
        int[] classes = labels.argMax(1).toIntVector();
        INDArray lower = Transforms.max(features.sub(epsilon), min, false);
        INDArray upper = Transforms.min(features.add(epsilon), max, false);
        INDArray x = features.dup();
        if (projected && randomStart && epsilon > 0) {
            Random random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
            x.addi(Nd4j.rand(random, features.shape()).castTo(features.dataType()).muli(2 * epsilon).subi(epsilon));
            project(x, lower, upper);
        }
        double alpha = effectiveStepSize();
        for (int s = 0; s < steps && epsilon > 0; s++) {
            // Saliency gives ∂ log p(y|x)/∂x = −∂loss/∂x, so stepping against its sign raises the loss.
            INDArray towardsLoss = Transforms.sign(Saliency.gradients(net, x, classes), false);
            x.subi(towardsLoss.muli(alpha));
            project(x, lower, upper);
        }
        return x;
    }

    /** Clips {@code x} in place into [lower, upper] element by element: the ε-ball intersected with the pixel range. */
    private static void project(INDArray x, INDArray lower, INDArray upper) {
        x.assign(Transforms.min(Transforms.max(x, lower, false), upper, false));
    }

    /**
     * Attacks {@code features} and measures the network on clean and perturbed inputs.
     *
     * @param labels one-hot labels
     */
    public Outcome evaluate(MultiLayerNetwork net, INDArray features, INDArray labels) {
        INDArray adversarial = perturb(net, features, labels);
        INDArray clean = net.output(features, false);
        INDArray attacked = net.output(adversarial, false);
        double largest = Transforms.abs(adversarial.sub(features), false).maxNumber().doubleValue();
        return new Outcome(this.toString(), epsilon, Classification.accuracy(labels, clean),
                Classification.accuracy(labels, attacked), net.score(new DataSet(features, labels), false),
                net.score(new DataSet(adversarial, labels), false), largest, adversarial);
    }

    /**
     * What an attack did to a network.
     *
     * @param attack the attack, as {@link Attack#toString()} names it
     * @param epsilon its L∞ budget
     * @param cleanAccuracy accuracy on the unperturbed inputs
     * @param adversarialAccuracy accuracy on the perturbed inputs
     * @param cleanLoss mean cross-entropy on the unperturbed inputs
     * @param adversarialLoss mean cross-entropy on the perturbed inputs
     * @param maxPerturbation the largest change of any feature, ‖x' − x‖∞ over all rows (≤ ε)
     * @param adversarial the perturbed inputs
     */
    public record Outcome(String attack, double epsilon, double cleanAccuracy, double adversarialAccuracy,
                          double cleanLoss, double adversarialLoss, double maxPerturbation, INDArray adversarial) {
    }

    @Override
    public String toString() {
        return projected
                ? String.format(Locale.ROOT, "PGD ε=%s, %d steps of %s%s", epsilon, steps, effectiveStepSize(),
                        randomStart ? ", random start" : "")
                : String.format(Locale.ROOT, "FGSM ε=%s", epsilon);
    }

    private void requirePgd(String option) {
        if (!projected) {
            throw new IllegalStateException(option + " applies to PGD only; use Attack.pgd(epsilon)." + option);
        }
    }

    private void checkInputs(INDArray features, INDArray labels) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (features.rank() != 2 || labels.rank() != 2 || features.size(0) != labels.size(0)) {
            throw new IllegalArgumentException("features and labels must be matrices with one row per example, but "
                    + "have shapes " + java.util.Arrays.toString(features.shape()) + " and "
                    + java.util.Arrays.toString(labels.shape()));
        }
        double lo = features.minNumber().doubleValue();
        double hi = features.maxNumber().doubleValue();
        if (lo < min || hi > max) {
            throw new IllegalArgumentException("features must lie in the pixel range [" + min + ", " + max
                    + "], but range over [" + lo + ", " + hi + "]; scale them first, or set pixelRange(min, max)");
        }
    }
}
