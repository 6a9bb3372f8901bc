package org.dlnotes.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ExponentialDecayTest {

    @Test
    void articleExampleIsE_toMinusOneNotPoint64() {
        double p5 = ExponentialDecay.continuous(1_000_000, 0.2, 5);
        assertEquals(1_000_000 * Math.exp(-1), p5, 1e-6);
        assertEquals(367_879.441, p5, 1e-3);
        assertEquals(327_680.0, ExponentialDecay.compounded(1_000_000, 0.2, 5), 1e-6);   // 0.8^5
        // The article's 0.64 is 0.8^2: two years of 20 % compounding, not five.
        assertEquals(0.64, ExponentialDecay.compounded(1, 0.2, 2), 1e-12);
        assertEquals(0.22314355, ExponentialDecay.lambdaForAnnualRate(0.2), 1e-8);
        assertEquals(ExponentialDecay.compounded(7, 0.2, 3.5),
                ExponentialDecay.continuous(7, ExponentialDecay.lambdaForAnnualRate(0.2), 3.5), 1e-12);
    }

    @Test
    void exactCurveIsRecoveredExactly() {
        double[] t = {0, 0.5, 1, 2, 3.25};
        double[] p = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            p[i] = 60 * Math.exp(-1.3 * t[i]);
        }
        DecayFit fit = ExponentialDecay.fit(t, p);
        assertEquals(1.3, fit.lambda(), 1e-12);
        assertEquals(60, fit.p0(), 1e-9);
        assertEquals(Math.log(2) / 1.3, fit.halvingTimeYears(), 1e-12);
        assertEquals(1.0, fit.rSquared(), 1e-12);
        assertEquals(60 * Math.exp(-1.3 * 4), fit.predict(4), 1e-9);
        assertEquals(100 * (1 - Math.exp(-1.3)), fit.annualDeclinePercent(), 1e-9);
    }

    @Test
    void noisyCurveIsRecoveredAndTheIntervalCoversTheTruthAtItsLevel() {
        double lambda = 0.9;
        double p0 = 25;
        double sigma = 0.6;
        Random random = new Random(20240521);
        int reps = 2000;
        int lambdaCovered = 0;
        int p0Covered = 0;
        double meanLambda = 0;
        for (int r = 0; r < reps; r++) {
            int n = 12;
            double[] t = new double[n];
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = 3.0 * random.nextDouble();
                p[i] = p0 * Math.exp(-lambda * t[i] + sigma * random.nextGaussian());
            }
            DecayFit fit = ExponentialDecay.fit(t, p);
            meanLambda += fit.lambda() / reps;
            if (fit.lambdaInterval(0.95).contains(lambda)) {
                lambdaCovered++;
            }
            if (fit.p0Interval(0.95).contains(p0)) {
                p0Covered++;
            }
        }
        assertEquals(lambda, meanLambda, 0.02, "least squares on the log scale is unbiased for lambda");
        double coverage = lambdaCovered / (double) reps;
        // Binomial standard error at 0.95 with 2000 reps is 0.0049: 0.93..0.97 is about ±4 SE.
        assertTrue(coverage > 0.93 && coverage < 0.97, "lambda coverage " + coverage);
        double p0Coverage = p0Covered / (double) reps;
        assertTrue(p0Coverage > 0.93 && p0Coverage < 0.97, "P0 coverage " + p0Coverage);
    }

    @Test
    void intervalsAreOrderedAndNestedByLevel() {
        double[] t = {0, 1, 2, 3, 4, 5};
        double[] p = {100, 70, 45, 33, 20, 16};
        DecayFit fit = ExponentialDecay.fit(t, p);
        Interval i90 = fit.lambdaInterval(0.90);
        Interval i99 = fit.lambdaInterval(0.99);
        assertTrue(i99.low() < i90.low() && i90.high() < i99.high());
        assertTrue(i90.contains(fit.lambda()));
        Interval halving = fit.halvingTimeInterval(0.95);
        assertTrue(halving.contains(fit.halvingTimeYears()));
        Interval price = fit.priceInterval(2.5, 0.95);
        assertTrue(price.contains(fit.predict(2.5)));
        // t quantile for 4 degrees of freedom at 97.5 %: 2.776445
        assertEquals(2.776445 * fit.lambdaStdError(), fit.lambdaInterval(0.95).width() / 2, 1e-5);
    }

    @Test
    void badInputFailsWithTheArgumentNamed() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> ExponentialDecay.fit(new double[] {0, 1, 2}, new double[] {1, 0, 2}));
        assertTrue(zero.getMessage().contains("price[1]"), zero.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ExponentialDecay.fit(new double[] {0, 1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> ExponentialDecay.fit(new double[] {1, 1, 1}, new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class,
                () -> ExponentialDecay.fit(new double[] {0, Double.NaN, 1}, new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> ExponentialDecay.compounded(1, 1.2, 1));
    }
}
