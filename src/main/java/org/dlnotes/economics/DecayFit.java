package org.dlnotes.economics;

import java.util.Locale;
import java.util.Objects;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The exponential decay {@code P(t) = P₀·e^{−λt}} fitted by least squares on {@code ln P = ln P₀ − λt}
 * ({@link ExponentialDecay#fit}). Time {@code t} is in years from the fit's origin; λ is per year.
 *
 * <p>Intervals use Student's t with {@code n − 2} degrees of freedom, i.e. they assume independent, normal errors of
 * constant variance on the log scale: a multiplicative error on the price.
 *
 * @param logP0 fitted intercept {@code ln P₀}
 * @param lambda fitted decay rate per year (positive when prices fall)
 * @param logP0StdError standard error of the intercept
 * @param lambdaStdError standard error of λ
 * @param residualStdError standard deviation of the log residuals, {@code √(SSR/(n−2))}
 * @param rSquared share of the variance of {@code ln P} explained by time
 * @param n number of points
 * @param meanT mean of the times
 * @param sxx sum of squared deviations of the times from their mean
 */
public record DecayFit(double logP0, double lambda, double logP0StdError, double lambdaStdError,
        double residualStdError, double rSquared, int n, double meanT, double sxx) {

    /** Fitted price at {@code t = 0}, {@code P₀ = e^{ln P₀}}. */
    public double p0() {
        return Math.exp(logP0);
    }

    /** Fitted (median) price at time {@code t}: {@code P₀·e^{−λt}}. */
    public double predict(double t) {
        return Math.exp(logP0 - lambda * t);
    }

    /** Time for the price to halve, {@code ln 2 / λ} years; infinite if λ ≤ 0 (the price does not fall). */
    public double halvingTimeYears() {
        return lambda > 0 ? Math.log(2) / lambda : Double.POSITIVE_INFINITY;
    }

    /** Factor by which the price is multiplied each year, {@code e^{−λ}}. */
    public double annualFactor() {
        return Math.exp(-lambda);
    }

    /** Percentage by which the price falls each year, {@code 100·(1 − e^{−λ})}. */
    public double annualDeclinePercent() {
        return 100 * (1 - annualFactor());
    }

    /** Confidence interval for λ at {@code level}: {@code λ ± t_{n−2}·SE(λ)}. */
    public Interval lambdaInterval(double level) {
        double half = tQuantile(level) * lambdaStdError;
        return new Interval(lambda - half, lambda + half, level);
    }

    /** Confidence interval for {@code P₀}: {@code exp(ln P₀ ± t_{n−2}·SE)}. */
    public Interval p0Interval(double level) {
        double half = tQuantile(level) * logP0StdError;
        return new Interval(Math.exp(logP0 - half), Math.exp(logP0 + half), level);
    }

    /**
     * Confidence interval for the halving time, mapped from {@link #lambdaInterval}: {@code [ln2/λ_high, ln2/λ_low]},
     * with an infinite upper end when the interval for λ reaches zero.
     */
    public Interval halvingTimeInterval(double level) {
        Interval l = lambdaInterval(level);
        if (l.high() <= 0) {
            return new Interval(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, level);
        }
        double low = Math.log(2) / l.high();
        double high = l.low() > 0 ? Math.log(2) / l.low() : Double.POSITIVE_INFINITY;
        return new Interval(low, high, level);
    }

    /** Confidence interval for the fitted (median) price at time {@code t}. */
    public Interval priceInterval(double t, double level) {
        double se = residualStdError * Math.sqrt(1.0 / n + (t - meanT) * (t - meanT) / sxx);
        double half = tQuantile(level) * se;
        double log = logP0 - lambda * t;
        return new Interval(Math.exp(log - half), Math.exp(log + half), level);
    }

    /**
     * One line on the fit of {@code series}: n, λ with its 95 % interval, the yearly fall, the halving time in months
     * with its interval (an upper end of ∞ when no fall cannot be excluded), and R².
     */
    public String describe(String series) {
        Objects.requireNonNull(series, "series");
        Interval l = lambdaInterval(0.95);
        Interval h = halvingTimeInterval(0.95);
        return String.format(Locale.ROOT, "%s: n = %d, λ = %.3f per year (95 %% CI %.3f to %.3f), price falls %.1f %% a "
                + "year, halves every %.1f months (95 %% CI %.1f to %s), R² = %.3f", series, n, lambda, l.low(),
                l.high(), annualDeclinePercent(), 12 * halvingTimeYears(), 12 * h.low(), Double.isInfinite(h.high())
                        ? "∞ (no fall cannot be excluded)" : String.format(Locale.ROOT, "%.1f", 12 * h.high()),
                rSquared);
    }

    private double tQuantile(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), e.g. 0.95, but is " + level);
        }
        return new TDistribution(n - 2).inverseCumulativeProbability(0.5 + level / 2);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DecayFit[P0=%.4g, lambda=%.4g/yr (SE %.3g), halving %.3g yr, R²=%.3f, n=%d]",
                p0(), lambda, lambdaStdError, halvingTimeYears(), rSquared, n);
    }
}
