package org.dlnotes.train;

import java.nio.file.Path;

/** A model file cannot be loaded; the message names the file, says what is wrong with it and how to fix it. */
public final class ModelFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The file that could not be loaded (not serialized: {@link Path} is not serializable). */
    private final transient Path file;

    /** {@code file} cannot be loaded because of {@code problem} (a sentence); {@code cause} may be null. */
    public ModelFileException(Path file, String problem, Throwable cause) {
        super("Cannot load model " + file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that could not be loaded. */
    public Path file() {
        return file;
    }
}
