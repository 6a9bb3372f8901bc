package org.dlnotes.distributed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A folder of jars, one part of a classpath, with its size: what a dependency costs on disk and in every JVM that
 * puts it on its classpath.
 *
 * @param folder the folder
 * @param jars the {@code .jar} files in it, sorted by name
 * @param bytes their total size
 */
public record JarFolder(Path folder, List<Path> jars, long bytes) {

    /** Checks the fields. */
    public JarFolder {
        Objects.requireNonNull(folder, "folder");
        jars = List.copyOf(jars);
    }

    /**
     * The jars in {@code folder} (not its subfolders).
     *
     * @throws IllegalArgumentException if {@code folder} is not a directory
     */
    public static JarFolder of(Path folder) {
        Objects.requireNonNull(folder, "folder");
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("folder must be a directory of jars, but " + folder + " is not one");
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted().toList();
            long bytes = 0;
            for (Path jar : jars) {
                bytes += Files.size(jar);
            }
            return new JarFolder(folder.toAbsolutePath().normalize(), jars, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Size in MiB (2^20 bytes). */
    public double mib() {
        return bytes / (1024.0 * 1024.0);
    }

    /** Whether a jar whose file name starts with {@code prefix} is in the folder. */
    public boolean contains(String prefix) {
        return jars.stream().anyMatch(j -> j.getFileName().toString().startsWith(prefix));
    }

    /** The folder as a classpath entry for the {@code java} launcher: {@code folder/*}. */
    public String classpathEntry() {
        return folder + "/*";
    }
}
