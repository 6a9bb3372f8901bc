package org.dlnotes.math;

import java.util.Objects;

/**
 * Exponential price decay in its two usual forms, for the articles' price formula {@code P_t = P₀·e^{−λt}}:
 * <ul>
 *   <li><b>continuous</b> decay at rate {@code λ} per year: {@code P_t = P₀·e^{−λt}};</li>
 *   <li><b>yearly compounding</b> of a decline {@code r} per year (20 % is {@code r = 0.2}):
 *       {@code P_t = P₀·(1 − r)^t}.</li>
 * </ul>
 * The two agree when {@code λ = −ln(1 − r)}; with the same number for both ({@code λ = r = 0.2}) they do not, since
 * a continuous rate of 0.2 is a yearly decline of {@code 1 − e^{−0.2}} ≈ 18 %, not 20 %.
 *
 * <pre>{@code
 * double continuous = Decay.continuous(1_000_000, 0.2, 5);   // P₀·e^{−1}
 * double compounded = Decay.compounded(1_000_000, 0.2, 5);   // P₀·0.8⁵
 * double lambda = Decay.continuousRate(0.2);                 // −ln 0.8, the rate that matches 20 %/year
 * }</pre>
 *
 * <p>Fitting such a curve to real prices is not done here (that is the economics chapter's job); these are the
 * formulas alone.
 */
public final class Decay {

    private Decay() {
    }

    /**
     * {@code p0·e^{−rate·t}}: the price after {@code t} years of continuous decay.
     *
     * @throws IllegalArgumentException if {@code p0} is not a finite number {@code > 0}, {@code rate} not a finite
     *     number {@code >= 0} or {@code t} not finite
     */
    public static double continuous(double p0, double rate, double t) {
        checkStart(p0);
        checkRate(rate);
        checkTime(t);
        return p0 * Math.exp(-rate * t);
    }

    /**
     * {@code p0·(1 − declinePerYear)^t}: the price after {@code t} years when it falls by the fraction
     * {@code declinePerYear} each year, compounded.
     *
     * @throws IllegalArgumentException if {@code p0} is not a finite number {@code > 0}, {@code declinePerYear} is
     *     outside [0, 1) or {@code t} is not finite
     */
    public static double compounded(double p0, double declinePerYear, double t) {
        checkStart(p0);
        checkDecline(declinePerYear);
        checkTime(t);
        return p0 * Math.pow(1 - declinePerYear, t);
    }

    /** {@link #continuous} at every time in {@code times}. */
    public static double[] continuousCurve(double p0, double rate, double[] times) {
        Objects.requireNonNull(times, "times");
        double[] prices = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            prices[i] = continuous(p0, rate, times[i]);
        }
        return prices;
    }

    /** {@link #compounded} at every time in {@code times}. */
    public static double[] compoundedCurve(double p0, double declinePerYear, double[] times) {
        Objects.requireNonNull(times, "times");
        double[] prices = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            prices[i] = compounded(p0, declinePerYear, times[i]);
        }
        return prices;
    }

    /** {@code −ln(1 − declinePerYear)}: the continuous rate that gives the same prices as this yearly decline. */
    public static double continuousRate(double declinePerYear) {
        checkDecline(declinePerYear);
        return -Math.log1p(-declinePerYear);
    }

    /** {@code 1 − e^{−rate}}: the yearly decline that gives the same prices as this continuous rate. */
    public static double yearlyDecline(double rate) {
        checkRate(rate);
        return -Math.expm1(-rate);
    }

    /**
     * {@code ln 2 / rate}: the years it takes a continuously decaying price to halve.
     *
     * @throws IllegalArgumentException if {@code rate} is not a finite number {@code > 0}
     */
    public static double halvingTime(double rate) {
        checkRate(rate);
        if (rate == 0) {
            throw new IllegalArgumentException("rate must be > 0 for the price to halve, but is 0");
        }
        return Math.log(2) / rate;
    }

    /** Evenly spaced times {@code 0, step, 2·step, …} up to and including {@code years} (for curves). */
    public static double[] times(double years, int pointsPerYear) {
        if (!(years > 0) || Double.isInfinite(years)) {
            throw new IllegalArgumentException("years must be a finite number > 0, but is " + years);
        }
        if (pointsPerYear < 1) {
            throw new IllegalArgumentException("pointsPerYear must be >= 1, but is " + pointsPerYear);
        }
        int n = (int) Math.round(years * pointsPerYear);
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            t[i] = i * years / n;
        }
        return t;
    }

    private static void checkStart(double p0) {
        if (!(p0 > 0) || Double.isInfinite(p0)) {
            throw new IllegalArgumentException("p0 (the starting price) must be a finite number > 0, but is " + p0);
        }
    }

    private static void checkRate(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate (λ per year) must be a finite number >= 0, but is " + rate
                    + "; for a yearly percentage decline use compounded(...)");
        }
    }

    private static void checkDecline(double declinePerYear) {
        if (!(declinePerYear >= 0 && declinePerYear < 1)) {
            throw new IllegalArgumentException("declinePerYear must be a fraction in [0, 1) (0.2 for 20 %), but is "
                    + declinePerYear);
        }
    }

    private static void checkTime(double t) {
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("t (years) must be a finite number, but is " + t);
        }
    }
}
