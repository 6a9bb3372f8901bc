package org.dlnotes.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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

    /** The cases that the notebook runner's fast_mode (environment/tests/test_fast_mode.py) meets too. */
    @Test
    void theSharedCasesHold() throws IOException {
        String table;
        try (InputStream in = FastModeTest.class.getResourceAsStream("/fast-mode.tsv")) {
            table = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int cases = 0;
        for (String line : table.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cell = line.split("\t");
            Map<String, String> env = new HashMap<>();
            if (!cell[0].equals("-")) {
                env.put(FastMode.ENV, cell[0]);
            }
            if (!cell[1].equals("-")) {
                env.put("CI", cell[1]);
            }
            if (cell[2].equals("error")) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> FastMode.enabled(env));
                assertEquals("DLNOTES_FAST must be 1 or 0 (true/false), but is '" + cell[0] + "'. Unset it for"
                        + " full-size runs, or set DLNOTES_FAST=1 for fast mode.", e.getMessage());
            } else {
                assertEquals(Boolean.parseBoolean(cell[2]), FastMode.enabled(env), line);
            }
            cases++;
        }
        assertEquals(15, cases);
    }

    @Test
    void chooseFollowsTheProcessEnvironment() {
        boolean fast = FastMode.enabled();
        assertEquals(fast ? 2 : 10, FastMode.choose(10, 2));
        assertEquals(fast ? "small" : "big", FastMode.choose("big", "small"));
    }
}
