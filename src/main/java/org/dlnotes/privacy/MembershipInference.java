package org.dlnotes.privacy;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.metrics.RocCurve;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Membership inference by a loss threshold (Yeom, Giacomelli, Fredrikson and Jha 2018, "Privacy Risk in Machine
 * Learning: Analyzing the Connection to Overfitting", IEEE CSF): an attacker who can compute a model's loss on a
 * labelled example guesses "it was in the training set" when the loss is at most a threshold τ. Given examples known
 * to be members (training rows) and non-members (held-out rows of the same distribution), the attack is scored by
 * the area under its ROC curve (0.5: no better than a coin) and by its <b>advantage</b>, true-positive rate minus
 * false-positive rate, at the best threshold (0: no leak; 1: membership read off perfectly).
 *
 * <pre>{@code
 * double[] in = MembershipInference.losses(net, train.toDataSet());
 * double[] out = MembershipInference.losses(net, test.toDataSet());
 * MembershipInference.Attack a = MembershipInference.lossThreshold(in, out);   // a.auc(), a.advantage()
 * MembershipInference.advantageBound(epsilon, delta);                          // what (ε, δ)-DP allows at most
 * }</pre>
 *
 * <p>The best threshold is chosen knowing the answers, so on finite samples it is optimistic: even a model that
 * leaks nothing shows an advantage of order {@code 1/√n}. {@link #shuffled} measures that level by giving the same
 * losses random membership. Yeom et al.'s attacker, who knows only the mean training loss, uses that as τ
 * ({@link #advantageAt}).
 */
public final class MembershipInference {

    private MembershipInference() {
    }

    /**
     * The attack on one model.
     *
     * @param roc               ROC of the score −loss, members positive
     * @param auc               its area: the probability that a member's loss is below a non-member's (ties ½)
     * @param advantage         the largest TPR − FPR over all thresholds
     * @param threshold         the loss threshold τ that reaches it ("member" when loss ≤ τ)
     * @param truePositiveRate  the share of members guessed "member" at τ
     * @param falsePositiveRate the share of non-members guessed "member" at τ
     * @param members           number of members scored
     * @param nonMembers        number of non-members scored
     */
    public record Attack(RocCurve roc, double auc, double advantage, double threshold, double truePositiveRate,
                         double falsePositiveRate, int members, int nonMembers) {
    }

    /**
     * What random membership gives: for each repeat the pooled losses are dealt at random into as many "members"
     * and "non-members" as there are, and attacked.
     *
     * @param aucs       the area of each repeat
     * @param advantages the best advantage of each repeat
     */
    public record Shuffled(double[] aucs, double[] advantages) {

        /** Copies the arrays. */
        public Shuffled {
            aucs = aucs.clone();
            advantages = advantages.clone();
        }

        /** A copy of the areas. */
        @Override
        public double[] aucs() {
            return aucs.clone();
        }

        /** A copy of the advantages. */
        @Override
        public double[] advantages() {
            return advantages.clone();
        }

        /** The q-quantile of the advantages (nearest rank), e.g. {@code 0.95}. */
        public double advantageQuantile(double q) {
            return quantile(advantages, q);
        }

        /** The q-quantile of the areas (nearest rank). */
        public double aucQuantile(double q) {
            return quantile(aucs, q);
        }

        private static double quantile(double[] values, double q) {
            if (!(q >= 0 && q <= 1)) {
                throw new IllegalArgumentException("q must be in [0, 1], but is " + q);
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }
    }

    /**
     * Each example's loss under the network's own loss function, without regularisation terms, in inference mode
     * (DL4J's {@code scoreExamples}); for a softmax with cross-entropy, −log p(true class).
     */
    public static double[] losses(MultiLayerNetwork net, DataSet data) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(data, "data");
        return net.scoreExamples(data, false).toDoubleVector();
    }

    /** {@link #losses(MultiLayerNetwork, DataSet)} of features {@code [n, inputs]} with one-hot labels. */
    public static double[] losses(MultiLayerNetwork net, INDArray features, INDArray labels) {
        return losses(net, new DataSet(features, labels));
    }

    /**
     * The loss-threshold attack with every threshold tried.
     *
     * @throws IllegalArgumentException for an empty side or a loss that is NaN or infinite
     */
    public static Attack lossThreshold(double[] memberLosses, double[] nonMemberLosses) {
        check(memberLosses, "memberLosses");
        check(nonMemberLosses, "nonMemberLosses");
        int m = memberLosses.length;
        int n = nonMemberLosses.length;
        int[] truth = new int[m + n];
        double[] scores = new double[m + n];
        for (int i = 0; i < m; i++) {
            truth[i] = 1;
            scores[i] = -memberLosses[i];
        }
        for (int i = 0; i < n; i++) {
            scores[m + i] = -nonMemberLosses[i];
        }
        RocCurve roc = RocCurve.of(truth, scores, 1);
        double[] fpr = roc.falsePositiveRate();
        double[] tpr = roc.truePositiveRate();
        int best = 0;
        for (int k = 1; k < fpr.length; k++) {
            if (tpr[k] - fpr[k] > tpr[best] - fpr[best]) {
                best = k;
            }
        }
        return new Attack(roc, roc.auc(), tpr[best] - fpr[best], -roc.thresholds()[best], tpr[best], fpr[best], m, n);
    }

    /**
     * TPR − FPR of guessing "member" when the loss is at most {@code threshold}; Yeom et al.'s attacker takes the
     * mean training loss.
     */
    public static double advantageAt(double[] memberLosses, double[] nonMemberLosses, double threshold) {
        check(memberLosses, "memberLosses");
        check(nonMemberLosses, "nonMemberLosses");
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must not be NaN");
        }
        return share(memberLosses, threshold) - share(nonMemberLosses, threshold);
    }

    /**
     * The attack on the same losses with membership dealt at random, {@code repeats} times: the advantage and
     * area that chance alone reaches with these sample sizes.
     */
    public static Shuffled shuffled(double[] memberLosses, double[] nonMemberLosses, int repeats, long seed) {
        check(memberLosses, "memberLosses");
        check(nonMemberLosses, "nonMemberLosses");
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, but is " + repeats);
        }
        int m = memberLosses.length;
        double[] pool = new double[m + nonMemberLosses.length];
        System.arraycopy(memberLosses, 0, pool, 0, m);
        System.arraycopy(nonMemberLosses, 0, pool, m, nonMemberLosses.length);
        SplittableRandom random = new SplittableRandom(seed);
        double[] aucs = new double[repeats];
        double[] advantages = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            for (int i = pool.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                double swap = pool[i];
                pool[i] = pool[j];
                pool[j] = swap;
            }
            Attack a = lossThreshold(Arrays.copyOfRange(pool, 0, m), Arrays.copyOfRange(pool, m, pool.length));
            aucs[r] = a.auc();
            advantages[r] = a.advantage();
        }
        return new Shuffled(aucs, advantages);
    }

    /**
     * The largest membership advantage that any attack can have, in expectation over training, against a model
     * trained with (ε, δ)-differential privacy: {@code (e^ε − 1 + 2δ) / (e^ε + 1)}, at most 1. It follows from the
     * hypothesis-testing form of DP (Kairouz, Oh and Viswanath 2015, "The Composition Theorem for Differential
     * Privacy", Theorem 2.1: {@code FPR + e^ε·FNR ≥ 1 − δ} and {@code e^ε·FPR + FNR ≥ 1 − δ}), whose two
     * constraints meet where FPR = FNR; with δ = 0 it is {@code tanh(ε/2)}, below Yeom et al.'s {@code e^ε − 1}.
     *
     * @throws IllegalArgumentException for ε NaN or negative, or δ outside [0, 1]
     */
    public static double advantageBound(double epsilon, double delta) {
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("epsilon must be >= 0 (infinity allowed), but is " + epsilon);
        }
        if (!(delta >= 0 && delta <= 1)) {
            throw new IllegalArgumentException("delta must be in [0, 1], but is " + delta);
        }
        if (Double.isInfinite(epsilon) || epsilon > 700) {
            return 1;
        }
        double e = Math.exp(epsilon);
        return Math.min(1, (e - 1 + 2 * delta) / (e + 1));
    }

    private static double share(double[] losses, double threshold) {
        long below = Arrays.stream(losses).filter(l -> l <= threshold).count();
        return (double) below / losses.length;
    }

    private static void check(double[] losses, String name) {
        Objects.requireNonNull(losses, name);
        if (losses.length == 0) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        for (int i = 0; i < losses.length; i++) {
            if (!Double.isFinite(losses[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + losses[i] + "; every loss must be finite");
            }
        }
    }
}
