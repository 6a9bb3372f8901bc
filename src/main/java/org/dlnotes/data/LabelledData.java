package org.dlnotes.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlnotes.core.FastMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * An immutable labelled dataset for classification: a features matrix (one row per example), a class index per
 * row, and the class names. Views: {@link #table()} (Tablesaw), {@link #toDataSet()} (DL4J, one-hot labels),
 * {@link #batches(int, long)} (DL4J iterator). Steps: {@link #split}, {@link #kFold}, {@link #sample}, {@link #fast}.
 * Arrays returned are copies; changing them does not change the dataset.
 */
public final class LabelledData {

    private final String name;
    private final List<String> featureNames;
    private final List<String> classes;
    private final INDArray features;
    private final int[] labels;
    private final int[] imageShape;

    private LabelledData(String name, List<String> featureNames, List<String> classes, INDArray features,
                         int[] labels, int[] imageShape) {
        this.name = name;
        this.featureNames = featureNames;
        this.classes = classes;
        this.features = features;
        this.labels = labels;
        this.imageShape = imageShape;
    }

    /**
     * A dataset from a features matrix {@code [rows, features]} and class indices into {@code classes}.
     *
     * @throws IllegalArgumentException if shapes disagree, a value is NaN or infinite, or a label is out of range
     * @throws DataException if there are no rows
     */
    public static LabelledData of(String name, INDArray features, int[] labels, List<String> classes,
                                  List<String> featureNames) {
        return of(name, features, labels, classes, featureNames, null);
    }

    static LabelledData of(String name, INDArray features, int[] labels, List<String> classes,
                           List<String> featureNames, int[] imageShape) {
        if (features.rank() != 2) {
            throw new IllegalArgumentException("features must be a matrix [rows, features], but has shape "
                    + Arrays.toString(features.shape()));
        }
        if (features.rows() == 0) {
            throw new DataException("Dataset '" + name + "' has no rows.");
        }
        if (features.rows() != labels.length) {
            throw new IllegalArgumentException("features has " + features.rows() + " rows but labels has "
                    + labels.length + " entries");
        }
        if (features.columns() != featureNames.size()) {
            throw new IllegalArgumentException("features has " + features.columns() + " columns but featureNames has "
                    + featureNames.size() + " names");
        }
        if (classes.size() < 2) {
            throw new IllegalArgumentException("classes needs at least 2 names, but is " + classes);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException("labels[" + i + "] is " + labels[i] + ", outside [0, "
                        + classes.size() + ") for classes " + classes);
            }
        }
        INDArray copy = features.castTo(DataType.FLOAT).dup('c');
        float[] values = copy.data().asFloat();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                long row = i / copy.columns();
                throw new IllegalArgumentException("features[" + row + ", " + featureNames.get((int) (i % copy.columns()))
                        + "] is " + values[i] + "; every feature must be a finite number");
            }
        }
        return new LabelledData(name, List.copyOf(featureNames), List.copyOf(classes), copy, labels.clone(),
                imageShape == null ? null : imageShape.clone());
    }

    /**
     * The rows of {@code parts}, in order, as one dataset named {@code name} (e.g. a split's parts put back together).
     *
     * @throws IllegalArgumentException if no part is given, or the parts differ in classes, feature names or image
     *     shape (naming the first part that differs)
     */
    public static LabelledData concat(String name, LabelledData... parts) {
        if (parts == null || parts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one part");
        }
        LabelledData first = parts[0];
        for (LabelledData part : parts) {
            if (!part.classes.equals(first.classes) || !part.featureNames.equals(first.featureNames)
                    || !Arrays.equals(part.imageShape, first.imageShape)) {
                throw new IllegalArgumentException("part '" + part.name + "' has classes " + part.classes + " and "
                        + part.numFeatures() + " features, but '" + first.name + "' has classes " + first.classes
                        + " and " + first.numFeatures() + " features; concat only joins parts of one dataset");
            }
        }
        INDArray features = Nd4j.vstack(Arrays.stream(parts).map(p -> p.features).toArray(INDArray[]::new));
        int[] labels = Arrays.stream(parts).flatMapToInt(p -> Arrays.stream(p.labels)).toArray();
        return new LabelledData(name, first.featureNames, first.classes, features.dup('c'), labels, first.imageShape);
    }

    /** The dataset's name, e.g. {@code "iris"} or {@code "iris/train"}. */
    public String name() {
        return name;
    }

    /** Number of rows (examples). */
    public int size() {
        return labels.length;
    }

    /** Number of features per row. */
    public int numFeatures() {
        return featureNames.size();
    }

    /** Feature (column) names. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** Class names; label {@code i} means {@code classes().get(i)}. */
    public List<String> classes() {
        return classes;
    }

    /** Features as a float matrix {@code [rows, features]} (a copy). */
    public INDArray features() {
        return features.dup();
    }

    /** Class index of every row (a copy). */
    public int[] labelIndices() {
        return labels.clone();
    }

    /** One-hot labels {@code [rows, classes]}, float. */
    public INDArray labels() {
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, labels.length, classes.size());
        for (int i = 0; i < labels.length; i++) {
            oneHot.putScalar(i, labels[i], 1f);
        }
        return oneHot;
    }

    /** Rows per class, in class order. */
    public Map<String, Integer> classCounts() {
        int[] counts = new int[classes.size()];
        for (int label : labels) {
            counts[label]++;
        }
        Map<String, Integer> result = new LinkedHashMap<>();
        for (int c = 0; c < counts.length; c++) {
            result.put(classes.get(c), counts[c]);
        }
        return result;
    }

    /**
     * A Tablesaw table: one double column per feature and a string column {@code label} with the class name.
     * Features held as float32 are widened through their shortest decimal form, so 5.1 shows as 5.1, not as
     * 5.099999904632568.
     */
    public Table table() {
        Table table = Table.create(name);
        boolean single = features.dataType() == DataType.FLOAT;
        for (int f = 0; f < featureNames.size(); f++) {
            double[] values;
            if (single) {
                float[] column = features.getColumn(f).toFloatVector();
                values = new double[column.length];
                for (int i = 0; i < column.length; i++) {
                    values[i] = Double.parseDouble(Float.toString(column[i]));
                }
            } else {
                values = features.getColumn(f).toDoubleVector();
            }
            table.addColumns(DoubleColumn.create(featureNames.get(f), values));
        }
        StringColumn label = StringColumn.create("label");
        for (int l : labels) {
            label.append(classes.get(l));
        }
        return table.addColumns(label);
    }

    /** A DL4J DataSet: features {@code [rows, features]} and one-hot labels. */
    public DataSet toDataSet() {
        DataSet dataSet = new DataSet(features.dup(), labels());
        dataSet.setLabelNames(classes);
        return dataSet;
    }

    /**
     * For image datasets, features reshaped for a CNN as {@code [rows, channels, height, width]}.
     *
     * @throws IllegalStateException if this dataset does not hold images
     */
    public INDArray images() {
        if (imageShape == null) {
            throw new IllegalStateException("Dataset '" + name + "' does not hold images; use features() instead.");
        }
        return features.reshape('c', labels.length, imageShape[0], imageShape[1], imageShape[2]);
    }

    /** {@code {channels, height, width}} of an image dataset, or an empty array. */
    public int[] imageShape() {
        return imageShape == null ? new int[0] : imageShape.clone();
    }

    /**
     * Batches of {@code batchSize} rows in an order shuffled with {@code seed}, reshuffled each epoch (on
     * {@code reset()}); the last batch may be smaller.
     */
    public DataSetIterator batches(int batchSize, long seed) {
        return new ShuffledBatches(toDataSet(), batchSize, seed);
    }

    /**
     * Stratified split: per class, {@code round(n·train)} rows to train, {@code round(n·validation)} to validation,
     * the rest to test; each part shuffled with {@code seed}.
     *
     * @throws IllegalArgumentException if a fraction is outside (0, 1) or train + validation ≥ 1
     * @throws DataException if a part would be empty
     */
    public Split split(double train, double validation, long seed) {
        int[][] parts = Stratified.split(labels, classes.size(), train, validation, seed);
        return new Split(rows(parts[0], "train"), rows(parts[1], "validation"), rows(parts[2], "test"));
    }

    /**
     * Stratified k-fold cross-validation: each row is in exactly one fold's validation part.
     *
     * @throws IllegalArgumentException if {@code k} is outside [2, size()]
     */
    public List<Fold> kFold(int k, long seed) {
        int[][][] folds = Stratified.folds(labels, classes.size(), k, seed);
        List<Fold> result = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            result.add(new Fold(f, rows(folds[f][0], "fold" + f + "/train"),
                    rows(folds[f][1], "fold" + f + "/validation")));
        }
        return List.copyOf(result);
    }

    /** A stratified random sample of about {@code n} rows (at most {@code n}), with {@code seed}. */
    public LabelledData sample(int n, long seed) {
        return rows(Stratified.sample(labels, classes.size(), n, seed), "sample" + n);
    }

    /** In fast mode ({@link FastMode}) a stratified sample of {@code n} rows; otherwise this dataset. */
    public LabelledData fast(int n, long seed) {
        return FastMode.enabled() && n < size() ? sample(n, seed) : this;
    }

    /** The rows with the given indices, in that order. */
    LabelledData rows(int[] indices, String part) {
        int[] picked = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            picked[i] = labels[indices[i]];
        }
        return new LabelledData(name + "/" + part, featureNames, classes, Rows.select(features, indices), picked,
                imageShape);
    }

    /** The same rows and labels with new features of the same shape (used by {@link Scaler}). */
    LabelledData withFeatures(INDArray newFeatures) {
        return new LabelledData(name, featureNames, classes, newFeatures.castTo(DataType.FLOAT).dup('c'), labels,
                imageShape);
    }

    @Override
    public String toString() {
        return "LabelledData[" + name + ": " + size() + " rows × " + numFeatures() + " features, classes "
                + classCounts() + "]";
    }
}
