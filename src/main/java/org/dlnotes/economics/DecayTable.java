package org.dlnotes.economics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Decay rates side by side: assumed rates (an article's λ) and fitted ones, each with its 95 % interval (fits only),
 * halving time and the five-year factor {@code e^{−5λ}}, rounded to 4 significant digits for display.
 *
 * <pre>{@code
 * DecayTable.named("decay rates").rate("article 003's example", 0.2).fit("all paid offers", fit).table()
 * }</pre>
 */
public final class DecayTable {

    private final String name;
    private final List<Row> rows = new ArrayList<>();

    private record Row(String series, double lambda, DecayFit fit) {
    }

    private DecayTable(String name) {
        this.name = name;
    }

    /** An empty table titled {@code name}. */
    public static DecayTable named(String name) {
        return new DecayTable(Objects.requireNonNull(name, "name"));
    }

    /** A row for an assumed rate λ per year (no data, so no interval and no n). */
    public DecayTable rate(String series, double lambda) {
        Objects.requireNonNull(series, "series");
        if (!Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda of '" + series + "' must be finite, but is " + lambda);
        }
        rows.add(new Row(series, lambda, null));
        return this;
    }

    /** A row for a fitted rate, with its 95 % interval and number of points. */
    public DecayTable fit(String series, DecayFit fit) {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(fit, "fit");
        rows.add(new Row(series, fit.lambda(), fit));
        return this;
    }

    /** Columns: series, n, λ per year, 95 % low, 95 % high, halving time (years), P₅/P₀ = e^(−5λ). */
    public Table table() {
        StringColumn series = StringColumn.create("series");
        IntColumn points = IntColumn.create("n");
        DoubleColumn lambda = DoubleColumn.create("λ per year");
        DoubleColumn low = DoubleColumn.create("95 % low");
        DoubleColumn high = DoubleColumn.create("95 % high");
        DoubleColumn halving = DoubleColumn.create("halving time (years)");
        DoubleColumn fiveYears = DoubleColumn.create("P₅/P₀ = e^(−5λ)");
        for (Row r : rows) {
            series.append(r.series());
            lambda.append(significant(r.lambda()));
            halving.append(significant(r.lambda() > 0 ? Math.log(2) / r.lambda() : Double.POSITIVE_INFINITY));
            fiveYears.append(significant(Math.exp(-5 * r.lambda())));
            if (r.fit() == null) {
                points.appendMissing();
                low.appendMissing();
                high.appendMissing();
            } else {
                Interval interval = r.fit().lambdaInterval(0.95);
                points.append(r.fit().n());
                low.append(significant(interval.low()));
                high.append(significant(interval.high()));
            }
        }
        return Table.create(name).addColumns(series, points, lambda, low, high, halving, fiveYears);
    }

    /** {@code value} rounded to 4 significant digits; non-finite values unchanged. */
    static double significant(double value) {
        return Double.isFinite(value) ? new BigDecimal(value).round(new MathContext(4)).doubleValue() : value;
    }
}
