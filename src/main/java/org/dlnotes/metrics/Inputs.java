package org.dlnotes.metrics;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Argument checks and INDArray reading shared by the metrics. Every message names the argument and the offending
 * value or index. Matrices are read in row blocks, so a network output of millions of rows is converted to Java
 * doubles one block at a time (one pass, bounded memory).
 */
final class Inputs {

    /** Rows converted to Java doubles at a time. */
    static final int BLOCK_ROWS = 1 << 16;

    private Inputs() {
    }

    /** A block of rows of a matrix, row-major: {@code values[(row - firstRow) * columns + column]}. */
    interface RowBlock {
        void accept(double[] values, int firstRow, int rows, int columns);
    }

    static void requireNonEmpty(int length, String name) {
        if (length == 0) {
            throw new IllegalArgumentException(name + " is empty");
        }
    }

    static void requireSameLength(int a, String nameA, int b, String nameB) {
        if (a != b) {
            throw new IllegalArgumentException(nameA + " has " + a + " entries but " + nameB + " has " + b);
        }
    }

    /** Most classes whose square confusion matrix fits one Java array. */
    static final int MAX_CLASSES = 46_340;

    static void requireClasses(int classes) {
        if (classes < 1 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException("classes must be in 1.." + MAX_CLASSES + ", but is " + classes);
        }
    }

