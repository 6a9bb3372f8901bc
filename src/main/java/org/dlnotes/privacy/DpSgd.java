package org.dlnotes.privacy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.metrics.Classification;
import org.dlnotes.privacy.PerExample.ClippedSum;
import org.dlnotes.privacy.PerExample.Method;
import org.dlnotes.train.EpochTraining;
import org.dlnotes.train.History;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DP-SGD (Abadi et al. 2016, "Deep Learning with Differential Privacy"): at every step each training example joins
 * the batch with probability {@code q = batchSize / n} (Poisson sampling), each example's gradient is clipped to L2
 * norm {@code C}, the clipped gradients are summed, Gaussian noise of standard deviation {@code σ·C} is added to
 * every coordinate, and the parameters move by {@code −η · noisySum / batchSize} (plain SGD, as Opacus divides by
 * the expected batch size). The privacy spent is tracked by an {@link RdpAccountant}.
 *
 * <pre>{@code
 * DpSgd.Result r = DpSgd.builder().noiseMultiplier(1.1).clipNorm(1).learningRate(0.1).batchSize(64).epochs(10)
 *         .delta(1e-5).fit(net, train.toDataSet(), validation.toDataSet());
 * r.history().table();   // epoch, train_loss, clipped, val_loss, val_accuracy, epsilon, seconds
 * r.epsilon();           // (ε, δ) for the whole run
 * }</pre>
 *
 * <p>Sampling and noise come from seeded pseudo-random generators so that runs repeat; a deployment that must
 * resist an attacker who knows the seed needs a cryptographically secure source (Opacus' {@code secure_mode}).
 *
 * <p>The epoch loop is {@link EpochTraining}'s: at most {@value EpochTraining#FAST_MODE_EPOCHS} epochs in fast mode
 * ({@link #plannedEpsilon(long)} counts the epochs that will run), an interrupt stops training after the current step
 * with a {@code TrainingInterruptedException}, a NaN or infinite loss with a {@code TrainingDivergedException}.
 */
public final class DpSgd extends EpochTraining<DpSgd> {

    private double noiseMultiplier = 1.0;
    private double clipNorm = 1.0;
    private double learningRate = 0.1;
    private int batchSize = 64;
    private double delta = 1e-5;
    private long seed = 42;
    private Method method = Method.DENSE;

    private DpSgd() {
        super(10);
    }

    /** A builder with σ = 1, C = 1, η = 0.1, expected batch 64, 10 epochs, δ = 1e-5, seed 42, {@link Method#DENSE}. */
    public static DpSgd builder() {
        return new DpSgd();
    }

    /**
     * What a run did.
     *
     * @param history one row per epoch: {@code train_loss} (mean loss of the sampled examples before the step; the
     *     whole training set's loss in the unlikely epoch that sampled no example),
     *     {@code clipped} (fraction of per-example gradients longer than C), {@code val_loss} and
     *     {@code val_accuracy} (with validation data), {@code epsilon} (spent so far), {@code seconds}
     * @param epsilon the (ε, δ) guarantee of the whole run
     * @param steps the number of noisy steps taken
     * @param samplingRate q
     * @param secondsPerStep mean wall-clock time of one step (sampling, gradients, noise, update)
     */
    public record Result(History history, RdpAccountant.Epsilon epsilon, long steps, double samplingRate,
                         double secondsPerStep) {
    }

    /** σ: noise standard deviation as a multiple of the clipping norm; 0 turns noise off (then ε is infinite). */
    public DpSgd noiseMultiplier(double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noiseMultiplier must be a finite number >= 0, but is " + sigma);
        }
        this.noiseMultiplier = sigma;
        return this;
    }

    /** C: every example's gradient is scaled down to L2 norm at most C. */
    public DpSgd clipNorm(double c) {
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("clipNorm must be a finite number > 0, but is " + c);
        }
        this.clipNorm = c;
        return this;
    }

    /** η of plain SGD. */
    public DpSgd learningRate(double eta) {
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("learningRate must be a finite number > 0, but is " + eta);
        }
        this.learningRate = eta;
        return this;
    }

    /** Expected batch size L; the sampling rate is q = L / n and an epoch is round(n / L) steps. */
    public DpSgd batchSize(int expected) {
        if (expected < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, but is " + expected);
        }
        this.batchSize = expected;
        return this;
    }

    /** δ of the reported (ε, δ) guarantee; choose it below 1/n. */
    public DpSgd delta(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), but is " + delta);
        }
        this.delta = delta;
        return this;
    }

    /** Seed of the sampling and the noise. */
    public DpSgd seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** How per-example gradients are computed (default {@link Method#DENSE}; {@link Method#LOOP} for any net). */
    public DpSgd method(Method method) {
        this.method = Objects.requireNonNull(method, "method");
        return this;
    }

    /** Steps per epoch for {@code n} training examples: round(n / L), at least 1. */
    public long stepsPerEpoch(long n) {
        return Math.max(1, Math.round((double) n / batchSize));
    }

    /** The (ε, δ) this configuration will spend on {@code n} training examples in {@link #plannedEpochs()} epochs. */
    public RdpAccountant.Epsilon plannedEpsilon(long n) {
        checkSize(n);
        if (noiseMultiplier == 0) {
            return new RdpAccountant.Epsilon(Double.POSITIVE_INFINITY, delta, Double.NaN);
        }
        return RdpAccountant.of().compose((double) batchSize / n, noiseMultiplier, plannedEpochs() * stepsPerEpoch(n))
                .epsilon(delta);
    }

    /**
     * Trains {@code net} in place with DP-SGD on {@code train} (features and one-hot labels), evaluating on
     * {@code validation} (may be null) after every epoch.
     */
    public Result fit(MultiLayerNetwork net, DataSet train, DataSet validation) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(train, "train");
        INDArray x = train.getFeatures();
        INDArray y = train.getLabels();
        int n = (int) x.size(0);
        checkSize(n);
        if (method == Method.DENSE && PerExample.denseUnsupportedReason(net) != null) {
            throw new IllegalArgumentException("Method.DENSE cannot train this network: "
                    + PerExample.denseUnsupportedReason(net) + "; use method(Method.LOOP)");
        }
        double q = (double) batchSize / n;
        long perEpoch = stepsPerEpoch(n);
        java.util.Random sampler = new java.util.Random(seed);
        Random noise = Nd4j.getRandomFactory().getNewRandomInstance(seed + 1);
        Progress done = new Progress();
        History history = runEpochs(run -> {
            double lossSum = 0;
            long seen = 0;
            long clipped = 0;
            for (int s = 1; s <= perEpoch; s++) {
                long stepStart = System.nanoTime();
                int[] batch = poisson(n, q, sampler);
                INDArray update;
                if (batch.length > 0) {
                    ClippedSum sum = PerExample.clippedSum(net, x.getRows(batch), y.getRows(batch), clipNorm, method);
                    double batchLoss = 0;
                    for (int i = 0; i < batch.length; i++) {
                        batchLoss += sum.losses()[i];
                        clipped += sum.norms()[i] > clipNorm ? 1 : 0;
                    }
                    run.checkLoss(s, batchLoss);
                    lossSum += batchLoss;
                    seen += batch.length;
                    update = sum.sum();
                } else {
                    update = Nd4j.zeros(net.params().dataType(), 1, net.numParams());
                }
                if (noiseMultiplier > 0) {
                    update.addi(Nd4j.randn(noise, 1, net.numParams()).castTo(update.dataType())
                            .muli(noiseMultiplier * clipNorm));
                }
                net.params().subi(update.reshape(net.params().shape()).muli(learningRate / batchSize));
                done.steps++;
                done.stepSeconds += (System.nanoTime() - stepStart) / 1e9;
                run.checkInterrupt(s);
            }
            if (noiseMultiplier > 0) {
                done.accountant = done.accountant.compose(q, noiseMultiplier, perEpoch);
            }
            Map<String, Double> values = new LinkedHashMap<>();
            values.put(History.TRAIN_LOSS, seen == 0 ? net.score(new DataSet(x, y), false) : lossSum / seen);
            values.put("clipped", seen == 0 ? 0 : (double) clipped / seen);
            if (validation != null) {
                values.put(History.VAL_LOSS, net.score(validation, false));
                values.put("val_accuracy", Classification.accuracy(validation.getLabels(),
                        net.output(validation.getFeatures(), false)));
            }
            double eps = noiseMultiplier > 0 ? done.accountant.epsilon(delta).epsilon() : Double.POSITIVE_INFINITY;
            values.put("epsilon", eps);
            return values;
        });
        RdpAccountant.Epsilon spent = noiseMultiplier > 0 ? done.accountant.epsilon(delta)
                : new RdpAccountant.Epsilon(Double.POSITIVE_INFINITY, delta, Double.NaN);
        return new Result(history, spent, done.steps, q, done.stepSeconds / done.steps);
    }

    /** What the epochs of one run have done so far. */
    private static final class Progress {
        private RdpAccountant accountant = RdpAccountant.of();
        private long steps;
        private double stepSeconds;
    }

    private static int[] poisson(int n, double q, java.util.Random random) {
        int[] chosen = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < q) {
                chosen[k++] = i;
            }
        }
        return java.util.Arrays.copyOf(chosen, k);
    }

    private void checkSize(long n) {
        if (n < batchSize) {
            throw new IllegalArgumentException("the training data must have at least batchSize = " + batchSize
                    + " examples, but has " + n);
        }
    }
}
