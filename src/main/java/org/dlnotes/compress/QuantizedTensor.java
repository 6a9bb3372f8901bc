package org.dlnotes.compress;

import java.util.Arrays;
import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tensor stored as {@code bits}-bit integer codes (2 to 8 bits, held one per byte) with a float32 scale, and for
 * {@link QuantScheme#AFFINE} an integer zero point, per tensor or per channel. {@link #dequantize()} gives the float
 * tensor the codes stand for; every element is within {@code scale/2} of the original (round to nearest, and the
 * grid covers the range, so nothing is clipped by more than that), plus the float32 rounding of the dequantised value
 * ({@link #errorBound()}).
 *
 * <pre>{@code
 * QuantizedTensor q = QuantizedTensor.quantize(w, QuantScheme.SYMMETRIC, 8, 1);   // per column of w
 * INDArray back = q.dequantize();
 * long bytes = q.storageBytes();                                                  // ≈ w.length() + 4 per column
 * }</pre>
 */
public final class QuantizedTensor {

    private final long[] shape;
    private final int axis;
    private final int bits;
    private final QuantScheme scheme;
    private final byte[] codes;
    private final float[] scales;
    private final int[] zeroPoints;

    private QuantizedTensor(long[] shape, int axis, int bits, QuantScheme scheme, byte[] codes, float[] scales,
                            int[] zeroPoints) {
        this.shape = shape;
        this.axis = axis;
        this.bits = bits;
        this.scheme = scheme;
        this.codes = codes;
        this.scales = scales;
        this.zeroPoints = zeroPoints;
    }

    /**
     * Quantises {@code tensor} to {@code bits}-bit codes.
     *
     * @param tensor the values (any shape, at least one element, all finite)
     * @param scheme symmetric or affine, see {@link QuantScheme}
     * @param bits 2 to 8
     * @param axis −1 for one scale for the whole tensor, otherwise the dimension whose every index (channel) gets its
     *     own scale
     * @throws IllegalArgumentException for bits outside [2, 8], an axis that is not −1 or a dimension of the tensor,
     *     an empty tensor, or a NaN or infinite value
     */
    public static QuantizedTensor quantize(INDArray tensor, QuantScheme scheme, int bits, int axis) {
        Objects.requireNonNull(tensor, "tensor");
        Objects.requireNonNull(scheme, "scheme");
        if (bits < 2 || bits > 8) {
            throw new IllegalArgumentException("bits must be in [2, 8], but is " + bits);
        }
        if (axis < -1 || axis >= tensor.rank()) {
            throw new IllegalArgumentException("axis must be -1 (per tensor) or a dimension in [0, " + tensor.rank()
                    + ") of a tensor with shape " + Arrays.toString(tensor.shape()) + ", but is " + axis);
        }
        if (tensor.length() == 0) {
            throw new IllegalArgumentException("tensor must have at least one element, but has shape "
                    + Arrays.toString(tensor.shape()));
        }
        long[] shape = tensor.shape();
        double[] values = tensor.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("tensor[" + i + "] (row-major index) is " + values[i]
                        + "; only finite values can be quantised");
            }
        }
        int channels = axis < 0 ? 1 : (int) shape[axis];
        long stride = stride(shape, axis);
        double[] min = new double[channels];
        double[] max = new double[channels];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < values.length; i++) {
            int c = channel(i, stride, channels);
            min[c] = Math.min(min[c], values[i]);
            max[c] = Math.max(max[c], values[i]);
        }
        int qmin = scheme == QuantScheme.SYMMETRIC ? -((1 << (bits - 1)) - 1) : -(1 << (bits - 1));
        int qmax = (1 << (bits - 1)) - 1;
        float[] scales = new float[channels];
        int[] zeroPoints = new int[channels];
        for (int c = 0; c < channels; c++) {
            double lo = Math.min(min[c], 0);
            double hi = Math.max(max[c], 0);
            double scale = scheme == QuantScheme.SYMMETRIC ? Math.max(-lo, hi) / qmax : (hi - lo) / (qmax - qmin);
            float rounded = (float) scale;
            if (rounded < scale) {
                rounded = Math.nextUp(rounded); // float32 scale never smaller: the grid still covers the range
            }
            scales[c] = scale > 0 ? rounded : 1f; // an all-zero channel: any scale, every code the zero point
            if (scheme == QuantScheme.AFFINE) {
                zeroPoints[c] = (int) Math.max(qmin, Math.min(qmax, Math.round(qmin - lo / scales[c])));
            }
        }
        byte[] codes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            int c = channel(i, stride, channels);
            long q = Math.round(values[i] / scales[c]) + zeroPoints[c];
            codes[i] = (byte) Math.max(qmin, Math.min(qmax, q));
        }
        return new QuantizedTensor(shape.clone(), axis, bits, scheme, codes, scales, zeroPoints);
    }

    private static long stride(long[] shape, int axis) {
        long stride = 1;
        for (int d = shape.length - 1; d > axis && axis >= 0; d--) {
            stride *= shape[d];
        }
        return stride;
    }

    private static int channel(long index, long stride, int channels) {
        return channels == 1 ? 0 : (int) ((index / stride) % channels);
    }

    /** The float32 tensor the codes stand for: {@code scale·(q − zeroPoint)}, in the original shape. */
    public INDArray dequantize() {
        long stride = stride(shape, axis);
        int channels = scales.length;
        float[] values = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            int c = channel(i, stride, channels);
            values[i] = scales[c] * (codes[i] - zeroPoints[c]);
        }
        return Nd4j.createFromArray(values).reshape('c', shape);
    }

    /**
     * Bytes to store this tensor: the codes packed at {@code bits} bits each (rounded up to whole bytes), a float32
     * scale per channel, and for affine a one-byte zero point per channel.
     */
    public long storageBytes() {
        long codeBytes = ((long) codes.length * bits + 7) / 8;
        return codeBytes + 4L * scales.length + (scheme == QuantScheme.AFFINE ? scales.length : 0);
    }

    /**
     * The bound on {@code |dequantize() − original|} for every element: the largest {@code scale/2} (rounding to the
     * nearest code), plus half a float32 ulp of the largest value the codes stand for, since {@link #dequantize()}
     * rounds {@code scale·(q − zeroPoint)} to float32 (up to 1.5e-5 of {@code scale/2} at 8 bits).
     */
    public double errorBound() {
        double largest = 0;
        int span = 1 << bits;
        for (float s : scales) {
            largest = Math.max(largest, s / 2.0 + Math.ulp(s * span) / 2.0);
        }
        return largest;
    }

    /** The integer codes in row-major order (a copy). */
    public byte[] codes() {
        return codes.clone();
    }

    /** One scale per channel (one for per-tensor), a copy. */
    public float[] scales() {
        return scales.clone();
    }

    /** One zero point per channel, all 0 for {@link QuantScheme#SYMMETRIC} (a copy). */
    public int[] zeroPoints() {
        return zeroPoints.clone();
    }

    /** The original shape (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    /** −1 for per tensor, otherwise the channel dimension. */
    public int axis() {
        return axis;
    }

    /** Bits per code. */
    public int bits() {
        return bits;
    }

    /** The scheme. */
    public QuantScheme scheme() {
        return scheme;
    }

    /** Number of elements. */
    public long length() {
        return codes.length;
    }

    @Override
    public String toString() {
        return "QuantizedTensor[" + Arrays.toString(shape) + ", " + bits + "-bit " + scheme
                + (axis < 0 ? ", per tensor" : ", " + scales.length + " channels on axis " + axis) + "]";
    }
}
