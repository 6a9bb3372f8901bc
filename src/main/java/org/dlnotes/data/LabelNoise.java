package org.dlnotes.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Symmetric label noise, as in the memorisation experiments of Zhang et al. (2017, "Understanding deep learning
 * requires rethinking generalization") and Arpit et al. (2017, "A closer look at memorization in deep networks"):
 * exactly {@code round(rate · n)} rows, drawn uniformly without replacement, get a wrong label, each drawn uniformly
 * from the {@code k − 1} classes other than its own. Features are unchanged; the same seed flips the same rows to
 * the same classes.
 *
 * <pre>{@code
 * LabelNoise.Flipped noisy = LabelNoise.flip(train, 0.2, 42);
 * noisy.data();        // train with 20 % of its labels wrong
 * noisy.flippedRows(); // which rows, ascending
 * noisy.wrong();       // those rows with their wrong labels; noisy.truth(): the same rows with their true labels
 * }</pre>
 */
public final class LabelNoise {

    private LabelNoise() {
    }

    /**
     * The outcome of {@link #flip}.
     *
     * @param data           the dataset with its labels flipped
     * @param flippedRows    indices of the flipped rows, ascending
     * @param originalLabels every row's label before flipping
     */
    public record Flipped(LabelledData data, int[] flippedRows, int[] originalLabels) {

        /** Copies the arrays. */
        public Flipped {
            Objects.requireNonNull(data, "data");
            flippedRows = flippedRows.clone();
            originalLabels = originalLabels.clone();
        }

        /** A copy of the flipped rows' indices. */
        @Override
        public int[] flippedRows() {
            return flippedRows.clone();
        }

        /** A copy of the labels before flipping. */
        @Override
        public int[] originalLabels() {
            return originalLabels.clone();
        }

        /** The fraction of rows whose label was flipped. */
        public double rate() {
            return (double) flippedRows.length / data.size();
        }

        /** The flipped rows with their wrong labels (what the network is told). */
        public LabelledData wrong() {
            return part(flippedRows, false, "flipped");
        }

        /** The flipped rows with their true labels (what the images show). */
        public LabelledData truth() {
            return part(flippedRows, true, "flipped-truth");
        }

        /** The rows left alone, with their (true) labels. */
        public LabelledData untouched() {
            boolean[] flipped = new boolean[data.size()];
            for (int r : flippedRows) {
                flipped[r] = true;
            }
            int[] rows = java.util.stream.IntStream.range(0, data.size()).filter(r -> !flipped[r]).toArray();
            return part(rows, false, "untouched");
        }

        private LabelledData part(int[] rows, boolean original, String name) {
            if (rows.length == 0) {
                throw new IllegalStateException("no row is " + name + " at rate " + rate() + " of " + data.size()
                        + " rows");
            }
            LabelledData picked = data.rows(rows, name);
            if (!original) {
                return picked;
            }
            int[] labels = Arrays.stream(rows).map(r -> originalLabels[r]).toArray();
            int[] shape = picked.imageShape();
            return LabelledData.of(picked.name(), picked.features(), labels, picked.classes(), picked.featureNames(),
                    shape.length == 0 ? null : shape);
        }
    }

    /**
     * Flips exactly {@code Math.round(rate · data.size())} labels, each to one of the other classes.
     *
     * @param rate fraction of rows to flip, in [0, 1]
     * @throws IllegalArgumentException for a rate that is NaN or outside [0, 1]
     */
    public static Flipped flip(LabelledData data, double rate, long seed) {
        Objects.requireNonNull(data, "data");
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be a fraction in [0, 1], but is " + rate
                    + (rate > 1 && rate <= 100 ? " (a percentage? 20 % is 0.2)" : ""));
        }
        int n = data.size();
        int k = data.classes().size();
        int count = (int) Math.round(rate * n);
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] rows = Arrays.copyOf(order, count);
        Arrays.sort(rows);
        int[] original = data.labelIndices();
        int[] labels = original.clone();
        for (int r : rows) {
            labels[r] = (original[r] + 1 + random.nextInt(k - 1)) % k;
        }
        int[] shape = data.imageShape();
        String name = data.name() + "/noise" + Math.round(100 * rate);
        LabelledData noisy = LabelledData.of(name, data.features(), labels, data.classes(), data.featureNames(),
                shape.length == 0 ? null : shape);
        return new Flipped(noisy, rows, original);
    }
}
