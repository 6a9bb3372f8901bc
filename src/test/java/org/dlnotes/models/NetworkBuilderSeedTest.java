package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * DL4J 1.0.0-M2.1 takes seed 0 as no seed: two JVMs that initialise the same configuration with seed 0 get different
 * weights (seen 2026-12-05 in plain JVMs and in 05c's kernels; within one JVM the two may agree), with seed 1 the same
 * ones. The builders refuse 0, and any other seed repeats its weights.
 */
class NetworkBuilderSeedTest {

    @Test
    void theBuildersRefuseSeedZeroAndRepeatAnyOther() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mlp.builder().seed(0));
        assertTrue(e.getMessage().contains("no seed"), e.getMessage());
        assertEquals(Mlp.logisticRegression(10).seed(1).build().params(),
                Mlp.logisticRegression(10).seed(1).build().params());
    }
}
