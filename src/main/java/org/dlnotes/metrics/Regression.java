package org.dlnotes.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Regression metrics, as scikit-learn 1.2 computes them: MSE, RMSE, MAE and R². For several outputs
 * ({@code [n, outputs]} arrays) each metric is computed per output and averaged uniformly (scikit-learn's
 * {@code multioutput="uniform_average"}; RMSE is the mean of per-output RMSEs). One pass over the data: the
 * variance for R² is accumulated with Welford's update, which is numerically stable.
 *
 * <pre>{@code
 * double r2 = Regression.r2(truth, predicted);
 * double rmse = Regression.rmse(testLabels, net.output(testFeatures));   // epoch-metric shape
 * }</pre>
 */
public final class Regression {

    private Regression() {
    }

    /** Mean squared error. */
    public static double mse(double[] truth, double[] predicted) {
        return Errors.of(truth, predicted).mse();
    }

    /** Root mean squared error. */
    public static double rmse(double[] truth, double[] predicted) {
        return Errors.of(truth, predicted).rmse();
    }

    /** Mean absolute error. */
    public static double mae(double[] truth, double[] predicted) {
        return Errors.of(truth, predicted).mae();
    }

    /**
     * Coefficient of determination 1 - SSE / SST; for a constant truth 1 if the predictions are exact, else 0
     * (scikit-learn's {@code force_finite=True}).
     */
    public static double r2(double[] truth, double[] predicted) {
        return Errors.of(truth, predicted).r2();
    }

    /** Mean squared error of {@code [n]} or {@code [n, outputs]} arrays. */
    public static double mse(INDArray labels, INDArray output) {
        return Errors.of(labels, output).mse();
    }

    /** Root mean squared error of {@code [n]} or {@code [n, outputs]} arrays. */
    public static double rmse(INDArray labels, INDArray output) {
        return Errors.of(labels, output).rmse();
    }

    /** Mean absolute error of {@code [n]} or {@code [n, outputs]} arrays. */
    public static double mae(INDArray labels, INDArray output) {
        return Errors.of(labels, output).mae();
    }

    /** R² of {@code [n]} or {@code [n, outputs]} arrays. */
    public static double r2(INDArray labels, INDArray output) {
        return Errors.of(labels, output).r2();
    }

    /** Per-output sums gathered in one pass. */
    private static final class Errors {
        private final long[] n;
        private final double[] mean;
        private final double[] sumSquaredDeviation;
        private final double[] sumSquaredError;
        private final double[] sumAbsoluteError;

        private Errors(int outputs) {
            n = new long[outputs];
            mean = new double[outputs];
            sumSquaredDeviation = new double[outputs];
            sumSquaredError = new double[outputs];
            sumAbsoluteError = new double[outputs];
        }

        static Errors of(double[] truth, double[] predicted) {
            if (truth == null || predicted == null) {
                throw new IllegalArgumentException((truth == null ? "truth" : "predicted") + " is null");
            }
            Inputs.requireNonEmpty(truth.length, "truth");
            Inputs.requireSameLength(truth.length, "truth", predicted.length, "predicted");
            Errors errors = new Errors(1);
            for (int i = 0; i < truth.length; i++) {
                Inputs.requireFinite(truth[i], "truth", i);
                Inputs.requireFinite(predicted[i], "predicted", i);
                errors.add(0, truth[i], predicted[i]);
            }
            return errors;
        }

        static Errors of(INDArray labels, INDArray output) {
            INDArray y = Inputs.asMatrix(labels, "labels");
            INDArray yHat = Inputs.asMatrix(output, "output");
            if (!java.util.Arrays.equals(y.shape(), yHat.shape())) {
                throw new IllegalArgumentException("labels has shape " + java.util.Arrays.toString(y.shape())
                        + " but output has shape " + java.util.Arrays.toString(yHat.shape()));
            }
            int outputs = Math.toIntExact(y.columns());
            int rows = Math.toIntExact(y.rows());
            Errors errors = new Errors(outputs);
            Inputs.RowReader truthReader = new Inputs.RowReader(y, "labels");
            Inputs.RowReader predictedReader = new Inputs.RowReader(yHat, "output");
            for (int first = 0; first < rows; first += Inputs.BLOCK_ROWS) {
                int count = Math.min(Inputs.BLOCK_ROWS, rows - first);
                double[] truth = truthReader.read(first, count);
                double[] predicted = predictedReader.read(first, count);
                for (int i = 0; i < truth.length; i++) {
                    errors.add(i % outputs, truth[i], predicted[i]);
                }
            }
            return errors;
        }

        private void add(int output, double truth, double predicted) {
            long count = ++n[output];
            double delta = truth - mean[output];
            mean[output] += delta / count;
            sumSquaredDeviation[output] += delta * (truth - mean[output]);
            double error = truth - predicted;
            sumSquaredError[output] += error * error;
            sumAbsoluteError[output] += Math.abs(error);
        }

        double mse() {
            double sum = 0;
            for (int o = 0; o < n.length; o++) {
                sum += sumSquaredError[o] / n[o];
            }
            return sum / n.length;
        }

        double rmse() {
            double sum = 0;
            for (int o = 0; o < n.length; o++) {
                sum += Math.sqrt(sumSquaredError[o] / n[o]);
            }
            return sum / n.length;
        }

        double mae() {
            double sum = 0;
            for (int o = 0; o < n.length; o++) {
                sum += sumAbsoluteError[o] / n[o];
            }
            return sum / n.length;
        }

        double r2() {
            double sum = 0;
            for (int o = 0; o < n.length; o++) {
                if (sumSquaredDeviation[o] != 0.0) {
                    sum += 1 - sumSquaredError[o] / sumSquaredDeviation[o];
                } else if (sumSquaredError[o] == 0.0) {
                    sum += 1.0;
                }
            }
            return sum / n.length;
        }
    }
}
