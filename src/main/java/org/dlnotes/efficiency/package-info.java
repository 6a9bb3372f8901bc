/**
 * Chapter package (notebook 09a, training efficiency): this machine's matrix-product rate by type and thread count
 * ({@link org.dlnotes.efficiency.GemmBenchmark}), number formats ({@link org.dlnotes.efficiency.FloatFormat}), one
 * network trained in several precisions ({@link org.dlnotes.efficiency.PrecisionComparison}), counted FLOPs and
 * published training runs; {@link org.dlnotes.efficiency.Timing} (wall, CPU and median times) is used by other
 * chapters too.
 */
package org.dlnotes.efficiency;
