package org.dlnotes.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A labelled dataset before cleaning: its features may hold missing cells ({@code NaN}) and outliers, which
 * {@link LabelledData} refuses. {@link #corrupt} makes one from clean data in a documented, seeded way; the cleaning
 * steps give a {@link LabelledData} back. {@link #dropIncomplete()} keeps the rows without a missing cell,
 * {@link #impute(double[])} fills each feature's missing cells with one value (e.g. the training rows'
 * {@linkplain #quantile(double) median}), {@link #clip(double[], double[])} limits each feature to a range and leaves
 * missing cells missing. Statistics are computed by the caller on the training rows, so nothing leaks from the test
 * rows:
 *
 * <pre>{@code
 * DirtyData dirty = DirtyData.corrupt(split.train(), 0.03, 0.01, 50, 7);
 * double[] medians = dirty.quantile(0.5);                     // missing cells ignored
 * LabelledData train = dirty.impute(medians);
 * }</pre>
 *
 * Quantiles are those of numpy's default ({@code linear}, Hyndman and Fan's type 7), by commons-math3's
 * {@link Percentile}.
 */
public final class DirtyData {

    private final String name;
    private final double[][] features;
    private final int[] labels;
    private final List<String> classes;
    private final List<String> featureNames;
    private final int injectedOutliers;

    private DirtyData(String name, double[][] features, int[] labels, List<String> classes, List<String> featureNames,
                      int injectedOutliers) {
        this.name = name;
        this.features = features;
        this.labels = labels;
        this.classes = classes;
        this.featureNames = featureNames;
        this.injectedOutliers = injectedOutliers;
    }

    /** Clean data, nothing missing. */
    public static DirtyData of(LabelledData data) {
        return new DirtyData(data.name(), data.features().toDoubleMatrix(), data.labelIndices(), data.classes(),
                data.featureNames(), 0);
    }

    /**
     * Features {@code [rows][features]} with {@code NaN} for a missing cell, and a class index per row.
     *
     * @throws IllegalArgumentException if the shapes disagree, a row has another length, a cell is infinite or a
     *     label is out of range
     */
    public static DirtyData of(String name, double[][] features, int[] labels, List<String> classes,
                               List<String> featureNames) {
        if (features.length != labels.length) {
            throw new IllegalArgumentException("features has " + features.length + " rows but labels has "
                    + labels.length + " entries");
        }
        double[][] copy = new double[features.length][];
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != featureNames.size()) {
                throw new IllegalArgumentException("row " + i + " has " + features[i].length + " values but there are "
                        + featureNames.size() + " feature names");
            }
            for (int j = 0; j < features[i].length; j++) {
                if (Double.isInfinite(features[i][j])) {
                    throw new IllegalArgumentException("features[" + i + ", " + featureNames.get(j) + "] is "
                            + features[i][j] + "; a cell is a number or missing (NaN)");
                }
            }
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException("labels[" + i + "] is " + labels[i] + ", outside [0, "
                        + classes.size() + ")");
            }
            copy[i] = features[i].clone();
        }
        return new DirtyData(name, copy, labels.clone(), List.copyOf(classes), List.copyOf(featureNames), 0);
    }

    /**
     * A corrupted copy of {@code clean}: {@code round(missingFraction · cells)} cells, drawn uniformly without
     * replacement, become missing; then {@code round(outlierFraction · cells)} other cells become gross outliers, the
     * value plus {@code outlierStds} times its feature's standard deviation (population, over {@code clean}'s rows),
     * as a slipped decimal point or a wrong unit would make it. The same seed gives the same cells.
     *
     * @throws IllegalArgumentException if a fraction is outside [0, 1] or the two add up to more than 1
     */
    public static DirtyData corrupt(LabelledData clean, double missingFraction, double outlierFraction,
                                    double outlierStds, long seed) {
        if (!(missingFraction >= 0 && outlierFraction >= 0 && missingFraction + outlierFraction <= 1)) {
            throw new IllegalArgumentException("fractions must be >= 0 and add up to at most 1, but are missing "
                    + missingFraction + " and outliers " + outlierFraction);
        }
        if (!Double.isFinite(outlierStds)) {
            throw new IllegalArgumentException("outlierStds must be finite, but is " + outlierStds);
        }
        double[][] x = clean.features().toDoubleMatrix();
        int rows = x.length;
        int cols = clean.numFeatures();
        int cells = rows * cols;
        int missing = (int) Math.round(missingFraction * cells);
        int outliers = (int) Math.round(outlierFraction * cells);
        double[] stds = new double[cols];
        for (int j = 0; j < cols; j++) {
            stds[j] = new StandardDeviation(false).evaluate(column(x, j));
        }
        int[] order = new int[cells];
        Arrays.setAll(order, i -> i);
        Random random = new Random(seed);
        for (int i = 0; i < missing + outliers; i++) {           // the first cells of a Fisher-Yates shuffle
            int k = i + random.nextInt(cells - i);
            int t = order[i];
            order[i] = order[k];
            order[k] = t;
            int row = order[i] / cols;
            int col = order[i] % cols;
            x[row][col] = i < missing ? Double.NaN : x[row][col] + outlierStds * stds[col];
        }
        return new DirtyData(clean.name() + " (corrupted)", x, clean.labelIndices(), clean.classes(),
                clean.featureNames(), outliers);
    }

    /** The dataset's name. */
    public String name() {
        return name;
    }

    /** Number of rows. */
    public int size() {
        return features.length;
    }

    /** Number of features per row. */
    public int numFeatures() {
        return featureNames.size();
    }

    /** Feature names. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** Features {@code [rows][features]}, {@code NaN} where missing (a copy). */
    public double[][] features() {
        return Arrays.stream(features).map(double[]::clone).toArray(double[][]::new);
    }

    /** Class index of every row (a copy). */
    public int[] labelIndices() {
        return labels.clone();
    }

    /** Number of missing cells. */
    public int missingCells() {
        int n = 0;
        for (double[] row : features) {
            for (double v : row) {
                if (Double.isNaN(v)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Number of rows without a missing cell. */
    public int completeRows() {
        return completeRowIndices().length;
    }

    /** Outlier cells {@link #corrupt} put in (0 for data made otherwise). */
    public int injectedOutliers() {
        return injectedOutliers;
    }

    /**
     * The rows without a missing cell (listwise deletion).
     *
     * @throws DataException if every row has a missing cell
     */
    public LabelledData dropIncomplete() {
        int[] keep = completeRowIndices();
        if (keep.length == 0) {
            throw new DataException("Every one of the " + size() + " rows of '" + name + "' has a missing cell; "
                    + "dropping incomplete rows leaves nothing.");
        }
        double[][] kept = new double[keep.length][];
        int[] keptLabels = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            kept[i] = features[keep[i]];
            keptLabels[i] = labels[keep[i]];
        }
        return labelled(name + " (complete rows)", kept, keptLabels);
    }

    /**
     * The {@code p}-quantile of each feature over its present cells (type 7, numpy's default); {@code p = 0.5} is the
     * median.
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     * @throws DataException if a feature has no present cell
     */
    public double[] quantile(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], but is " + p);
        }
        double[] q = new double[numFeatures()];
        for (int j = 0; j < q.length; j++) {
            double[] present = Arrays.stream(column(features, j)).filter(v -> !Double.isNaN(v)).toArray();
            if (present.length == 0) {
                throw new DataException("Feature '" + featureNames.get(j) + "' of '" + name + "' has no value.");
            }
            q[j] = quantile(present, p);
        }
        return q;
    }

    /**
     * Every missing cell of feature {@code j} replaced by {@code values[j]}.
     *
     * @throws IllegalArgumentException if {@code values} has another length or a value is not finite
     */
    public LabelledData impute(double[] values) {
        perFeature("values", values);
        double[][] filled = features();
        for (double[] row : filled) {
            for (int j = 0; j < row.length; j++) {
                if (Double.isNaN(row[j])) {
                    row[j] = values[j];
                }
            }
        }
        return labelled(name + " (imputed)", filled, labels);
    }

    /**
     * Each feature {@code j} limited to {@code [low[j], high[j]]} (winsorising); missing cells stay missing.
     *
     * @throws IllegalArgumentException if an array has another length, a bound is not finite or
     *     {@code low[j] > high[j]}
     */
    public DirtyData clip(double[] low, double[] high) {
        perFeature("low", low);
        perFeature("high", high);
        for (int j = 0; j < low.length; j++) {
            if (low[j] > high[j]) {
                throw new IllegalArgumentException("low > high for feature '" + featureNames.get(j) + "': " + low[j]
                        + " > " + high[j]);
            }
        }
        double[][] clipped = features();
        for (double[] row : clipped) {
            for (int j = 0; j < row.length; j++) {
                if (!Double.isNaN(row[j])) {
                    row[j] = Math.max(low[j], Math.min(high[j], row[j]));
                }
            }
        }
        return new DirtyData(name + " (clipped)", clipped, labels, classes, featureNames, injectedOutliers);
    }

    @Override
    public String toString() {
        return "DirtyData[" + name + ": " + size() + " rows × " + numFeatures() + " features, " + missingCells()
                + " missing cells, " + completeRows() + " complete rows]";
    }

    /** The type-7 {@code p}-quantile of {@code values} (none NaN, at least one). */
    static double quantile(double[] values, double p) {
        if (p == 0) {
            return Arrays.stream(values).min().orElseThrow();
        }
        return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(values, 100 * p);
    }

    private int[] completeRowIndices() {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < features.length; i++) {
            if (Arrays.stream(features[i]).noneMatch(Double::isNaN)) {
                keep.add(i);
            }
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    private LabelledData labelled(String newName, double[][] x, int[] y) {
        return LabelledData.of(newName, Nd4j.createFromArray(x), y, classes, featureNames);
    }

    private void perFeature(String what, double[] values) {
        Objects.requireNonNull(values, what);
        if (values.length != numFeatures()) {
            throw new IllegalArgumentException(what + " has " + values.length + " values but there are "
                    + numFeatures() + " features");
        }
        for (int j = 0; j < values.length; j++) {
            if (!Double.isFinite(values[j])) {
                throw new IllegalArgumentException(what + "[" + j + "] (" + featureNames.get(j) + ") is " + values[j]
                        + "; it must be a finite number");
            }
        }
    }

    private static double[] column(double[][] x, int j) {
        double[] c = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i][j];
        }
        return c;
    }
}
