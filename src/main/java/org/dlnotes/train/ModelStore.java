package org.dlnotes.train;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dlnotes.core.AtomicFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves a trained network together with its history in one zip in DL4J's model layout (configuration JSON,
 * coefficients, updater state, so {@link ModelSerializer#restoreMultiLayerNetwork(java.io.File)} reads it too) plus
 * the history as a plain CSV entry {@value #HISTORY_KEY}, and loads both back.
 *
 * <p>Loading never runs Java deserialization on the file: it reads the entries itself and refuses any entry it does
 * not know (such as DL4J's {@code preprocessor.bin} or other {@code objects/*}, which DL4J would deserialize). Files
 * written by earlier versions, whose history is a serialized String under {@code objects/}{@value #HISTORY_KEY}, are
 * read through a filter that admits {@code java.lang.String} only. Saving is atomic: the file is either the old
 * model or the new one, never a partly written zip.
 *
 * <pre>{@code
 * ModelStore.save(Path.of("target/model.zip"), net, result.history());
 * ModelStore.Saved saved = ModelStore.load(Path.of("target/model.zip"));
 * }</pre>
 */
public final class ModelStore {

    /** Name of the history entry (CSV text, UTF-8) inside the zip. */
    public static final String HISTORY_KEY = "dlnotes-history.csv";

    /** Where earlier versions stored the history: a Java-serialized String, as DL4J's addObjectToFile writes it. */
    private static final String LEGACY_HISTORY = "objects/" + HISTORY_KEY;

    /** The only entries a model file may have. */
    private static final List<String> KNOWN_ENTRIES = List.of(ModelSerializer.CONFIGURATION_JSON,
            ModelSerializer.COEFFICIENTS_BIN, ModelSerializer.NO_PARAMS_MARKER, ModelSerializer.UPDATER_BIN,
            HISTORY_KEY, LEGACY_HISTORY);

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

    /**
     * Writes network (with updater state) and history to {@code file}; parent folders are created. The zip is
     * written to a temporary file in the same folder, forced to disk and then moved over {@code file} atomically:
     * if saving fails or the process dies, {@code file} still holds what it held before.
     *
     * @throws UncheckedIOException if the file cannot be written (the temporary file is removed)
     */
    public static Path save(Path file, MultiLayerNetwork model, History history) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(history, "history");
        try {
            AtomicFiles.write(file, out -> write(out, model, history));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save model to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the zip that {@link #save} writes to {@code out} (flushed, not closed), e.g. to encrypt it before it
     * reaches a disk; {@link #read(byte[], Path)} reads it back.
     */
    public static void write(OutputStream out, MultiLayerNetwork model, History history) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(history, "history");
        ZipOutputStream zip = new ZipOutputStream(out);
        writeEntries(zip, model, history);
        zip.finish();
        zip.flush();
    }

    /** DL4J's entries (as {@code ModelSerializer.writeModel} writes them), then the history last. */
    private static void writeEntries(ZipOutputStream zip, MultiLayerNetwork model, History history)
            throws IOException {
        zip.putNextEntry(new ZipEntry(ModelSerializer.CONFIGURATION_JSON));
        zip.write(model.getLayerWiseConfigurations().toJson().getBytes(UTF_8));
        INDArray params = model.params();
        zip.putNextEntry(new ZipEntry(ModelSerializer.COEFFICIENTS_BIN));
        if (params == null) {
            zip.putNextEntry(new ZipEntry(ModelSerializer.NO_PARAMS_MARKER));
        } else {
            writeArray(zip, params);
        }
        INDArray updaterState = model.getUpdater().getStateViewArray();
        if (updaterState != null && updaterState.length() > 0) {
            zip.putNextEntry(new ZipEntry(ModelSerializer.UPDATER_BIN));
            writeArray(zip, updaterState);
        }
        zip.putNextEntry(new ZipEntry(HISTORY_KEY));
        zip.write(history.toCsv().getBytes(UTF_8));
        zip.closeEntry();
    }

    private static void writeArray(ZipOutputStream zip, INDArray array) throws IOException {
        DataOutputStream out = new DataOutputStream(zip); // not closed: that would close the zip
        Nd4j.write(array, out);
        out.flush();
    }

    /**
     * Reads what {@link #save} wrote (or an earlier version of it).
     *
     * @throws ModelFileException naming the file and what is wrong: missing, not a zip or damaged, an unknown entry,
     *         a missing or invalid configuration, coefficients, updater state or history, or a legacy history that
     *         is not a serialized String
     */
    public static Saved load(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new ModelFileException(file, "no such file. Check the path, or save a model there with "
                    + "ModelStore.save.", null);
        }
        Map<String, byte[]> entries = readEntries(file);
        MultiLayerNetwork model = network(file, entries);
        return new Saved(model, history(file, entries));
    }

    /**
     * Reads a model from the bytes of a zip that {@link #write} or {@link #save} wrote (e.g. just decrypted, so that
     * the plain model never touches a disk), with the same checks as {@link #load}; {@code source} names where the
     * bytes came from in error messages.
     *
     * @throws ModelFileException naming {@code source} and what is wrong, as {@link #load} does
     */
    public static Saved read(byte[] zip, Path source) {
        Objects.requireNonNull(zip, "zip");
        Objects.requireNonNull(source, "source");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                checkName(source, entry.getName(), entries.keySet());
                entries.put(entry.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new ModelFileException(source, "it is not a zip, or a damaged or truncated one (" + e.getMessage()
                    + "). ModelStore.write writes a zip; save the model again.", e);
        }
        if (entries.isEmpty()) {
            throw new ModelFileException(source, "it is not a zip or holds no entries. ModelStore.write writes a "
                    + "zip; save the model again.", null);
        }
        return new Saved(network(source, entries), history(source, entries));
    }

    /** Refuses an entry name that is not in {@link #KNOWN_ENTRIES} or that {@code seen} already holds. */
    private static void checkName(Path file, String name, Set<String> seen) {
        if (!KNOWN_ENTRIES.contains(name)) {
            throw new ModelFileException(file, "it has an entry '" + name + "', which ModelStore does not "
                    + "read (it reads only " + KNOWN_ENTRIES + "; entries such as preprocessor.bin, "
                    + "normalizer.bin and objects/* may hold Java-serialized objects, which are never loaded). "
                    + "Save the network again with ModelStore.save, and a scaler with Scaler.save.", null);
        }
        if (seen.contains(name)) {
            throw new ModelFileException(file, "it has the entry '" + name + "' twice. Save the network "
                    + "again with ModelStore.save.", null);
        }
    }

    /** All entries by name, after checking every name against {@link #KNOWN_ENTRIES} before reading any content. */
    private static Map<String, byte[]> readEntries(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, ZipEntry> byName = new LinkedHashMap<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                checkName(file, entry.getName(), byName.keySet());
                byName.put(entry.getName(), entry);
            }
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (ZipEntry entry : byName.values()) {
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
            return entries;
        } catch (IOException e) {
            throw new ModelFileException(file, "it is not a zip file, or a damaged or truncated one (" + e.getMessage()
                    + "). ModelStore.save writes a zip; save the model again.", e);
        }
    }

    /** The network from the configuration, coefficients and (if present) updater state, as DL4J restores it. */
    private static MultiLayerNetwork network(Path file, Map<String, byte[]> entries) {
        byte[] json = required(file, entries, ModelSerializer.CONFIGURATION_JSON);
        byte[] coefficients = required(file, entries, ModelSerializer.COEFFICIENTS_BIN);
        MultiLayerConfiguration conf;
        try {
            conf = MultiLayerConfiguration.fromJson(new String(json, UTF_8));
        } catch (RuntimeException e) {
            throw new ModelFileException(file, "its " + ModelSerializer.CONFIGURATION_JSON + " is not a valid "
                    + "MultiLayerNetwork configuration (" + firstLine(e) + ").", e);
        }
        INDArray params = null;
        if (coefficients.length > 0 || !entries.containsKey(ModelSerializer.NO_PARAMS_MARKER)) {
            params = array(file, entries, ModelSerializer.COEFFICIENTS_BIN);
            conf.setDataType(params.dataType());
        }
        MultiLayerNetwork model = new MultiLayerNetwork(conf);
        try {
            model.init(params, false);
        } catch (RuntimeException e) {
            throw new ModelFileException(file, "its " + ModelSerializer.COEFFICIENTS_BIN + " does not fit its "
                    + "configuration (" + firstLine(e) + ").", e);
        }
        if (entries.containsKey(ModelSerializer.UPDATER_BIN)) {
            INDArray state = array(file, entries, ModelSerializer.UPDATER_BIN);
            try {
                model.getUpdater().setStateViewArray(model, state, false);
            } catch (RuntimeException e) {
                throw new ModelFileException(file, "its " + ModelSerializer.UPDATER_BIN + " does not fit its "
                        + "configuration (" + firstLine(e) + ").", e);
            }
        }
        return model;
    }

    /** The history from the CSV entry, or from the serialized String that earlier versions wrote. */
    private static History history(Path file, Map<String, byte[]> entries) {
        String csv;
        if (entries.containsKey(HISTORY_KEY)) {
            csv = new String(entries.get(HISTORY_KEY), UTF_8);
        } else if (entries.containsKey(LEGACY_HISTORY)) {
            csv = legacyString(file, entries.get(LEGACY_HISTORY));
        } else {
            throw new ModelFileException(file, "it holds a network but no training history (entry " + HISTORY_KEY
                    + "); it was not written by ModelStore.save. Load it with ModelSerializer.restoreMultiLayerNetwork"
                    + " or save it again with ModelStore.save.", null);
        }
        try {
            return History.parseCsv(csv);
        } catch (RuntimeException e) {
            throw new ModelFileException(file, "its training history is not valid CSV (" + firstLine(e) + ").", e);
        }
    }

    /**
     * A Java-serialized String, read through a filter that admits {@code java.lang.String} only (one object, no
     * nesting, no references), so no other class is ever resolved or instantiated.
     */
    private static String legacyString(Path file, byte[] bytes) {
        ObjectInputFilter onlyString = ObjectInputFilter.Config.createFilter(
                "maxdepth=1;maxrefs=1;maxarray=0;maxbytes=" + bytes.length + ";java.lang.String;!*");
        Object read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(onlyString);
            read = in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new ModelFileException(file, "deserialization of its " + LEGACY_HISTORY + " entry was refused or "
                    + "failed (" + e + "): only a serialized java.lang.String is accepted there. Save the model "
                    + "again with ModelStore.save, which stores the history as plain CSV.", e);
        }
        if (!(read instanceof String csv)) {
            throw new ModelFileException(file, "its " + LEGACY_HISTORY + " entry holds "
                    + (read == null ? "null" : "a " + read.getClass().getName()) + ", not the history as a String. "
                    + "Save the model again with ModelStore.save.", null);
        }
        return csv;
    }

    private static byte[] required(Path file, Map<String, byte[]> entries, String name) {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw new ModelFileException(file, "it has no " + name + " entry, so it is not a DL4J model zip (its "
                    + "entries are " + entries.keySet() + "). Save the model again with ModelStore.save.", null);
        }
        return bytes;
    }

    private static INDArray array(Path file, Map<String, byte[]> entries, String name) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entries.get(name)))) {
            return Nd4j.read(in);
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(file, "its " + name + " entry is damaged or truncated (" + firstLine(e)
                    + "). Save the model again with ModelStore.save.", e);
        }
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline));
    }
}
