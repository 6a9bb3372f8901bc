package org.dlnotes.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlnotes.privacy.RdpAccountant.Conversion;
import org.dlnotes.privacy.RdpAccountant.Epsilon;
import org.junit.jupiter.api.Test;

/**
 * Reference values from TensorFlow Privacy (github.com/tensorflow/privacy, Apache 2.0):
 * {@code tensorflow_privacy/privacy/analysis/rdp_accountant_test.py}, {@code compute_dp_sgd_privacy_test.py} and the
 * table in {@code tutorials/README.md} (MNIST, 60,000 examples, batch 256, δ = 1e-5).
 */
class RdpAccountantTest {

    /** The orders of TF Privacy's compute_dp_sgd_privacy_lib.py (dp_accounting version). */
    private static final double[] TF_ORDERS;

    static {
        double[] head = {1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5};
        TF_ORDERS = new double[head.length + 59 + 3];
        System.arraycopy(head, 0, TF_ORDERS, 0, head.length);
        for (int o = 5; o < 64; o++) {
            TF_ORDERS[head.length + o - 5] = o;
        }
        TF_ORDERS[TF_ORDERS.length - 3] = 128;
        TF_ORDERS[TF_ORDERS.length - 2] = 256;
        TF_ORDERS[TF_ORDERS.length - 1] = 512;
    }

