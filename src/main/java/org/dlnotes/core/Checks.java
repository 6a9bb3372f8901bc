package org.dlnotes.core;

import java.util.Locale;

/**
 * A notebook's key claims, checked where they are made: each check prints one line ({@code ✓ test accuracy 0.967 ≥
 * 0.95}) and throws {@link AssertionError} when the claim fails, so the headless run (and CI) fails with it.
 * Thresholds that depend on the run's size come from {@link FastMode#choose(Object, Object)}.
 */
public final class Checks {

    private Checks() {
    }

    /** Checks {@code value >= bound}. */
    public static void atLeast(String what, double value, double bound) {
        check(what, value, value >= bound, "≥", bound);
    }

    /** Checks {@code value <= bound}. */
    public static void atMost(String what, double value, double bound) {
        check(what, value, value <= bound, "≤", bound);
    }

    /** Checks {@code |value - expected| <= tolerance}. */
    public static void near(String what, double value, double expected, double tolerance) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, but is " + tolerance);
        }
        String line = String.format(Locale.ROOT, "%s %s %.6g ≈ %.6g (± %.2g)",
                Math.abs(value - expected) <= tolerance ? "✓" : "✗", what, value, expected, tolerance);
        report(line, Math.abs(value - expected) <= tolerance);
    }

    /** Checks a condition described by {@code what}. */
    public static void isTrue(String what, boolean condition) {
        report((condition ? "✓ " : "✗ ") + what, condition);
    }

    private static void check(String what, double value, boolean ok, String relation, double bound) {
        String line = String.format(Locale.ROOT, "%s %s %.4g %s %.4g", ok ? "✓" : "✗", what, value, relation, bound);
        report(line, ok);
    }

    private static void report(String line, boolean ok) {
        if (!ok) {
            throw new AssertionError("claim failed: " + line.substring(2));
        }
        System.out.println(line);
    }
}
