package org.dlnotes.economics;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The price-decay model of article 003, {@code P_t = P₀·e^{−λt}}, and its least-squares fit.
 *
 * <pre>{@code
 * double p5 = ExponentialDecay.continuous(1_000_000, 0.2, 5);   // 367 879.44: e^{−1} ≈ 0.368, not 0.64
 * double c5 = ExponentialDecay.compounded(1_000_000, 0.2, 5);   // 327 680: 0.8⁵
 * DecayFit fit = ExponentialDecay.fit(years, pricesUsd);         // λ, halving time, intervals
 * }</pre>
 */
public final class ExponentialDecay {

    private ExponentialDecay() {
    }

    /** Continuous decay: {@code p0·e^{−λt}}. */
    public static double continuous(double p0, double lambda, double t) {
        requireFinite("p0", p0);
        requireFinite("lambda", lambda);
        requireFinite("t", t);
        return p0 * Math.exp(-lambda * t);
    }

    /** Yearly compounding of a fractional decline {@code annualRate} (0.2 = 20 % a year): {@code p0·(1−r)^t}. */
    public static double compounded(double p0, double annualRate, double t) {
        requireFinite("p0", p0);
        requireFinite("t", t);
        if (!(annualRate >= 0 && annualRate < 1)) {
            throw new IllegalArgumentException("annualRate must be in [0, 1), e.g. 0.2 for 20 % a year, but is "
                    + annualRate);
        }
        return p0 * Math.pow(1 - annualRate, t);
    }

    /** The continuous rate equivalent to a yearly decline {@code annualRate}: {@code λ = −ln(1 − r)}. */
    public static double lambdaForAnnualRate(double annualRate) {
        if (!(annualRate >= 0 && annualRate < 1)) {
            throw new IllegalArgumentException("annualRate must be in [0, 1), but is " + annualRate);
        }
        return -Math.log(1 - annualRate);
    }

    /**
     * Least-squares fit of {@code ln P = ln P₀ − λt}.
     *
     * @param t times in years (any origin; {@code P₀} is the price at {@code t = 0})
     * @param price prices, all positive and finite
     * @throws IllegalArgumentException if the arrays differ in length, have fewer than 3 points, hold a non-finite
     *     time, a price that is not positive (zero prices have no logarithm: filter free offers first), or all times
     *     are equal
     */
    public static DecayFit fit(double[] t, double[] price) {
        Objects.requireNonNull(t, "t");
        Objects.requireNonNull(price, "price");
        if (t.length != price.length) {
            throw new IllegalArgumentException("t and price must have the same length, but have " + t.length
                    + " and " + price.length);
        }
        int n = t.length;
        if (n < 3) {
            throw new IllegalArgumentException("need at least 3 points for a fit with an interval, but got " + n);
        }
        double[] y = new double[n];
        double meanT = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(t[i])) {
                throw new IllegalArgumentException("t[" + i + "] must be finite, but is " + t[i]);
            }
            if (!(price[i] > 0) || !Double.isFinite(price[i])) {
                throw new IllegalArgumentException("price[" + i + "] must be positive and finite for a log-linear "
                        + "fit, but is " + price[i] + "; leave out free (zero-price) offers");
            }
            y[i] = Math.log(price[i]);
            meanT += t[i];
            meanY += y[i];
        }
        meanT /= n;
        meanY /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dt = t[i] - meanT;
            double dy = y[i] - meanY;
            sxx += dt * dt;
            sxy += dt * dy;
            syy += dy * dy;
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("t must not be all equal (all " + t[0] + "): no slope can be fitted");
        }
        double slope = sxy / sxx;
        double intercept = meanY - slope * meanT;
        double ssr = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - (intercept + slope * t[i]);
            ssr += r * r;
        }
        double s2 = ssr / (n - 2);
        double seSlope = Math.sqrt(s2 / sxx);
        double seIntercept = Math.sqrt(s2 * (1.0 / n + meanT * meanT / sxx));
        double r2 = syy == 0 ? 1 : 1 - ssr / syy;
        return new DecayFit(intercept, -slope, seIntercept, seSlope, Math.sqrt(s2), r2, n, meanT, sxx);
    }

    /**
     * Least-squares fit through the steps of a price frontier ({@link ApiPrices#cheapestWithMmluAtLeast}): each
     * step's price at its date, in years from {@code origin}.
     *
     * @throws IllegalArgumentException as {@link #fit(double[], double[])}, e.g. for fewer than 3 steps
     */
    public static DecayFit fit(LocalDate origin, List<FrontierStep> steps) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(steps, "steps");
        return fit(steps.stream().mapToDouble(s -> Years.between(origin, s.date())).toArray(),
                steps.stream().mapToDouble(FrontierStep::priceUsdPerMTok).toArray());
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, but is " + value);
        }
    }
}
