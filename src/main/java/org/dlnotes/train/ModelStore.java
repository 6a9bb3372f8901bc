package org.dlnotes.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Saves a trained network together with its history in one DL4J model zip ({@link ModelSerializer}; the history
 * is stored inside as CSV under the key {@value #HISTORY_KEY}), and loads both back.
 *
 * <pre>{@code
 * ModelStore.save(Path.of("target/model.zip"), net, result.history());
 * ModelStore.Saved saved = ModelStore.load(Path.of("target/model.zip"));
 * }</pre>
 */
public final class ModelStore {

    /** Key of the history CSV inside the zip. */
    public static final String HISTORY_KEY = "dlnotes-history.csv";

    private ModelStore() {
    }

    /**
     * A loaded network and its history.
     *
     * @param model the network, with its updater state, ready to train further or predict
     * @param history the history saved with it
     */
    public record Saved(MultiLayerNetwork model, History history) {
    }

    /** Writes network (with updater state) and history to {@code file}; parent folders are created. */
    public static Path save(Path file, MultiLayerNetwork model, History history) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(history, "history");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ModelSerializer.writeModel(model, file.toFile(), true);
            ModelSerializer.addObjectToFile(file.toFile(), HISTORY_KEY, history.toCsv());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save model to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads what {@link #save} wrote. */
    public static Saved load(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file must be a saved model, but does not exist: " + file);
        }
        try {
            MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
            if (!ModelSerializer.listObjectsInFile(file.toFile()).contains(HISTORY_KEY)) {
                throw new IllegalArgumentException("file holds a model but no dlnotes history: " + file);
            }
            String csv = ModelSerializer.getObjectFromFile(file.toFile(), HISTORY_KEY);
            return new Saved(model, History.parseCsv(csv));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load model from " + file + ": " + e.getMessage(), e);
        }
    }
}
