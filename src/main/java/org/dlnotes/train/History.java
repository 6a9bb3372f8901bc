package org.dlnotes.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Per-epoch record of a training run: {@code epoch}, {@code train_loss}, {@code val_loss} (with validation data),
 * {@code train_<metric>} and {@code val_<metric>} for each named metric, {@code samples_per_s} and
 * {@code seconds}. Show {@link #table()} in a notebook or chart it with
 * {@code LineCharts.of(history.table(), "epoch", "train_loss", "val_loss")}.
 *
 * @param epochs one entry per epoch, in order
 */
public record History(List<Epoch> epochs) {

    /** Training loss column: example-weighted mean of the minibatch losses during the epoch. */
    public static final String TRAIN_LOSS = "train_loss";
    /** Validation loss column, measured after the epoch. */
    public static final String VAL_LOSS = "val_loss";
    /** Training throughput column (examples per second of the training pass). */
    public static final String SAMPLES_PER_SECOND = "samples_per_s";
    /** Wall-clock seconds of the whole epoch, evaluation included. */
    public static final String SECONDS = "seconds";

    /**
     * One epoch.
     *
     * @param epoch 1-based epoch number
     * @param values column name → value, in column order
     */
    public record Epoch(int epoch, Map<String, Double> values) {

        /** Copies the values, keeping their order. */
        public Epoch {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** The value of a column. */
        public double value(String column) {
            Double v = values.get(column);
            if (v == null) {
                throw new IllegalArgumentException("column must be one of " + values.keySet() + ", but is '"
                        + column + "'");
            }
            return v;
        }
    }

    /** Copies the list; all epochs must have the same columns. */
    public History {
        epochs = List.copyOf(epochs);
        for (Epoch e : epochs) {
            if (!e.values().keySet().equals(epochs.get(0).values().keySet())) {
                throw new IllegalArgumentException("epochs must all have the same columns, but epoch " + e.epoch()
                        + " has " + e.values().keySet() + " and epoch 1 has " + epochs.get(0).values().keySet());
            }
        }
    }

    /** Column names after {@code epoch}, in order (empty for an empty history). */
    public List<String> columns() {
        return epochs.isEmpty() ? List.of() : List.copyOf(epochs.get(0).values().keySet());
    }

    /** One column's values, epoch by epoch. */
    public double[] column(String name) {
        Objects.requireNonNull(name, "name");
        return epochs.stream().mapToDouble(e -> e.value(name)).toArray();
    }

    /** The last epoch. */
    public Epoch last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("history is empty");
        }
        return epochs.get(epochs.size() - 1);
    }

    /**
     * The history as a table titled "history": {@code epoch} then one double column per value. The columns keep
     * full precision and print with 4 decimals (throughput with none, seconds with 3).
     */
    public Table table() {
        Table t = Table.create("history", IntColumn.create("epoch", epochs.stream().mapToInt(Epoch::epoch)
                .toArray()));
        for (String c : columns()) {
            DoubleColumn column = DoubleColumn.create(c, column(c));
            column.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(
                    c.equals(SAMPLES_PER_SECOND) ? 0 : c.equals(SECONDS) ? 3 : 4));
            t.addColumns(column);
        }
        return t;
    }

    /** CSV with a header line; values are written so that {@link #parseCsv(String)} restores them exactly. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("epoch");
        columns().forEach(c -> sb.append(',').append(c));
        sb.append('\n');
        for (Epoch e : epochs) {
            sb.append(e.epoch());
            e.values().values().forEach(v -> sb.append(',').append(v));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Reads what {@link #toCsv()} wrote. */
    public static History parseCsv(String csv) {
        Objects.requireNonNull(csv, "csv");
        String[] lines = csv.strip().split("\n");
        String[] header = lines[0].split(",");
        if (!"epoch".equals(header[0])) {
            throw new IllegalArgumentException("csv must start with an 'epoch' column, but its header is '"
                    + lines[0] + "'");
        }
        List<Epoch> epochs = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            if (cells.length != header.length) {
                throw new IllegalArgumentException("csv line " + (i + 1) + " must have " + header.length
                        + " cells, but has " + cells.length + ": '" + lines[i] + "'");
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (int c = 1; c < header.length; c++) {
                values.put(header[c], Double.parseDouble(cells[c]));
            }
            epochs.add(new Epoch(Integer.parseInt(cells[0]), values));
        }
        return new History(epochs);
    }
}
