package org.dlnotes.explain;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A LIME-style local surrogate (Ribeiro, Singh &amp; Guestrin 2016) for one prediction of a model on tabular
 * features: sample points around the instance ({@code z = x + scale ⊙ ε}, ε standard normal), ask the model for one
 * output column at each, weight each point by an exponential kernel of its scaled distance to the instance,
 * {@code π = √exp(−d² / width²) = exp(−d² / 2·width²)} (LIME's tabular kernel), and fit a weighted linear model (ridge, intercept not penalised). Its coefficients
 * are the explanation: how much the output changes per unit of each feature near this instance. Its weighted R²
 * says how well a straight line describes the model there.
 *
 * <pre>{@code
 * Explanation e = LocalSurrogate.of(net::output, 0).samples(5000).seed(1).explain(test.features().getRow(3));
 * e.table(featureNames);
 * }</pre>
 *
 * This is LIME's continuous variant sampled around the instance ({@code discretize_continuous=False,
 * sample_around_instance=True} in the {@code lime} package), meant for standardised features (default scale 1 per
 * feature, kernel width {@code 0.75·√features} as in LIME). The narrower the kernel, the closer the coefficients come
 * to the model's gradient at the instance.
 */
public final class LocalSurrogate {

    private final Function<INDArray, INDArray> model;
    private final int output;
    private int samples = 5000;
    private double kernelWidth = Double.NaN;
    private double[] scale;
    private double ridge = 1e-6;
    private long seed = 42;

    private LocalSurrogate(Function<INDArray, INDArray> model, int output) {
        this.model = model;
        this.output = output;
    }

    /**
     * @param model maps a features matrix {@code [rows, features]} to outputs, e.g. {@code net::output}
     * @param outputColumn the output to explain, e.g. the probability of one class
     */
    public static LocalSurrogate of(Function<INDArray, INDArray> model, int outputColumn) {
        Objects.requireNonNull(model, "model");
        if (outputColumn < 0) {
            throw new IllegalArgumentException("outputColumn must be >= 0, but is " + outputColumn);
        }
        return new LocalSurrogate(model, outputColumn);
    }

    /** Number of perturbed samples (default 5000). */
    public LocalSurrogate samples(int samples) {
        if (samples < 10) {
            throw new IllegalArgumentException("samples must be >= 10, but is " + samples);
        }
        this.samples = samples;
        return this;
    }

    /** Kernel width in scaled units (default {@code 0.75·√features}, LIME's choice). */
    public LocalSurrogate kernelWidth(double width) {
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("kernel width must be a finite number > 0, but is " + width);
        }
        this.kernelWidth = width;
        return this;
    }

    /** Perturbation scale per feature (default 1 each, for standardised features). */
    public LocalSurrogate scale(double... scale) {
        Objects.requireNonNull(scale, "scale");
        for (int j = 0; j < scale.length; j++) {
            if (!(scale[j] > 0) || Double.isInfinite(scale[j])) {
                throw new IllegalArgumentException("scale[" + j + "] must be a finite number > 0, but is " + scale[j]);
            }
        }
        this.scale = scale.clone();
        return this;
    }

    /** Ridge penalty on the coefficients (default 1e-6, nearly ordinary weighted least squares). */
    public LocalSurrogate ridge(double ridge) {
        if (!(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("ridge must be a finite number >= 0, but is " + ridge);
        }
        this.ridge = ridge;
        return this;
    }

    /** Seed of the perturbations (default 42). */
    public LocalSurrogate seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Explains the model's output at one instance.
     *
     * @param instance a row {@code [1, features]} or vector {@code [features]}
     * @throws IllegalArgumentException if the instance is not one row, a scale was given for another number of
     *     features, the output column does not exist or the model returns a NaN
     */
    public Explanation explain(INDArray instance) {
        Objects.requireNonNull(instance, "instance");
        if (!(instance.isVector() || instance.isScalar()) || instance.length() < 1) {
            throw new IllegalArgumentException("instance must be one row [1, features], but has shape "
                    + Arrays.toString(instance.shape()));
        }
        double[] x = instance.castTo(DataType.DOUBLE).toDoubleVector();
        int f = x.length;
        double[] s = scale == null ? filled(f, 1) : scale;
        if (s.length != f) {
            throw new IllegalArgumentException("scale has " + s.length + " entries but the instance has " + f
                    + " features");
        }
        double width = Double.isNaN(kernelWidth) ? 0.75 * Math.sqrt(f) : kernelWidth;

        Random random = new Random(seed);
        double[][] offsets = new double[samples][f]; // in scaled units
        double[][] points = new double[samples][f];
        double[] weights = new double[samples];
        for (int i = 0; i < samples; i++) {
            double d2 = 0;
            for (int j = 0; j < f; j++) {
                double e = i == 0 ? 0 : random.nextGaussian(); // the instance itself is the first sample
                offsets[i][j] = e;
                points[i][j] = x[j] + s[j] * e;
                d2 += e * e;
            }
            weights[i] = Math.exp(-d2 / (2 * width * width)); // LIME: sqrt(exp(-d² / width²))
        }
        INDArray out = model.apply(Nd4j.createFromArray(points).castTo(instance.dataType()));
        if (out.rank() != 2 || output >= out.size(1)) {
            throw new IllegalArgumentException("outputColumn is " + output + " but the model returns shape "
                    + Arrays.toString(out.shape()));
        }
        double[] y = out.getColumn(output).castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < samples; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("the model returned " + y[i] + " at sample " + i);
            }
        }
        // weighted means, then ridge on the centred offsets (intercept not penalised)
        double wSum = Arrays.stream(weights).sum();
        double[] meanZ = new double[f];
        double meanY = 0;
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < f; j++) {
                meanZ[j] += weights[i] * offsets[i][j] / wSum;
            }
            meanY += weights[i] * y[i] / wSum;
        }
        double[][] a = new double[f][f];
        double[] b = new double[f];
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < f; j++) {
                double zj = offsets[i][j] - meanZ[j];
                b[j] += weights[i] * zj * (y[i] - meanY);
                for (int k = 0; k <= j; k++) {
                    a[j][k] += weights[i] * zj * (offsets[i][k] - meanZ[k]);
                }
            }
        }
        for (int j = 0; j < f; j++) {
            a[j][j] += ridge * wSum;
            for (int k = 0; k < j; k++) {
                a[k][j] = a[j][k];
            }
        }
        INDArray solution = Nd4j.linalg().solve(Nd4j.createFromArray(a), Nd4j.createFromArray(b).reshape(f, 1));
        double[] perScaled = solution.toDoubleVector();
        double interceptScaled = meanY;
        for (int j = 0; j < f; j++) {
            interceptScaled -= perScaled[j] * meanZ[j];
        }
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < samples; i++) {
            double fit = interceptScaled;
            for (int j = 0; j < f; j++) {
                fit += perScaled[j] * offsets[i][j];
            }
            ssRes += weights[i] * (y[i] - fit) * (y[i] - fit);
            ssTot += weights[i] * (y[i] - meanY) * (y[i] - meanY);
        }
        double[] coefficients = new double[f];
        for (int j = 0; j < f; j++) {
            coefficients[j] = perScaled[j] / s[j]; // per unit of the feature itself
        }
        double fidelity = ssTot == 0 ? 1 : 1 - ssRes / ssTot;
        return new Explanation(x, y[0], interceptScaled, coefficients, fidelity, samples, width);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
