package org.dlnotes.economics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A fitted decay projected past its last observation: the fitted (median) price and its 95 % confidence interval
 * at the last date and some years after it. The fit's arithmetic, not a forecast.
 *
 * <pre>{@code
 * Projection.of("all paid offers", fit, lastDate, tLast, 1, 2, 3).table()
 * }</pre>
 *
 * @param series name of the fitted series
 * @param fit the fit
 * @param lastDate date of the last observation
 * @param tLast the same date in the fit's years
 * @param yearsAhead years after the last observation to project to, each {@code > 0}
 */
public record Projection(String series, DecayFit fit, LocalDate lastDate, double tLast, double[] yearsAhead) {

    /** Checks the arguments and copies {@code yearsAhead}. */
    public Projection {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(lastDate, "lastDate");
        if (!Double.isFinite(tLast)) {
            throw new IllegalArgumentException("tLast must be finite, but is " + tLast);
        }
        Objects.requireNonNull(yearsAhead, "yearsAhead");
        for (double dt : yearsAhead) {
            if (!(dt > 0) || Double.isInfinite(dt)) {
                throw new IllegalArgumentException("yearsAhead must hold finite values > 0, but is "
                        + Arrays.toString(yearsAhead));
            }
        }
        yearsAhead = yearsAhead.clone();
    }

    /** The projection of {@code fit} at the last observation and {@code yearsAhead} years after it. */
    public static Projection of(String series, DecayFit fit, LocalDate lastDate, double tLast, double... yearsAhead) {
        return new Projection(series, fit, lastDate, tLast, yearsAhead);
    }

    /** The years ahead, a copy. */
    @Override
    public double[] yearsAhead() {
        return yearsAhead.clone();
    }

    /** Columns: when, fitted USD per M input tokens, 95 % low, 95 % high; the title names n, λ and R². */
    public Table table() {
        StringColumn when = StringColumn.create("when");
        DoubleColumn median = DoubleColumn.create("fitted USD per M input tokens");
        DoubleColumn low = DoubleColumn.create("95 % low");
        DoubleColumn high = DoubleColumn.create("95 % high");
        double[] offsets = new double[yearsAhead.length + 1];
        System.arraycopy(yearsAhead, 0, offsets, 1, yearsAhead.length);
        for (double dt : offsets) {
            Interval band = fit.priceInterval(tLast + dt, 0.95);
            when.append(dt == 0 ? "last data (" + lastDate + ")"
                    : "+" + BigDecimal.valueOf(dt).stripTrailingZeros().toPlainString() + (dt == 1 ? " year" : " years"));
            median.append(fit.predict(tLast + dt));
            low.append(band.low());
            high.append(band.high());
        }
        return Table.create(String.format(Locale.ROOT, "%s (%d points; λ = %.2f per year, R² = %.2f)", series,
                fit.n(), fit.lambda(), fit.rSquared())).addColumns(when, median, low, high);
    }
}
