package org.dlnotes.explain;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;

import org.dlnotes.train.Metric;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Permutation feature importance (Breiman 2001; scikit-learn's {@code permutation_importance}): how much a score
 * falls when one feature's column is shuffled across the rows, which breaks its link to the label while keeping its
 * distribution. A feature the model does not use scores exactly 0; noise in the estimate comes from the finite data
 * and is shown by repeating each shuffle.
 *
 * <pre>{@code
 * Importances imp = PermutationImportance.of(net::output, Classification::accuracy).repeats(10).seed(1)
 *         .compute(test.features(), test.labels(), test.featureNames());
 * imp.table();   // one row per feature, largest drop first
 * }</pre>
 *
 * The score must be one where larger is better (accuracy, AUC); for a loss pass its negative.
 */
public final class PermutationImportance {

    private final Function<INDArray, INDArray> model;
    private final Metric score;
    private int repeats = 10;
    private long seed = 42;

    private PermutationImportance(Function<INDArray, INDArray> model, Metric score) {
        this.model = model;
        this.score = score;
    }

    /**
     * @param model maps a features matrix {@code [rows, features]} to outputs, e.g. {@code net::output}
     * @param score a larger-is-better score of (labels, outputs), e.g. {@code Classification::accuracy}
     */
    public static PermutationImportance of(Function<INDArray, INDArray> model, Metric score) {
        return new PermutationImportance(Objects.requireNonNull(model, "model"), Objects.requireNonNull(score, "score"));
    }

    /** Shuffles per feature (default 10). */
    public PermutationImportance repeats(int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, but is " + repeats);
        }
        this.repeats = repeats;
        return this;
    }

    /** Seed of the shuffles (default 42). */
    public PermutationImportance seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Scores the model on the data as given, then with each feature's column shuffled {@code repeats} times.
     *
     * @throws IllegalArgumentException if the features are not a matrix with at least 2 rows, the labels have another
     *     number of rows, or the names do not match the columns
     */
    public Importances compute(INDArray features, INDArray labels, List<String> featureNames) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(featureNames, "featureNames");
        if (features.rank() != 2 || features.rows() < 2) {
            throw new IllegalArgumentException("features must be a matrix [rows, features] with at least 2 rows, but"
                    + " has shape " + Arrays.toString(features.shape()));
        }
        if (labels.size(0) != features.size(0)) {
            throw new IllegalArgumentException("labels have " + labels.size(0) + " rows but features have "
                    + features.size(0));
        }
        if (featureNames.size() != features.columns()) {
            throw new IllegalArgumentException("featureNames has " + featureNames.size() + " names but features has "
                    + features.columns() + " columns");
        }
        int rows = features.rows();
        int columns = features.columns();
        INDArray x = features.dup('c');
        double baseline = score.compute(labels, model.apply(x));
        double[][] drops = new double[columns][repeats];
        Random random = new Random(seed);
        for (int j = 0; j < columns; j++) {
            INDArray original = x.getColumn(j).dup();
            double[] values = original.castTo(DataType.DOUBLE).toDoubleVector();
            for (int r = 0; r < repeats; r++) {
                double[] shuffled = values.clone();
                for (int i = rows - 1; i > 0; i--) {
                    int k = random.nextInt(i + 1);
                    double t = shuffled[i];
                    shuffled[i] = shuffled[k];
                    shuffled[k] = t;
                }
                x.putColumn(j, Nd4j.createFromArray(shuffled).castTo(x.dataType()).reshape(rows, 1));
                drops[j][r] = baseline - score.compute(labels, model.apply(x));
            }
            x.putColumn(j, original.reshape(rows, 1));
        }
        return new Importances(featureNames, baseline, drops);
    }
}
