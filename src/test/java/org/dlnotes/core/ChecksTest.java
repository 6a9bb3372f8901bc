package org.dlnotes.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void passingClaimsPrintTheirLine() {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Checks.atLeast("test accuracy", 0.96667, 0.95);
            Checks.atMost("loss", 0.1, 0.5);
            Checks.near("P5", 368000, 367879.44, 1000);
            Checks.isTrue("labels balanced", true);
        } finally {
            System.setOut(out);
        }
        assertEquals(List.of("✓ test accuracy 0.9667 ≥ 0.9500", "✓ loss 0.1000 ≤ 0.5000",
                "✓ P5 368000 ≈ 367879 (± 1.0e+03)", "✓ labels balanced"),
                printed.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void failingClaimsThrowWithTheLine() {
        AssertionError e = assertThrows(AssertionError.class, () -> Checks.atLeast("test accuracy", 0.5, 0.95));
        assertEquals("claim failed: test accuracy 0.5000 ≥ 0.9500", e.getMessage());
        assertThrows(AssertionError.class, () -> Checks.atMost("loss", Double.NaN, 0.5));
        assertThrows(AssertionError.class, () -> Checks.near("x", 1.0, 2.0, 0.5));
        assertThrows(AssertionError.class, () -> Checks.isTrue("never", false));
        assertThrows(IllegalArgumentException.class, () -> Checks.near("x", 1.0, 1.0, -1));
    }
}
