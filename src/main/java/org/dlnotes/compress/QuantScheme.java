package org.dlnotes.compress;

/**
 * How real weights map to integer codes of {@code b} bits.
 *
 * <ul>
 *   <li>{@link #SYMMETRIC}: {@code w ≈ scale·q}, {@code q ∈ [−(2^(b−1)−1), 2^(b−1)−1]}, scale = max|w| / (2^(b−1)−1);
 *       zero is exact and no zero point is stored, but one code (−2^(b−1)) is unused and a lopsided range wastes
 *       half of the grid.</li>
 *   <li>{@link #AFFINE} (asymmetric): {@code w ≈ scale·(q − zeroPoint)}, {@code q ∈ [−2^(b−1), 2^(b−1)−1]}, scale =
 *       (max − min) / (2^b − 1) over the range widened to include 0, so the grid covers exactly [min, max]; one
 *       integer zero point per scale is stored.</li>
 * </ul>
 */
public enum QuantScheme {
    /** Zero point 0, grid symmetric about zero. */
    SYMMETRIC,
    /** Scale and zero point, grid spanning [min, max]. */
    AFFINE
}
