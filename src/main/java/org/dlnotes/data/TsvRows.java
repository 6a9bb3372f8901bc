package org.dlnotes.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The rows of a hand-curated tab-separated file with a fixed header, as the reference files under
 * {@code data/references/} are: each row with its cells and where it is ({@code FILE line N}) for error messages.
 * Tabs never occur inside a cell, so no quoting is needed and none is read.
 */
record TsvRows(Path file, List<Row> rows) {

    /** One row: its cells, exactly as many as the header has, and {@code FILE line N}. */
    record Row(String where, String[] cells) {
    }

    /**
     * Reads {@code file} and checks its header and every row's cell count.
     *
     * @throws DataException for a wrong header, a row with another number of cells, or no rows
     */
    static TsvRows read(Path file, List<String> header) {
        Objects.requireNonNull(file, "file");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        if (lines.isEmpty() || !List.of(lines.get(0).split("\t", -1)).equals(header)) {
            throw new DataException(file + " line 1: the header must be the tab-separated columns " + header + ".");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String where = file + " line " + (i + 1);
            String[] c = lines.get(i).split("\t", -1);
            if (c.length != header.size()) {
                throw new DataException(where + ": " + c.length + " cells, expected " + header.size()
                        + " separated by tabs.");
            }
            rows.add(new Row(where, c));
        }
        if (rows.isEmpty()) {
            throw new DataException(file + " has a header but no rows.");
        }
        return new TsvRows(file, List.copyOf(rows));
    }

    /**
     * The value among {@code values} whose {@code label} is {@code text}: how a file's cell names an enum constant.
     *
     * @throws IllegalArgumentException naming the cell ({@code what}), its text and the allowed labels
     */
    static <E> E labelled(E[] values, Function<E, String> label, String text, String what) {
        return Arrays.stream(values).filter(v -> label.apply(v).equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(what + " '" + text + "' is not one of "
                        + Arrays.stream(values).map(label).toList()));
    }
}