    static void requireLabel(int label, int classes, String name, int index) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException(name + "[" + index + "] is " + label + ", outside the classes 0.."
                    + (classes - 1));
        }
    }

    static void requireNonNegative(int label, String name, int index) {
        if (label < 0) {
            throw new IllegalArgumentException(name + "[" + index + "] is " + label + ", a negative label");
        }
    }

    static void requireClass(int c, int classes, String name) {
        if (c < 0 || c >= classes) {
            throw new IllegalArgumentException(name + " is " + c + ", outside the classes 0.." + (classes - 1));
        }
    }

    static void requireFinite(double value, String name, int index) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + "[" + index + "] is " + value + ", not a finite number");
        }
    }

    static void requireProbability(double value, String name, int row, int column) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + "[" + row + "][" + column + "] is " + value
                    + ", not a probability in [0, 1]");
        }
    }

    /** Rank-1 arrays are read as one column; rank 2 as is. */
    static INDArray asMatrix(INDArray array, String name) {
        if (array == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (array.rank() == 1) {
            return array.reshape(array.length(), 1);
        }
        if (array.rank() != 2) {
            throw new IllegalArgumentException(name + " must be a vector or a matrix, but has shape "
                    + java.util.Arrays.toString(array.shape()));
        }
        if (array.rows() == 0 || array.columns() == 0) {
            throw new IllegalArgumentException(name + " is empty, shape " + java.util.Arrays.toString(array.shape()));
        }
        return array;
    }

    /** Calls {@code block} for consecutive row blocks of the matrix, after checking every value is finite. */
    static void forEachRowBlock(INDArray matrix, String name, RowBlock block) {
        RowReader reader = new RowReader(matrix, name);
        int rows = Math.toIntExact(matrix.rows());
        for (int first = 0; first < rows; first += BLOCK_ROWS) {
            int count = Math.min(BLOCK_ROWS, rows - first);
            block.accept(reader.read(first, count), first, count, reader.columns);
        }
    }

    /**
     * Reads rows of a matrix into Java doubles straight from its native buffer (a bulk copy per block), after
     * making it one contiguous row-major float or double array if it is not one already. Per-block ND4J
     * operations (view, cast, dup) cost far more than the copy, so they are done at most once, up front.
     */
    static final class RowReader {
        private final String name;
        private final int columns;
        private final FloatBuffer floats;
        private final DoubleBuffer doubles;
        private final float[] floatBlock;
        /** Keeps the array that owns the native memory reachable while the NIO views above read it. */
        private final INDArray dense;

        RowReader(INDArray matrix, String name) {
            this.name = name;
            this.columns = Math.toIntExact(matrix.columns());
            INDArray dense = matrix;
            if (dense.dataType() != DataType.FLOAT && dense.dataType() != DataType.DOUBLE) {
                dense = dense.castTo(DataType.DOUBLE);
            }
            if (dense.isView() || dense.ordering() != 'c' || dense.data().length() != dense.length()) {
                dense = dense.dup('c');
            }
            if (dense.dataType() == DataType.FLOAT) {
                floats = dense.data().asNioFloat();
                doubles = null;
                floatBlock = new float[Math.toIntExact(Math.min((long) BLOCK_ROWS * columns, dense.length()))];
            } else {
                floats = null;
                doubles = dense.data().asNioDouble();
                floatBlock = null;
            }
            this.dense = dense;
        }

        /** Rows {@code first..first+count} as row-major doubles, every value checked finite. */
        double[] read(int first, int count) {
            int length = count * columns;
            int start = first * columns;
            double[] values = new double[length];
            if (floats != null) {
                floats.get(start, floatBlock, 0, length);
                for (int i = 0; i < length; i++) {
                    values[i] = floatBlock[i];
                }
            } else {
                doubles.get(start, values, 0, length);
            }
            for (int i = 0; i < length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException(name + "[" + (first + i / columns) + "][" + (i % columns)
                            + "] is " + values[i] + ", not a finite number");
                }
            }
            return values;
        }
    }

    /**
     * Class indices from DL4J labels: an index column ({@code [n]} or {@code [n, 1]} of whole numbers) or one-hot
     * rows ({@code [n, classes]}, exactly one 1 per row).
     */
    static int[] classIndices(INDArray labels, int classes) {
        INDArray matrix = asMatrix(labels, "labels");
        int[] indices = new int[Math.toIntExact(matrix.rows())];
        if (matrix.columns() == 1) {
            forEachRowBlock(matrix, "labels", (values, first, rows, columns) -> {
                for (int r = 0; r < rows; r++) {
                    double v = values[r];
                    int label = (int) v;
                    if (label != v) {
                        throw new IllegalArgumentException("labels[" + (first + r) + "] is " + v
                                + ", not a class index");
                    }
                    requireLabel(label, classes, "labels", first + r);
                    indices[first + r] = label;
                }
            });
            return indices;
        }
        if (matrix.columns() != classes) {
            throw new IllegalArgumentException("labels has " + matrix.columns() + " columns but output has "
                    + classes + " classes");
        }
        forEachRowBlock(matrix, "labels", (values, first, rows, columns) -> {
            for (int r = 0; r < rows; r++) {
                int hot = -1;
                for (int c = 0; c < columns; c++) {
                    double v = values[r * columns + c];
                    if (v == 1.0 && hot < 0) {
                        hot = c;
                    } else if (v != 0.0) {
                        throw new IllegalArgumentException("labels row " + (first + r) + " is not one-hot: "
                                + "labels[" + (first + r) + "][" + c + "] is " + v);
                    }
                }
                if (hot < 0) {
                    throw new IllegalArgumentException("labels row " + (first + r) + " is not one-hot: no 1");
                }
                indices[first + r] = hot;
            }
        });
        return indices;
    }

    /**
     * The predicted class of each row: the index of the largest score, the first one on ties (as numpy's and
     * DL4J's argmax); for a single column (sigmoid output) class 1 where the probability exceeds 0.5.
     */
    static int[] predictedClasses(INDArray output) {
        INDArray matrix = asMatrix(output, "output");
        int[] predicted = new int[Math.toIntExact(matrix.rows())];
        forEachRowBlock(matrix, "output", (values, first, rows, columns) -> {
            for (int r = 0; r < rows; r++) {
                if (columns == 1) {
                    requireProbability(values[r], "output", first + r, 0);
                    predicted[first + r] = values[r] > 0.5 ? 1 : 0;
                    continue;
                }
                int best = 0;
                int offset = r * columns;
                for (int c = 1; c < columns; c++) {
                    if (values[offset + c] > values[offset + best]) {
                        best = c;
                    }
                }
                predicted[first + r] = best;
            }
        });
        return predicted;
    }

    /** Scores of the positive class for binary output: the single column, or column 1 of two. */
    static double[] positiveScores(INDArray output) {
        INDArray matrix = asMatrix(output, "output");
        if (matrix.columns() > 2) {
            throw new IllegalArgumentException("output has " + matrix.columns()
                    + " columns; binary scores need 1 or 2");
        }
        double[] scores = new double[Math.toIntExact(matrix.rows())];
        forEachRowBlock(matrix, "output", (values, first, rows, columns) -> {
            for (int r = 0; r < rows; r++) {
                scores[first + r] = values[r * columns + columns - 1];
            }
        });
        return scores;
    }

    /** The matrix as Java rows, every value checked finite. */
    static double[][] rows(INDArray array, String name) {
        INDArray matrix = asMatrix(array, name);
        double[][] out = new double[Math.toIntExact(matrix.rows())][];
        forEachRowBlock(matrix, name, (values, first, rows, columns) -> {
            for (int r = 0; r < rows; r++) {
                out[first + r] = java.util.Arrays.copyOfRange(values, r * columns, (r + 1) * columns);
            }
        });
        return out;
    }

    /** Checks a score matrix: non-empty, rectangular with at least {@code minColumns} columns, finite. */
    static int requireScoreMatrix(double[][] scores, String name, int minColumns) {
        requireNonEmpty(scores.length, name);
        int columns = -1;
        for (int r = 0; r < scores.length; r++) {
            if (scores[r] == null) {
                throw new IllegalArgumentException(name + "[" + r + "] is null");
            }
            if (columns < 0) {
                columns = scores[r].length;
                if (columns < minColumns) {
                    throw new IllegalArgumentException(name + " has " + columns + " columns, at least "
                            + minColumns + " needed");
                }
            } else if (scores[r].length != columns) {
                throw new IllegalArgumentException(name + "[" + r + "] has " + scores[r].length
                        + " columns but " + name + "[0] has " + columns);
            }
            for (int c = 0; c < columns; c++) {
                if (!Double.isFinite(scores[r][c])) {
                    throw new IllegalArgumentException(name + "[" + r + "][" + c + "] is " + scores[r][c]
                            + ", not a finite number");
                }
            }
        }
        return columns;
    }
}
