package org.dlnotes.data;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.dlnotes.core.AtomicFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Feature scaling fitted on one dataset (the training part) and applied unchanged to others, so validation and
 * test rows never leak into the statistics. Backed by DL4J's normalizers, available through {@link #normalizer()}
 * for iterators ({@code iterator.setPreProcessor(scaler.normalizer())}). {@link #save(Path)} and {@link #load(Path)}
 * keep the fitted statistics in a small text file (no Java serialization), to deploy them beside a model:
 *
 * <pre>{@code
 * scaler.save(Path.of("target/scaler.csv"));
 * INDArray scaled = Scaler.load(Path.of("target/scaler.csv")).transform(newRows);
 * }</pre>
 */
public final class Scaler {

    /** First line of a saved scaler. */
    private static final String HEADER = "dlnotes scaler";

    private final DataNormalization normalizer;

    private Scaler(DataNormalization normalizer) {
        this.normalizer = normalizer;
    }

    /** Standardisation (zero mean, unit variance per feature) fitted on {@code train}. */
    public static Scaler standardize(LabelledData train) {
        NormalizerStandardize normalizer = new NormalizerStandardize();
        normalizer.fit(train.toDataSet());
        return new Scaler(normalizer);
    }

    /**
     * Robust scaling fitted on {@code train}: each feature minus its median, divided by its interquartile range
     * (type-7 quartiles, as scikit-learn's {@code RobustScaler}; a range of 0 divides by 1, as there). A few gross
     * outliers move neither statistic much, where they inflate a standard deviation. Held as a
     * {@link NormalizerStandardize} with the medians as means and the ranges as standard deviations, so it saves and
     * loads as kind {@code standardize}.
     */
    public static Scaler robust(LabelledData train) {
        DirtyData data = DirtyData.of(train);
        double[] median = data.quantile(0.5);
        double[] q1 = data.quantile(0.25);
        double[] q3 = data.quantile(0.75);
        double[] range = new double[median.length];
        for (int j = 0; j < range.length; j++) {
            range[j] = q3[j] - q1[j] > 0 ? q3[j] - q1[j] : 1;
        }
        DataType type = train.features().dataType();
        return new Scaler(new NormalizerStandardize(Nd4j.createFromArray(median).castTo(type).reshape(1, median.length),
                Nd4j.createFromArray(range).castTo(type).reshape(1, range.length)));
    }

    /** Min-max scaling of each feature to [0, 1] fitted on {@code train}; other data may fall outside [0, 1]. */
    public static Scaler minMax(LabelledData train) {
        NormalizerMinMaxScaler normalizer = new NormalizerMinMaxScaler(0, 1);
        normalizer.fit(train.toDataSet());
        return new Scaler(normalizer);
    }

    /** {@code data} with scaled features (a new dataset). */
    public LabelledData transform(LabelledData data) {
        DataSet dataSet = data.toDataSet();
        normalizer.transform(dataSet);
        return data.withFeatures(dataSet.getFeatures());
    }

    /** Every part of {@code split} scaled with this scaler. */
    public Split transform(Split split) {
        return new Split(transform(split.train()), transform(split.validation()), transform(split.test()));
    }

    /** A scaled copy of a features matrix {@code [rows, features]}, e.g. new inputs at prediction time. */
    public INDArray transform(INDArray features) {
        INDArray copy = features.dup();
        normalizer.transform(copy);
        return copy;
    }

    /** The fitted DL4J normalizer. */
    public DataNormalization normalizer() {
        return normalizer;
    }

    /**
     * Writes the kind and the fitted statistics as text, one line each ({@code kind,standardize} then
     * {@code mean,...} and {@code std,...}, or {@code kind,minmax} then {@code min,...} and {@code max,...}), with
     * every value exactly as fitted. The file is written to a temporary file beside it, forced to disk and moved over
     * {@code file} atomically; parent folders are created.
     *
     * @return {@code file}
     */
    public Path save(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        if (normalizer instanceof NormalizerStandardize standardize) {
            text = lines("standardize", "mean", standardize.getMean(), "std", standardize.getStd());
        } else {
            NormalizerMinMaxScaler minMax = (NormalizerMinMaxScaler) normalizer;
            text = lines("minmax", "min", minMax.getMin(), "max", minMax.getMax());
        }
        try {
            AtomicFiles.write(file, out -> out.write(text.getBytes(UTF_8)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save scaler to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads what {@link #save(Path)} wrote.
     *
     * @throws DataException naming the file and line if it is missing or is not a saved scaler
     */
    public static Scaler load(Path file) {
        Objects.requireNonNull(file, "file");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, UTF_8);
        } catch (IOException e) {
            throw new DataException("Cannot read scaler file " + file + " (" + e + "); save one with Scaler.save.", e);
        }
        if (lines.size() != 5 || !lines.get(0).equals(HEADER)) {
            throw new DataException(file + " is not a scaler saved by Scaler.save: it must have 5 lines, the first '"
                    + HEADER + "', but has " + lines.size() + (lines.isEmpty() ? "" : ", the first '" + lines.get(0)
                    + "'") + ".");
        }
        String kind = value(file, lines, 1, "kind");
        DataType type;
        try {
            type = DataType.valueOf(value(file, lines, 2, "dtype"));
        } catch (IllegalArgumentException e) {
            throw new DataException(file + " line 3: dtype must be one of " + Arrays.toString(DataType.values())
                    + ", but is '" + lines.get(2) + "'.", e);
        }
        return switch (kind) {
            case "standardize" -> new Scaler(new NormalizerStandardize(values(file, lines, 3, "mean", type),
                    values(file, lines, 4, "std", type)));
            case "minmax" -> {
                NormalizerMinMaxScaler minMax = new NormalizerMinMaxScaler(0, 1);
                minMax.setFeatureStats(values(file, lines, 3, "min", type), values(file, lines, 4, "max", type));
                yield new Scaler(minMax);
            }
            default -> throw new DataException(file + " line 2: kind must be standardize or minmax, but is '" + kind
                    + "'.");
        };
    }

    private static String lines(String kind, String firstName, INDArray first, String secondName, INDArray second) {
        return HEADER + "\nkind," + kind + "\ndtype," + first.dataType() + "\n" + line(firstName, first)
                + line(secondName, second);
    }

    private static String line(String name, INDArray values) {
        return name + Arrays.stream(values.toDoubleVector()).mapToObj(v -> "," + v).collect(Collectors.joining())
                + "\n";
    }

    /** The single value of 0-based line {@code index}, which must start with {@code name}. */
    private static String value(Path file, List<String> lines, int index, String name) {
        String[] cells = cells(file, lines, index, name);
        if (cells.length != 2) {
            throw new DataException(file + " line " + (index + 1) + ": '" + name + "' must have one value, but the "
                    + "line is '" + lines.get(index) + "'.");
        }
        return cells[1];
    }

    /** The finite values of 0-based line {@code index}, which must start with {@code name}, as a row vector. */
    private static INDArray values(Path file, List<String> lines, int index, String name, DataType type) {
        String[] cells = cells(file, lines, index, name);
        double[] values = new double[cells.length - 1];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = Double.parseDouble(cells[i + 1]);
            } catch (NumberFormatException e) {
                values[i] = Double.NaN;
            }
            if (!Double.isFinite(values[i])) {
                throw new DataException(file + " line " + (index + 1) + ", value " + (i + 1) + ": '" + name
                        + "' values must be finite numbers, but one is '" + cells[i + 1] + "'.");
            }
        }
        if (values.length == 0) {
            throw new DataException(file + " line " + (index + 1) + ": '" + name + "' has no values.");
        }
        return Nd4j.createFromArray(values).castTo(type).reshape(1, values.length);
    }

    private static String[] cells(Path file, List<String> lines, int index, String name) {
        String[] cells = lines.get(index).split(",", -1);
        if (!cells[0].equals(name)) {
            throw new DataException(file + " line " + (index + 1) + " must start with '" + name + ",', but is '"
                    + lines.get(index) + "'.");
        }
        return cells;
    }
}
