package org.dlnotes.math;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * Plain gradient descent {@code θ ← θ − α·∇L(θ)} on a function of a few parameters, recording every point, so that
 * paths for different learning rates {@code α} can be drawn over the loss surface
 * ({@link org.dlnotes.charts.SurfaceCharts}).
 *
 * <pre>{@code
 * GradientDescent.Path path = GradientDescent.run(loss, gradient, new double[] {-1, 2}, 0.1, 50);
 * path.finalLoss();  path.diverged();  path.coordinate(0);   // the first parameter at every step
 * }</pre>
 */
public final class GradientDescent {

    /** A run stops as diverged once the loss exceeds this multiple of its starting value (or is not finite). */
    public static final double DIVERGENCE_FACTOR = 1e3;

    private GradientDescent() {
    }

    /**
     * The points one run visited.
     *
     * @param learningRate the step size {@code α}
     * @param points the parameters before the first step and after every step, {@code [steps + 1][dimensions]}
     * @param losses the loss at every point
     * @param diverged whether the run stopped early because the loss blew up
     */
    public record Path(double learningRate, double[][] points, double[] losses, boolean diverged) {

        /** Number of steps taken. */
        public int steps() {
            return points.length - 1;
        }

        /** The loss at the last point. */
        public double finalLoss() {
            return losses[losses.length - 1];
        }

        /** The last point (a copy). */
        public double[] last() {
            return points[points.length - 1].clone();
        }

        /** Parameter {@code d} at every point, e.g. the x coordinates of the path for a chart. */
        public double[] coordinate(int d) {
            if (d < 0 || d >= points[0].length) {
                throw new IllegalArgumentException("d must be in [0, " + points[0].length + "), but is " + d);
            }
            double[] c = new double[points.length];
            for (int i = 0; i < points.length; i++) {
                c[i] = points[i][d];
            }
            return c;
        }

        /**
         * The first two coordinates of the path up to and including its first point outside the box
         * {@code xRange × yRange}, as {@code {xs, ys}}: what a chart of that box can draw of a run that leaves it.
         *
         * @throws IllegalArgumentException if the path has fewer than two dimensions or a range is not {min, max}
         */
        public double[][] within(double[] xRange, double[] yRange) {
            if (points[0].length < 2) {
                throw new IllegalArgumentException("the path must have at least 2 dimensions, but has "
                        + points[0].length);
            }
            for (double[] range : new double[][] {xRange, yRange}) {
                if (range == null || range.length != 2 || !(range[0] < range[1])) {
                    throw new IllegalArgumentException("a range must be {min, max} with min < max, but is "
                            + java.util.Arrays.toString(range));
                }
            }
            int n = 0;
            while (n < points.length) {
                double[] p = points[n++];
                if (p[0] < xRange[0] || p[0] > xRange[1] || p[1] < yRange[0] || p[1] > yRange[1]) {
                    break;
                }
            }
            return new double[][] {java.util.Arrays.copyOf(coordinate(0), n), java.util.Arrays.copyOf(coordinate(1), n)};
        }
    }

    /**
     * Runs {@code steps} steps of {@code θ ← θ − learningRate·gradient(θ)} from {@code start}. The run stops
     * early, marked {@link Path#diverged()}, when the loss becomes non-finite or exceeds
     * {@value #DIVERGENCE_FACTOR} times its starting value.
     *
     * @throws IllegalArgumentException if {@code start} is empty or not finite, {@code learningRate} is not a finite
     *     number {@code > 0}, {@code steps < 0}, or the gradient has the wrong length
     */
    public static Path run(ToDoubleFunction<double[]> loss, UnaryOperator<double[]> gradient, double[] start,
                           double learningRate, int steps) {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(gradient, "gradient");
        Objects.requireNonNull(start, "start");
        if (start.length == 0) {
            throw new IllegalArgumentException("start must hold at least one parameter, but is empty");
        }
        for (int i = 0; i < start.length; i++) {
            if (!Double.isFinite(start[i])) {
                throw new IllegalArgumentException("start[" + i + "] must be a finite number, but is " + start[i]);
            }
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number > 0, but is " + learningRate);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, but is " + steps);
        }
        List<double[]> points = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        double[] theta = start.clone();
        double first = loss.applyAsDouble(theta.clone());
        if (!Double.isFinite(first)) {
            throw new IllegalArgumentException("the loss at start must be finite, but is " + first);
        }
        points.add(theta.clone());
        losses.add(first);
        double limit = DIVERGENCE_FACTOR * Math.max(Math.abs(first), Double.MIN_NORMAL);
        boolean diverged = false;
        for (int s = 0; s < steps; s++) {
            double[] g = gradient.apply(theta.clone());
            if (g == null || g.length != theta.length) {
                throw new IllegalArgumentException("gradient must return " + theta.length + " values, but returned "
                        + (g == null ? "null" : g.length));
            }
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= learningRate * g[i];
            }
            double value = loss.applyAsDouble(theta.clone());
            points.add(theta.clone());
            losses.add(value);
            if (!Double.isFinite(value) || value > limit) {
                diverged = true;
                break;
            }
        }
        return new Path(learningRate, points.toArray(new double[0][]),
                losses.stream().mapToDouble(Double::doubleValue).toArray(), diverged);
    }
}
