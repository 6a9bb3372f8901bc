package org.dlnotes.charts;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

/**
 * Draws Graphviz DOT text as an image by running the {@code dot} program (Debian package {@code graphviz}, which
 * {@code environment/setup.sh} installs). The program is {@code dot} on the PATH, or the one named by the
 * environment variable {@value #ENV}.
 */
public final class Graphviz {

    /** Environment variable naming the {@code dot} executable. */
    public static final String ENV = "DLNOTES_DOT";

    private Graphviz() {
    }

    /** Whether {@code dot} can be started. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder(executable(), "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Renders DOT text to a PNG image at {@code dpi} 96.
     *
     * @throws IllegalStateException if {@code dot} is missing (the message says what to install) or rejects the text
     */
    public static BufferedImage render(String dot) {
        Objects.requireNonNull(dot, "dot");
        String exe = executable();
        Process process;
        try {
            process = new ProcessBuilder(exe, "-Tpng", "-Gdpi=96").start();
        } catch (IOException e) {
            throw new IllegalStateException("Graphviz's '" + exe + "' program could not be started (" + e.getMessage()
                    + "). Install the Debian package graphviz (apt-get install graphviz, or run environment/setup.sh "
                    + "as root), or set " + ENV + " to the dot executable.", e);
        }
        try {
            byte[][] out = new byte[2][];
            Thread err = new Thread(() -> out[1] = readQuietly(process.getErrorStream()));
            err.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(dot.getBytes(StandardCharsets.UTF_8));
            }
            out[0] = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("dot did not finish within 60 s");
            }
            err.join(5000);
            String stderr = out[1] == null ? "" : new String(out[1], StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new IllegalStateException("dot failed with exit status " + process.exitValue() + ": " + stderr);
            }
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(out[0]));
            if (image == null) {
                throw new IllegalStateException("dot produced no PNG image; its messages: " + stderr);
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot talk to " + exe, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for dot", e);
        }
    }

    private static byte[] readQuietly(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String executable() {
        String configured = System.getenv(ENV);
        return configured == null || configured.isBlank() ? "dot" : configured;
    }
}
