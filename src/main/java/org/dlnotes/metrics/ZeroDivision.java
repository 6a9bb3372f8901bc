package org.dlnotes.metrics;

/**
 * The value a precision, recall or F-score takes when its denominator is zero: precision of a class that is never
 * predicted, recall of a class that never occurs. As scikit-learn's {@code zero_division} (whose default
 * {@code "warn"} gives {@link #ZERO}); never a silent NaN.
 */
public enum ZeroDivision {
    /** The undefined score counts as 0 (scikit-learn's default). */
    ZERO(0.0),
    /** The undefined score counts as 1. */
    ONE(1.0);

    private final double value;

    ZeroDivision(double value) {
        this.value = value;
    }

    /** The number used in place of 0/0. */
    public double value() {
        return value;
    }
}
