package org.dlnotes.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class FastModeTest {

    @Test
    void offByDefaultOnInCi() {
        assertFalse(FastMode.enabled(Map.of()));
        assertTrue(FastMode.enabled(Map.of("CI", "true")));
        assertFalse(FastMode.enabled(Map.of("CI", "false")));
    }

    @Test
    void explicitValueWinsOverCi() {
        assertTrue(FastMode.enabled(Map.of("DLNOTES_FAST", "1")));
        assertTrue(FastMode.enabled(Map.of("DLNOTES_FAST", "TRUE")));
        assertFalse(FastMode.enabled(Map.of("DLNOTES_FAST", "0", "CI", "true")));
    }

    @Test
    void garbageValueIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FastMode.enabled(Map.of("DLNOTES_FAST", "maybe")));
        assertTrue(e.getMessage().contains("DLNOTES_FAST") && e.getMessage().contains("'maybe'"), e.getMessage());
    }

    @Test
    void chooseFollowsTheProcessEnvironment() {
        boolean fast = FastMode.enabled();
        assertEquals(fast ? 2 : 10, FastMode.choose(10, 2));
        assertEquals(fast ? "small" : "big", FastMode.choose("big", "small"));
    }
}
