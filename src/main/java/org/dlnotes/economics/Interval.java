package org.dlnotes.economics;

import java.util.Locale;

/**
 * A confidence interval {@code [low, high]} at {@code level} (e.g. 0.95). An end may be infinite, e.g. the halving
 * time when the data cannot exclude a price that does not fall.
 *
 * @param low lower end
 * @param high upper end
 * @param level confidence level in (0, 1)
 */
public record Interval(double low, double high, double level) {

    /** Checks the ends and the level. */
    public Interval {
        if (Double.isNaN(low) || Double.isNaN(high) || low > high) {
            throw new IllegalArgumentException("need low <= high, but low is " + low + " and high is " + high);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), but is " + level);
        }
    }

    /** Whether {@code value} lies in the interval (ends included). */
    public boolean contains(double value) {
        return value >= low && value <= high;
    }

    /** {@code high − low}. */
    public double width() {
        return high - low;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "[%.4g, %.4g] (%.0f %%)", low, high, level * 100);
    }
}
