package org.dlnotes.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecayTest {

    @Test
    void articleExampleContinuous() {
        // article 003: P0 = $1M, lambda = 0.2, t = 5 → 1e6·e^-1, not the article's $640k
        assertEquals(367_879.441171, Decay.continuous(1_000_000, 0.2, 5), 1e-6);
        assertEquals(1_000_000, Decay.continuous(1_000_000, 0.2, 0), 0);
    }

    @Test
    void twentyPercentCompoundedIsPointEightToTheFifth() {
        assertEquals(327_680.0, Decay.compounded(1_000_000, 0.2, 5), 1e-8);
        assertEquals(640_000.0, Decay.compounded(1_000_000, 0.2, 2), 1e-8);
        assertEquals(1_000_000 * Math.sqrt(0.8), Decay.compounded(1_000_000, 0.2, 0.5), 1e-8);
    }

    @Test
    void matchingRatesGiveTheSameCurve() {
        double lambda = Decay.continuousRate(0.2);
        assertEquals(-Math.log(0.8), lambda, 1e-15);
        for (double t : new double[] {0, 0.3, 1, 5, 17.5}) {
            assertEquals(Decay.compounded(100, 0.2, t), Decay.continuous(100, lambda, t), 1e-10);
        }
        assertEquals(0.2, Decay.yearlyDecline(lambda), 1e-15);
        assertEquals(1 - Math.exp(-0.2), Decay.yearlyDecline(0.2), 1e-15);
        // the same number 0.2 used as both means continuous decay is the slower one
        assertTrue(Decay.continuous(1, 0.2, 5) > Decay.compounded(1, 0.2, 5));
    }

    @Test
    void halvingTime() {
        double t = Decay.halvingTime(0.2);
        assertEquals(Math.log(2) / 0.2, t, 1e-15);
        assertEquals(50, Decay.continuous(100, 0.2, t), 1e-10);
    }

    @Test
    void curvesAndTimes() {
        double[] t = Decay.times(5, 2);
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5}, t, 1e-15);
        double[] c = Decay.continuousCurve(10, 0.5, t);
        double[] k = Decay.compoundedCurve(10, 0.5, t);
        assertEquals(t.length, c.length);
        assertEquals(10 * Math.exp(-2.5), c[10], 1e-12);
        assertEquals(10 * Math.pow(0.5, 5), k[10], 1e-12);
    }

    @Test
    void badArgumentsNameTheArgumentAndValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Decay.continuous(0, 0.2, 1));
        assertTrue(e.getMessage().contains("p0") && e.getMessage().contains("0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Decay.continuous(1, -0.2, 1));
        assertTrue(e.getMessage().contains("rate") && e.getMessage().contains("-0.2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Decay.compounded(1, 20, 1));
        assertTrue(e.getMessage().contains("declinePerYear") && e.getMessage().contains("0.2 for 20 %"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Decay.compounded(1, 0.2, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Decay.continuousRate(1.0));
        assertThrows(IllegalArgumentException.class, () -> Decay.halvingTime(0));
        assertThrows(IllegalArgumentException.class, () -> Decay.times(0, 2));
        assertThrows(IllegalArgumentException.class, () -> Decay.times(5, 0));
    }
}
