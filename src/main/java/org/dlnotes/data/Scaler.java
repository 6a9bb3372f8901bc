package org.dlnotes.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

/**
 * Feature scaling fitted on one dataset (the training part) and applied unchanged to others, so validation and
 * test rows never leak into the statistics. Backed by DL4J's normalizers, available through {@link #normalizer()}
 * for iterators ({@code iterator.setPreProcessor(scaler.normalizer())}) and for saving with a model.
 */
public final class Scaler {

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
}
