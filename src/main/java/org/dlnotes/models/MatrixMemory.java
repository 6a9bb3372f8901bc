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

    /** All elements, as doubles. */
    final double[] readAll(INDArray a) {
        double[] all = new double[(int) a.length()];
        read(0, all, all.length);
        return all;
    }

    static MatrixMemory of(INDArray a) {
        if (a.ordering() != 'c' || a.offset() != 0 || a.elementWiseStride() != 1
                || a.length() > a.data().length()) {
            throw new IllegalArgumentException("not a plain c-order array: " + a.shapeInfoToString());
        }
        java.nio.ByteBuffer bytes = a.data().asNio().order(ByteOrder.nativeOrder());
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer f = bytes.asFloatBuffer();
            return new MatrixMemory() {
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
            return new MatrixMemory() {
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
        throw new IllegalArgumentException("float or double only, not " + a.dataType());
    }
}
