package org.dlnotes.serve;

/**
 * A predict response: for each row sent, the most probable class and all class probabilities.
 *
 * @param labels        the most probable class of each row
 * @param probabilities each row's class probabilities
 */
public record Predictions(int[] labels, float[][] probabilities) {

    /** Rows answered. */
    public int size() {
        return labels.length;
    }

    /** The largest difference between any probability here and in {@code other} (same shape required). */
    public double maxDifference(Predictions other) {
        if (other.size() != size()) {
            throw new IllegalArgumentException("other has " + other.size() + " rows, this has " + size());
        }
        double max = 0;
        for (int i = 0; i < size(); i++) {
            if (other.probabilities[i].length != probabilities[i].length) {
                throw new IllegalArgumentException("row " + i + " has " + other.probabilities[i].length
                        + " classes in other, " + probabilities[i].length + " here");
            }
            for (int k = 0; k < probabilities[i].length; k++) {
                max = Math.max(max, Math.abs(probabilities[i][k] - other.probabilities[i][k]));
            }
        }
        return max;
    }
}
