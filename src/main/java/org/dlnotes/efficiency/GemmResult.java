package org.dlnotes.efficiency;

import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * One measured matrix product {@code C = A·B} of two {@code size × size} matrices.
 *
 * @param dataType the type of A, B and C
 * @param size rows = columns of each matrix
 * @param threads the ND4J thread limit during the measurement (0 for ND4J's default)
 * @param repeats products timed
 * @param bestSeconds the fastest product
 * @param meanSeconds the mean over all repeats
 * @param relativeError {@code ‖C − C_ref‖ / ‖C_ref‖} (Frobenius norms), with {@code C_ref} the product of the same
 *     (already rounded) inputs in double precision: the error of the arithmetic alone
 */
public record GemmResult(DataType dataType, int size, int threads, int repeats, double bestSeconds,
        double meanSeconds, double relativeError) {

    /** Checks the fields. */
    public GemmResult {
        Objects.requireNonNull(dataType, "dataType");
        if (size < 1 || repeats < 1 || !(bestSeconds > 0) || !(meanSeconds >= bestSeconds)) {
            throw new IllegalArgumentException("size and repeats must be >= 1 and 0 < bestSeconds <= meanSeconds, but"
                    + " are " + size + ", " + repeats + ", " + bestSeconds + ", " + meanSeconds);
        }
    }

    /** Floating-point operations of one product: {@code 2·size³} (a multiply and an add per term). */
    public double flops() {
        return 2.0 * size * size * size;
    }

    /** Throughput of the fastest product, FLOP/s. */
    public double flopsPerSecond() {
        return flops() / bestSeconds;
    }

    /** Throughput of the fastest product in GFLOP/s. */
    public double gflops() {
        return flopsPerSecond() / 1e9;
    }
}
