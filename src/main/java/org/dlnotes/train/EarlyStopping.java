package org.dlnotes.train;

import java.util.Objects;

/**
 * Stops training when a history column (e.g. {@code val_loss}) has not improved for {@code patience} epochs, and
 * by default puts back the parameters of the best epoch.
 *
 * <pre>{@code
 * EarlyStopping.minimize("val_loss", 5)
 * EarlyStopping.maximize("val_accuracy", 3).keepLast()
 * }</pre>
 *
 * @param monitor history column to watch
 * @param goal whether smaller or larger is better
 * @param patience epochs without improvement before stopping
 * @param restoreBest whether the best epoch's parameters are restored at the end
 */
public record EarlyStopping(String monitor, Goal goal, int patience, boolean restoreBest) {

    /** Which direction is an improvement. */
    public enum Goal {
        /** Smaller is better (losses). */
        MIN,
        /** Larger is better (accuracy, F1). */
        MAX
    }

    /** Checks the arguments. */
    public EarlyStopping {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(goal, "goal");
        if (monitor.isBlank()) {
            throw new IllegalArgumentException("monitor must name a history column, but is blank");
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, but is " + patience);
        }
    }

    /** Stop when {@code monitor} has not decreased for {@code patience} epochs; restore the best. */
    public static EarlyStopping minimize(String monitor, int patience) {
        return new EarlyStopping(monitor, Goal.MIN, patience, true);
    }

    /** Stop when {@code monitor} has not increased for {@code patience} epochs; restore the best. */
    public static EarlyStopping maximize(String monitor, int patience) {
        return new EarlyStopping(monitor, Goal.MAX, patience, true);
    }

    /** The same rule, but keep the last parameters instead of restoring the best. */
    public EarlyStopping keepLast() {
        return new EarlyStopping(monitor, goal, patience, false);
    }

    /** Whether {@code value} is strictly better than {@code best}; NaN is never better. */
    boolean improves(double value, double best) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return goal == Goal.MIN ? value < best : value > best;
    }
}
