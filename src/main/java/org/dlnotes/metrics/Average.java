package org.dlnotes.metrics;

/**
 * How per-class precision, recall and F-scores become one number, as scikit-learn's {@code average}.
 *
 * @param kind           the averaging
 * @param positiveLabel  the class scored by {@link Kind#BINARY}; ignored by the others
 */
public record Average(Kind kind, int positiveLabel) {

    /** The averaging methods. */
    public enum Kind {
        /** The score of the positive class of a two-class problem. */
        BINARY,
        /** Unweighted mean over the classes. */
        MACRO,
        /** From the pooled counts of all classes (equals accuracy for single-label classification). */
        MICRO,
        /** Mean over the classes weighted by their support (number of true samples). */
        WEIGHTED
    }

    /** Binary averaging with positive class 1. */
    public static final Average BINARY = new Average(Kind.BINARY, 1);
    /** Unweighted mean over classes. */
    public static final Average MACRO = new Average(Kind.MACRO, 1);
    /** Pooled counts over classes. */
    public static final Average MICRO = new Average(Kind.MICRO, 1);
    /** Support-weighted mean over classes. */
    public static final Average WEIGHTED = new Average(Kind.WEIGHTED, 1);

    /** Checks the arguments. */
    public Average {
        if (kind == null) {
            throw new IllegalArgumentException("kind is null");
        }
        if (positiveLabel < 0) {
            throw new IllegalArgumentException("positiveLabel must be a class index >= 0, but is " + positiveLabel);
        }
    }

    /** Binary averaging that scores class {@code positiveLabel} (0 or 1). */
    public static Average binary(int positiveLabel) {
        return new Average(Kind.BINARY, positiveLabel);
    }
}
