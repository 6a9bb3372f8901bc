package org.dlnotes.math;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradients checked against finite differences: the central difference {@code (f(θ + h·eᵢ) − f(θ − h·eᵢ)) / 2h}
 * of any function of a parameter vector, the relative error used to compare two gradients, and DL4J's own
 * {@link GradientCheckUtil} run on a network.
 *
 * <pre>{@code
 * double[] numeric = GradientChecks.centralDifferences(p -> net.withParameters(p).loss(x, y), net.parameters(), 1e-6);
 * double worst = GradientChecks.maxRelativeError(byHand, numeric, 1e-9);
 * boolean dl4jAgrees = GradientChecks.dl4j(net.toDl4j(), input, labels, 1e-6, 1e-5, 1e-9);
 * }</pre>
 */
public final class GradientChecks {

    private GradientChecks() {
    }

    /**
     * The central-difference gradient of {@code f} at {@code at} with step {@code h}: error {@code O(h²)} from the
     * formula plus about {@code ε·|f| / h} from rounding, so {@code h} near {@code 1e-6} suits doubles.
     *
     * @throws IllegalArgumentException if {@code at} is empty or not finite, {@code h} is not a finite number
     *     {@code > 0}, or {@code f} returns a value that is not finite
     */
    public static double[] centralDifferences(ToDoubleFunction<double[]> f, double[] at, double h) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(at, "at");
        if (at.length == 0) {
            throw new IllegalArgumentException("at must hold at least one parameter, but is empty");
        }
        for (int i = 0; i < at.length; i++) {
            if (!Double.isFinite(at[i])) {
                throw new IllegalArgumentException("at[" + i + "] must be a finite number, but is " + at[i]);
            }
        }
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("h must be a finite number > 0 (try 1e-6), but is " + h);
        }
        double[] gradient = new double[at.length];
        double[] point = at.clone();
        for (int i = 0; i < at.length; i++) {
            point[i] = at[i] + h;
            double plus = evaluate(f, point, i);
            point[i] = at[i] - h;
            double minus = evaluate(f, point, i);
            point[i] = at[i];
            gradient[i] = (plus - minus) / (2 * h);
        }
        return gradient;
    }

    /** {@code |a − b| / max(|a|, |b|)}, and 0 when both are 0: how far apart two gradient entries are, relatively. */
    public static double relativeError(double a, double b) {
        double scale = Math.max(Math.abs(a), Math.abs(b));
        return scale == 0 ? 0 : Math.abs(a - b) / scale;
    }

    /**
     * The largest {@link #relativeError} over all entries, ignoring entries whose absolute difference is at most
     * {@code absoluteTolerance} (near-zero gradients, where a relative error means nothing; DL4J's
     * {@code minAbsoluteError}).
     *
     * @throws IllegalArgumentException if the lengths differ or are 0, or {@code absoluteTolerance < 0}
     */
    public static double maxRelativeError(double[] a, double[] b, double absoluteTolerance) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.length == 0 || a.length != b.length) {
            throw new IllegalArgumentException("a and b must have the same, non-zero length, but have " + a.length
                    + " and " + b.length);
        }
        if (!(absoluteTolerance >= 0)) {
            throw new IllegalArgumentException("absoluteTolerance must be >= 0, but is " + absoluteTolerance);
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > absoluteTolerance) {
                worst = Math.max(worst, relativeError(a[i], b[i]));
            }
        }
        return worst;
    }

    /**
     * Runs DL4J's {@link GradientCheckUtil} on {@code net} (every parameter, central differences with step
     * {@code epsilon}) and returns whether all of them pass: relative error at most {@code maxRelError}, or absolute
     * error at most {@code minAbsoluteError}. DL4J insists on double precision globally, so the default data type is
     * switched to double for the check and restored afterwards; the network itself must be double precision.
     *
     * @throws IllegalArgumentException if the network's parameters are not double precision
     */
    public static boolean dl4j(MultiLayerNetwork net, INDArray input, INDArray labels, double epsilon,
                               double maxRelError, double minAbsoluteError) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(labels, "labels");
        if (net.params().dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("net must use double precision for a gradient check, but its parameters"
                    + " are " + net.params().dataType() + "; build it with .dataType(DataType.DOUBLE)");
        }
        DataType before = Nd4j.dataType();
        DataType beforeFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                    .input(input.castTo(DataType.DOUBLE)).labels(labels.castTo(DataType.DOUBLE))
                    .epsilon(epsilon).maxRelError(maxRelError).minAbsoluteError(minAbsoluteError)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        } finally {
            Nd4j.setDefaultDataTypes(before, beforeFloat);
        }
    }

    private static double evaluate(ToDoubleFunction<double[]> f, double[] point, int i) {
        double value = f.applyAsDouble(point.clone());
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("f must be finite near the point, but is " + value + " when parameter "
                    + i + " is moved to " + point[i]);
        }
        return value;
    }
}