    @Test
    void rdpOfOneStepMatchesTfPrivacy() {
        // test_compute_rdp_scalar: compute_rdp(0.1, 2, 10, 5) = 0.07737
        assertEquals(0.07737, RdpAccountant.of(5).compose(0.1, 2, 10).rdp()[0], 1e-5);
        // test_compute_rdp_sequence: compute_rdp(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100])
        double[] rdp = RdpAccountant.of(1.5, 2.5, 5, 50, 100).compose(0.01, 2.5, 50).rdp();
        double[] expected = {0.00065, 0.001085, 0.00218075, 0.023846, 167.416307};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], rdp[i], 1e-5, "order index " + i);
        }
        // test_compute_rdp_no_data and test_compute_rdp_no_sampling
        assertEquals(0, RdpAccountant.rdp(0, 10, 20)[0]);
        assertEquals(0.1, RdpAccountant.rdp(1, 10, 20)[0], 1e-15);
    }

    @Test
    void dpSgdEpsilonMatchesTfPrivacyTests() {
        // compute_dp_sgd_privacy_test.py: (n, batch, sigma, epochs, delta) -> (eps, order)
        Epsilon e0 = RdpAccountant.of(TF_ORDERS).compose(150 / 60000.0, 1.3, 6000).epsilon(1e-5);
        assertEquals(0.7242234026109595, e0.epsilon(), 1e-9);
        assertEquals(19.0, e0.order());
        Epsilon e1 = RdpAccountant.of(TF_ORDERS).compose(100 / 100000.0, 1.0, 30000).epsilon(1e-7);
        assertEquals(1.4154988495444845, e1.epsilon(), 1e-9);
        assertEquals(13.0, e1.order());
        Epsilon e2 = RdpAccountant.of(TF_ORDERS).compose(1024 / 1e8, 0.1, (long) Math.ceil(10 * 1e8 / 1024))
                .epsilon(1e-7);
        assertEquals(5907982.31138195, e2.epsilon(), 5907982.31138195 * 1e-9);
        assertEquals(1.25, e2.order());
        // the convenience method uses the default orders, which contain 19 and 13 as well
        assertEquals(0.7242234026109595, RdpAccountant.dpSgd(60000, 150, 1.3, 15, 1e-5).epsilon(), 1e-9);
    }

    @Test
    void classicConversionReproducesTheTfPrivacyMnistTutorialTable() {
        // tutorials/README.md: sigma 1.12, 60 epochs -> 2.92; sigma 1.2, 10 epochs -> 1.20; sigma 0.6, 30 epochs
        // -> 9.74; and the per-epoch log: epoch 1 -> 1.00, epoch 2 -> 1.04. Steps = epochs * 60000 // 256.
        assertEquals(2.92, classic(1.12, 60), 0.005);
        assertEquals(1.20, classic(1.2, 10), 0.005);
        assertEquals(1.00, classic(1.12, 1), 0.005);
        assertEquals(1.04, classic(1.12, 2), 0.005);
        // 9.7527 with the default orders: the tutorial's 9.74 came from a slightly different order grid
        assertEquals(9.74, classic(0.6, 30), 0.02);
    }

    private static double classic(double sigma, int epochs) {
        return RdpAccountant.of().compose(256 / 60000.0, sigma, epochs * 60000L / 256).epsilon(1e-5,
                Conversion.CLASSIC).epsilon();
    }

    @Test
    void gaussianMechanismConversionsMatchTheirClosedForms() {
        // Without sampling (q = 1) the RDP of the Gaussian mechanism is α/(2σ²): check both conversions by hand.
        double[] orders = new double[31];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = i + 2;
        }
        RdpAccountant gaussian = RdpAccountant.of(orders).compose(1, 10, 1);
        double classic = Double.POSITIVE_INFINITY;
        double improved = Double.POSITIVE_INFINITY;
        for (double a : orders) {
            classic = Math.min(classic, a / 200 - Math.log(1e-5) / (a - 1));
            improved = Math.min(improved, a / 200 + Math.log1p(-1 / a) - Math.log(1e-5 * a) / (a - 1));
        }
        assertEquals(classic, gaussian.epsilon(1e-5, Conversion.CLASSIC).epsilon(), 1e-12);
        assertEquals(improved, gaussian.epsilon(1e-5).epsilon(), 1e-12);
    }

    @Test
    void logAEqualsNumericalIntegration() {
        // as test_compute_log_a_equals_mp: A_alpha = E_{z ~ N(0, s^2)} [((1-q) + q exp((2z-1)/(2 s^2)))^alpha]
        double[][] cases = {{1e-4, 1, 1.5}, {1e-3, 1, 2}, {0.01, 10, 20}, {0.1, 100, 20.5}, {0.05, 1.1, 7.3},
                {0.01, 0.8, 12}, {0.2, 2, 3.7}};
        for (double[] c : cases) {
            double q = c[0], s = c[1], a = c[2];
            double numeric = logIntegral(q, s, a);
            assertEquals(numeric, RdpAccountant.logA(q, s, a), Math.abs(numeric) * 1e-4 + 1e-12,
                    "q=" + q + " sigma=" + s + " alpha=" + a);
        }
    }

    /** log of the trapezoid rule over a wide grid, in log space (the integrand over- and underflows). */
    private static double logIntegral(double q, double s, double a) {
        double lo = -40 * s - 10 * a;
        double hi = 40 * s + 10 * a * s * s + 10 * a;
        int n = 400_000;
        double h = (hi - lo) / n;
        double[] logF = new double[n + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= n; i++) {
            double z = lo + i * h;
            double logDensity = -z * z / (2 * s * s) - Math.log(s * Math.sqrt(2 * Math.PI));
            double u = (2 * z - 1) / (2 * s * s);
            // log((1-q) + q e^u), stable for large u
            double logRatio = u > 0 ? u + Math.log(q + (1 - q) * Math.exp(-u)) : Math.log((1 - q) + q * Math.exp(u));
            logF[i] = logDensity + a * logRatio;
            max = Math.max(max, logF[i]);
        }
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double f = Math.exp(logF[i] - max);
            sum += (i == 0 || i == n) ? f / 2 : f;
        }
        return max + Math.log(sum * h);
    }

    @Test
    void improvedConversionIsNeverWorseAndEpsilonGrowsWithSteps() {
        RdpAccountant a = RdpAccountant.of().compose(0.01, 1.1, 1000);
        assertTrue(a.epsilon(1e-5).epsilon() <= a.epsilon(1e-5, Conversion.CLASSIC).epsilon());
        double previous = 0;
        for (int steps : new int[] {10, 100, 1000, 10000}) {
            double eps = RdpAccountant.of().compose(0.01, 1.1, steps).epsilon(1e-5).epsilon();
            assertTrue(eps > previous, steps + " steps: " + eps + " <= " + previous);
            previous = eps;
        }
        // composing twice equals composing the sum of steps
        assertEquals(RdpAccountant.of().compose(0.01, 1.1, 1000).epsilon(1e-5).epsilon(),
                RdpAccountant.of().compose(0.01, 1.1, 400).compose(0.01, 1.1, 600).epsilon(1e-5).epsilon(), 1e-12);
    }

    @Test
    void noiseMultiplierForATargetRoundTrips() {
        double q = 256 / 60000.0;
        long steps = 60L * 60000 / 256;
        double sigma = RdpAccountant.noiseMultiplierFor(2.0, 1e-5, q, steps);
        double eps = RdpAccountant.of().compose(q, sigma, steps).epsilon(1e-5).epsilon();
        assertTrue(eps <= 2.0 && eps > 1.99, "eps " + eps);
        assertTrue(RdpAccountant.of().compose(q, sigma * 0.99, steps).epsilon(1e-5).epsilon() > 2.0);
    }

    @Test
    void badArgumentsAreRefusedWithTheirValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RdpAccountant.of().compose(1.5, 1, 1));
        assertTrue(e.getMessage().contains("samplingRate") && e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RdpAccountant.of().compose(0.1, 0, 1));
        assertTrue(e.getMessage().contains("noiseMultiplier"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RdpAccountant.of().epsilon(0));
        assertTrue(e.getMessage().contains("delta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RdpAccountant.of(2, 1, 3));
        assertTrue(e.getMessage().contains("orders[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RdpAccountant.of().compose(0.1, 1, -1));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
    }
}
