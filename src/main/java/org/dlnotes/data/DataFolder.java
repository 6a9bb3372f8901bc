package org.dlnotes.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The repository's {@code data/} folder and its manifest {@value #MANIFEST}, the one list of SHA-256 checksums that
 * every load verifies.
 *
 * <p>{@link #locate()} looks, in order, at the system property {@value #PROPERTY}, the environment variable
 * {@value #ENV}, then walks up from the working directory to the first folder with {@code data/}{@value #MANIFEST}
 * (notebooks run in {@code notebooks/}, tests in the repository root).
 */
public final class DataFolder {

    /** System property naming the data folder. */
    public static final String PROPERTY = "dlnotes.data";
    /** Environment variable naming the data folder. */
    public static final String ENV = "DLNOTES_DATA";
    /** Manifest file name, in {@code sha256sum} format. */
    public static final String MANIFEST = "SHA256SUMS";

    private final Path dir;
    private final Map<String, String> checksums;

    private DataFolder(Path dir, Map<String, String> checksums) {
        this.dir = dir;
        this.checksums = checksums;
    }

    /** The data folder of this repository, found as described in the class comment. */
    public static DataFolder locate() {
        String configured = System.getProperty(PROPERTY);
        String source = "system property " + PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
            source = "environment variable " + ENV;
        }
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
                throw new DataException(source + " is '" + configured + "', but " + dir.resolve(MANIFEST)
                        + " does not exist. Point it at the repository's data/ folder, or unset it.");
            }
            return at(dir);
        }
        return search(Path.of("").toAbsolutePath());
    }

    /** The first {@code data/} folder with a manifest in {@code start} or a folder above it. */
    static DataFolder search(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("data").resolve(MANIFEST))) {
                return at(p.resolve("data"));
            }
        }
        throw new DataException("No data/" + MANIFEST + " in " + start + " or any folder above it. Run from inside "
                + "the dlnotes repository, or set -D" + PROPERTY + "=/path/to/dlnotes/data (or " + ENV + ").");
    }

    /**
     * The data folder at {@code dir}, reading its manifest.
     *
     * @throws DataException if the manifest is missing or has a malformed line
     */
    public static DataFolder at(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new DataException("Manifest " + manifest + " is missing. Restore it with 'git checkout -- data/"
                    + MANIFEST + "' or rebuild all data with 'data/build.sh'.");
        }
        Map<String, String> sums = new LinkedHashMap<>();
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(manifest)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (!line.matches("[0-9a-f]{64}  \\S.*")) {
                    throw new DataException(manifest + " line " + lineNo + " is not '<64 hex digits>  <file>': '"
                            + line + "'. Regenerate it with 'data/build.sh'.");
                }
                sums.put(line.substring(66), line.substring(0, 64));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + manifest, e);
        }
        return new DataFolder(dir.toAbsolutePath().normalize(), Collections.unmodifiableMap(sums));
    }

    /** The folder itself. */
    public Path dir() {
        return dir;
    }

    /** File name → expected SHA-256 (lower-case hex), in manifest order. */
    public Map<String, String> checksums() {
        return checksums;
    }

    /**
     * The path of {@code name} after checking that it is listed in the manifest, exists, and has the listed SHA-256.
     *
     * @throws DataException naming the file and the command that restores it
     */
    public Path file(String name) {
        String expected = checksums.get(name);
        if (expected == null) {
            throw new DataException("'" + name + "' is not listed in " + dir.resolve(MANIFEST) + "; listed files: "
                    + checksums.keySet());
        }
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new DataException("Data file " + file + " is missing. Restore it with 'git checkout -- data/" + name
                    + "' or rebuild all data with 'data/build.sh'.");
        }
        String actual = sha256(file);
        if (!actual.equals(expected)) {
            throw new DataException("Data file " + file + " has SHA-256 " + actual + " but " + MANIFEST + " expects "
                    + expected + ": the file is corrupt or was edited. Restore it with 'git checkout -- data/" + name
                    + "' or rebuild all data with 'data/build.sh'.");
        }
        return file;
    }

    /** SHA-256 of a file as lower-case hex. */
    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM lacks SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "DataFolder[" + dir + ", " + checksums.size() + " files]";
    }
}
