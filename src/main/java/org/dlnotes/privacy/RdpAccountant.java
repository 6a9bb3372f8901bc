package org.dlnotes.privacy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * Rényi-DP accountant for the sampled Gaussian mechanism, the privacy analysis of DP-SGD: each step samples every
 * example with probability {@code q} (Poisson sampling), clips per-example gradients to norm {@code C} and adds
 * Gaussian noise of standard deviation {@code σ·C}. The RDP of one step at order α is {@code log(A_α)/(α − 1)}
 * (Mironov, Talwar and Zhang 2019, "Rényi Differential Privacy of the Sampled Gaussian Mechanism"), steps compose
 * by adding RDP (Mironov 2017), and the total is converted to (ε, δ)-DP, minimised over the orders. The algorithm
 * and the default orders are those of TensorFlow Privacy's {@code rdp_accountant} / Google's {@code dp_accounting}
 * and Opacus' {@code RDPAccountant}; the numbers agree with their published tests (see {@code RdpAccountantTest}).
 *
 * <pre>{@code
 * Epsilon e = RdpAccountant.dpSgd(60_000, 256, 1.1, 60, 1e-5);            // ε of a whole DP-SGD run
 * RdpAccountant a = RdpAccountant.of().compose(0.01, 1.1, 3_000);           // or step by step
 * double eps = a.epsilon(1e-5).epsilon();
 * }</pre>
 *
 * <p>Immutable: {@link #compose} returns a new accountant.
 */
public final class RdpAccountant {

    /** How RDP becomes (ε, δ)-DP. */
    public enum Conversion {
        /** ε = RDP(α) − log δ / (α − 1): Mironov 2017, Proposition 3 (TF Privacy before 2020, Abadi-era numbers). */
        CLASSIC,
        /**
         * ε = RDP(α) + log(1 − 1/α) − log(δ·α)/(α − 1): Balle et al. 2020 (arXiv:2004.00010, Prop. 12), the one
         * {@code dp_accounting} and Opacus use today; never larger than {@link #CLASSIC} for α ≥ 2.
         */
        IMPROVED
    }

    /**
     * The guarantee: the run is (epsilon, delta)-differentially private; {@code order} is the Rényi order that gave
     * the smallest epsilon (if it is the smallest or largest order tried, more orders could tighten it).
     *
     * @param epsilon the privacy loss bound
     * @param delta the failure probability it holds for
     * @param order the optimal Rényi order
     */
    public record Epsilon(double epsilon, double delta, double order) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "(ε = %.4g, δ = %.3g) at Rényi order %s", epsilon, delta,
                    order == Math.rint(order) ? String.valueOf((long) order) : String.valueOf(order));
        }
    }

    private static final double[] DEFAULT_ORDERS = buildDefaultOrders();

    private static double[] buildDefaultOrders() {
        double[] orders = new double[99 + 52];
        for (int x = 1; x < 100; x++) {
            orders[x - 1] = 1 + x / 10.0;
        }
        for (int o = 12; o < 64; o++) {
            orders[99 + o - 12] = o;
        }
        return orders;
    }

    private final double[] orders;
    private final double[] rdp;

    private RdpAccountant(double[] orders, double[] rdp) {
        this.orders = orders;
        this.rdp = rdp;
    }

    /** An accountant that has spent nothing yet, with {@link #defaultOrders()}. */
    public static RdpAccountant of() {
        return of(defaultOrders());
    }

    /**
     * An accountant that has spent nothing yet, evaluating RDP at these orders (each &gt; 1, finite).
     *
     * @throws IllegalArgumentException for no orders, or an order ≤ 1, NaN or infinite
     */
    public static RdpAccountant of(double... orders) {
        Objects.requireNonNull(orders, "orders");
        if (orders.length == 0) {
            throw new IllegalArgumentException("orders must not be empty; use RdpAccountant.of() for the defaults");
        }
        for (int i = 0; i < orders.length; i++) {
            if (!(orders[i] > 1) || Double.isInfinite(orders[i])) {
                throw new IllegalArgumentException("orders[" + i + "] must be a finite number > 1, but is "
                        + orders[i]);
            }
        }
        return new RdpAccountant(orders.clone(), new double[orders.length]);
    }

    /** A copy of the default orders: 1.1, 1.2, …, 10.9, then 12 … 63 (151 orders). */
    public static double[] defaultOrders() {
        return DEFAULT_ORDERS.clone();
    }

    /**
     * This accountant plus {@code steps} steps of the sampled Gaussian mechanism.
     *
     * @param samplingRate probability {@code q} that an example is in a step's batch, in [0, 1]
     * @param noiseMultiplier σ: noise standard deviation divided by the clipping norm, &gt; 0
     * @param steps number of steps, ≥ 0
     */
    public RdpAccountant compose(double samplingRate, double noiseMultiplier, long steps) {
        double[] perStep = rdp(samplingRate, noiseMultiplier, orders);
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, but is " + steps);
        }
        double[] sum = rdp.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += perStep[i] * steps;
        }
        return new RdpAccountant(orders, sum);
    }

    /** The orders (a copy). */
    public double[] orders() {
        return orders.clone();
    }

    /** The accumulated RDP at each order (a copy); may hold +∞. */
    public double[] rdp() {
        return rdp.clone();
    }

    /** The smallest ε for this δ, {@link Conversion#IMPROVED} (as Opacus and dp_accounting). */
    public Epsilon epsilon(double delta) {
        return epsilon(delta, Conversion.IMPROVED);
    }

    /**
     * The smallest ε for this δ over the orders, never below 0.
     *
     * @throws IllegalArgumentException unless 0 &lt; delta &lt; 1
     */
    public Epsilon epsilon(double delta, Conversion conversion) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), but is " + delta
                    + "; a common choice is below 1/n for n training examples");
        }
        Objects.requireNonNull(conversion, "conversion");
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = orders[0];
        for (int i = 0; i < orders.length; i++) {
            double a = orders[i];
            double r = rdp[i];
            double eps;
            if (conversion == Conversion.CLASSIC) {
                eps = r - Math.log(delta) / (a - 1);
            } else if (delta * delta + Math.expm1(-r) > 0) {
                eps = 0; // the KL bound delta <= sqrt(1 - exp(-KL)) already gives epsilon 0
            } else if (a > 1.01) {
                eps = r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1);
            } else {
                eps = Double.POSITIVE_INFINITY; // numerically unstable near 1, and useless there
            }
            if (eps < best) {
                best = eps;
                bestOrder = a;
            }
        }
        return new Epsilon(Math.max(0, best), delta, bestOrder);
    }

    /**
     * ε of DP-SGD as TF Privacy's {@code compute_dp_sgd_privacy} states it: {@code q = batchSize / n},
     * {@code steps = ceil(epochs · n / batchSize)}, default orders, {@link Conversion#IMPROVED}.
     */
    public static Epsilon dpSgd(long n, long batchSize, double noiseMultiplier, double epochs, double delta) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, but is " + n);
        }
        if (batchSize < 1 || batchSize > n) {
            throw new IllegalArgumentException("batchSize must be in [1, n = " + n + "], but is " + batchSize);
        }
        if (!(epochs >= 0) || Double.isInfinite(epochs)) {
            throw new IllegalArgumentException("epochs must be a finite number >= 0, but is " + epochs);
        }
        long steps = (long) Math.ceil(epochs * n / batchSize);
        return of().compose((double) batchSize / n, noiseMultiplier, steps).epsilon(delta);
    }

    /**
     * The smallest noise multiplier σ (to 0.1 % relative) for which {@code steps} steps at sampling rate {@code q}
     * stay within {@code targetEpsilon} at {@code delta}, as TF Privacy's {@code compute_noise}; bisection.
     *
     * @throws IllegalArgumentException if even σ = 1000 cannot reach the target
     */
    public static double noiseMultiplierFor(double targetEpsilon, double delta, double samplingRate, long steps) {
        if (!(targetEpsilon > 0) || Double.isInfinite(targetEpsilon)) {
            throw new IllegalArgumentException("targetEpsilon must be a finite number > 0, but is " + targetEpsilon);
        }
        double low = 0.01;
        double high = 1000;
        if (spent(high, samplingRate, steps, delta) > targetEpsilon) {
            throw new IllegalArgumentException("targetEpsilon " + targetEpsilon + " cannot be reached with "
                    + steps + " steps at sampling rate " + samplingRate + " even with noise multiplier " + high
                    + "; take fewer steps or a smaller sampling rate");
        }
        if (spent(low, samplingRate, steps, delta) <= targetEpsilon) {
            return low;
        }
        while (high / low > 1.001) {
            double mid = Math.sqrt(low * high);
            if (spent(mid, samplingRate, steps, delta) > targetEpsilon) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return high;
    }

    private static double spent(double sigma, double q, long steps, double delta) {
        return of().compose(q, sigma, steps).epsilon(delta).epsilon();
    }

    /**
     * RDP of one step of the sampled Gaussian mechanism at each order.
     *
     * @throws IllegalArgumentException for q outside [0, 1] or σ ≤ 0
     */
    public static double[] rdp(double samplingRate, double noiseMultiplier, double... orders) {
        if (!(samplingRate >= 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("samplingRate must be in [0, 1], but is " + samplingRate);
        }
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noiseMultiplier must be a finite number > 0, but is "
                    + noiseMultiplier);
        }
        double[] out = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            double a = orders[i];
            if (!(a > 1)) {
                throw new IllegalArgumentException("orders[" + i + "] must be > 1, but is " + a);
            }
            if (samplingRate == 0) {
                out[i] = 0;
            } else if (samplingRate == 1) {
                out[i] = a / (2 * noiseMultiplier * noiseMultiplier);
            } else if (Double.isInfinite(a)) {
                out[i] = Double.POSITIVE_INFINITY;
            } else {
                out[i] = logA(samplingRate, noiseMultiplier, a) / (a - 1);
            }
        }
        return out;
    }

    /** log A_α for 0 &lt; q &lt; 1. */
    static double logA(double q, double sigma, double alpha) {
        return alpha == Math.rint(alpha) && alpha < Integer.MAX_VALUE
                ? logAInteger(q, sigma, (int) alpha) : logAFractional(q, sigma, alpha);
    }

    /** Integer α: the binomial expansion A_α = Σ_i C(α,i) q^i (1−q)^(α−i) exp((i² − i)/(2σ²)). */
    private static double logAInteger(double q, double sigma, int alpha) {
        double logA = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= alpha; i++) {
            double logCoef = logBinomial(alpha, i) + i * Math.log(q) + (alpha - i) * Math.log1p(-q);
            logA = logAdd(logA, logCoef + (i * (double) i - i) / (2 * sigma * sigma));
        }
        return logA;
    }

    /** Fractional α: the two-sided series of Mironov et al. 2019, Section 3.3, until terms fall below e^-30. */
    private static double logAFractional(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double coef = 1; // C(alpha, 0)
        for (int i = 0; ; i++) {
            if (i > 0) {
                coef *= (alpha - i + 1) / i;
            }
            double logCoef = Math.log(Math.abs(coef));
            double j = alpha - i;
            double logT0 = logCoef + i * Math.log(q) + j * Math.log1p(-q);
            double logT1 = logCoef + j * Math.log(q) + i * Math.log1p(-q);
            double logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.sqrt(2) * sigma));
            double logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.sqrt(2) * sigma));
            double logS0 = logT0 + (i * (double) i - i) / (2 * sigma * sigma) + logE0;
            double logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
            if (coef > 0) {
                logA0 = logAdd(logA0, logS0);
                logA1 = logAdd(logA1, logS1);
            } else {
                logA0 = logSub(logA0, logS0);
                logA1 = logSub(logA1, logS1);
            }
            if (Math.max(logS0, logS1) < -30) {
                break;
            }
        }
        return logAdd(logA0, logA1);
    }

    static double logBinomial(int n, int k) {
        return Gamma.logGamma(n + 1.0) - Gamma.logGamma(k + 1.0) - Gamma.logGamma(n - k + 1.0);
    }

    /** log(erfc(x)), accurate where erfc underflows (the asymptotic series beyond x = 20). */
    static double logErfc(double x) {
        if (x <= 20) {
            return Math.log(Erf.erfc(x));
        }
        double x2 = x * x;
        return -Math.log(Math.PI) / 2 - Math.log(x) - x2 - 0.5 / x2 + 0.625 / (x2 * x2)
                - 37.0 / 24.0 / (x2 * x2 * x2) + 353.0 / 64.0 / (x2 * x2 * x2 * x2);
    }

    private static double logAdd(double logX, double logY) {
        double a = Math.min(logX, logY);
        double b = Math.max(logX, logY);
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        return Math.log1p(Math.exp(a - b)) + b;
    }

    private static double logSub(double logX, double logY) {
        if (logX < logY) {
            throw new ArithmeticException("log-space subtraction went negative: " + logX + " < " + logY);
        }
        if (logY == Double.NEGATIVE_INFINITY) {
            return logX;
        }
        if (logX == logY) {
            return Double.NEGATIVE_INFINITY;
        }
        double d = Math.expm1(logX - logY);
        return Double.isInfinite(d) ? logX : Math.log(d) + logY;
    }

    @Override
    public String toString() {
        return "RdpAccountant[" + orders.length + " orders " + Arrays.toString(Arrays.copyOf(orders, 3)) + "…]";
    }
}
