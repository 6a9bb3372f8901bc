package org.dlnotes.core;

import java.util.Locale;
import java.util.Map;

/**
 * Fast mode shrinks epochs and data so that every notebook runs in about a minute (CI); the default is full size.
 *
 * <p>It is on when the environment variable {@value #ENV} is {@code 1}/{@code true}/{@code yes}, off when it is
 * {@code 0}/{@code false}/{@code no}, and, when unset, on exactly when {@code CI=true}. Notebooks ask
 * {@link #choose(int, int)} for sizes instead of branching themselves.
 */
public final class FastMode {

    /** The environment variable that switches fast mode. */
    public static final String ENV = "DLNOTES_FAST";

    private FastMode() {
    }

    /** Whether fast mode is on in this process. */
    public static boolean enabled() {
        return enabled(System.getenv());
    }

    /**
     * Whether the given environment asks for fast mode.
     *
     * @throws IllegalStateException if {@value #ENV} holds a value that is neither true nor false
     */
    public static boolean enabled(Map<String, String> env) {
        String value = env.get(ENV);
        if (value == null || value.isBlank()) {
            return "true".equalsIgnoreCase(env.getOrDefault("CI", "").trim());
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on":
                return true;
            case "0", "false", "no", "off":
                return false;
            default:
                throw new IllegalStateException(ENV + " must be 1 or 0 (true/false), but is '" + value
                        + "'. Unset it for full-size runs, or set " + ENV + "=1 for fast mode.");
        }
    }

    /** {@code fast} in fast mode, else {@code full}. */
    public static int choose(int full, int fast) {
        return enabled() ? fast : full;
    }

    /** {@code fast} in fast mode, else {@code full}. */
    public static <T> T choose(T full, T fast) {
        return enabled() ? fast : full;
    }
}
