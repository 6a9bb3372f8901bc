package org.dlnotes.models;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The elements of a c-order float or double array without offset, read and written in blocks through its native
 * memory, as doubles: the fused layers' elementwise work in Java loops over heap arrays, without one ND4J op per
 * operation and without a bounds-checked buffer call per element.
 */
abstract class MatrixMemory {

    /** Copies {@code n} elements from flat index {@code from} into {@code to[0 … n)}. */
    abstract void read(int from, double[] to, int n);

    /** Copies {@code from[0 … n)} to the elements from flat index {@code at}. */
    abstract void write(int at, double[] from, int n);

    /**
     * The nonzero elements among the {@code n} from flat index {@code from}: their offsets from {@code from} into
     * {@code at} and their values into {@code values} (both at least {@code n} long); returns how many there are.
     * Scans in the array's own type (a scan of one-hot labels as doubles ran 5× slower).
     */
    abstract int nonZeros(int from, int n, int[] at, double[] values);

    private final int length;

    private MatrixMemory(int length) {
        this.length = length;
    }

    /** All elements, as doubles. */
    final double[] readAll() {
        double[] all = new double[length];
        read(0, all, all.length);
        return all;
    }

    /** Whether {@link #of} takes the array: c-order, contiguous, without offset, float or double. */
    static boolean fits(INDArray a) {
        return (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE) && a.ordering() == 'c'
                && a.offset() == 0 && a.elementWiseStride() == 1 && a.length() <= a.data().length();
    }

    static MatrixMemory of(INDArray a) {
        if (!fits(a)) {
            throw new IllegalArgumentException("not a c-order float or double array without offset: "
                    + a.dataType() + " " + a.shapeInfoToString());
        }
        int length = (int) a.length();
        java.nio.ByteBuffer bytes = a.data().asNio().order(ByteOrder.nativeOrder());
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer f = bytes.asFloatBuffer();
            return new MatrixMemory(length) {
                private float[] block = new float[0];

                @Override
                void read(int from, double[] to, int n) {
                    f.get(from, block(n), 0, n);
                    for (int i = 0; i < n; i++) {
                        to[i] = block[i];
                    }
                }

                @Override
                void write(int at, double[] from, int n) {
                    float[] b = block(n);
                    for (int i = 0; i < n; i++) {
                        b[i] = (float) from[i];
                    }
                    f.put(at, b, 0, n);
                }

                @Override
                int nonZeros(int from, int n, int[] at, double[] values) {
                    float[] b = block(n);
                    f.get(from, b, 0, n);
                    int count = 0;
                    for (int i = 0; i < n; i++) {
                        if (b[i] != 0) {
                            at[count] = i;
                            values[count++] = b[i];
                        }
                    }
                    return count;
                }

                private float[] block(int n) {
                    if (block.length < n) {
                        block = new float[n];
                    }
                    return block;
                }
            };
        }
        if (a.dataType() == DataType.DOUBLE) {
            DoubleBuffer d = bytes.asDoubleBuffer();
            return new MatrixMemory(length) {
                private double[] block = new double[0];

                @Override
                void read(int from, double[] to, int n) {
                    d.get(from, to, 0, n);
                }

                @Override
                void write(int at, double[] from, int n) {
                    d.put(at, from, 0, n);
                }

                @Override
                int nonZeros(int from, int n, int[] at, double[] values) {
                    double[] b = block.length < n ? (block = new double[n]) : block;
                    d.get(from, b, 0, n);
                    int count = 0;
                    for (int i = 0; i < n; i++) {
                        if (b[i] != 0) {
                            at[count] = i;
                            values[count++] = b[i];
                        }
                    }
                    return count;
                }
            };
        }
        throw new IllegalStateException("fits() let through " + a.dataType());
    }
}
