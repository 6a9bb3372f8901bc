package org.dlnotes.efficiency;

import java.util.List;
import java.util.Objects;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Measures the matrix-multiply throughput of this machine through ND4J ({@code Nd4j.gemm}), the operation that
 * dominates training: square {@code n × n} matrices of uniform random numbers in [−1, 1), one warm-up product,
 * then products until {@link #minSeconds(double)} have passed (at least {@link #minRepeats(int)}); the fastest
 * counts.
 *
 * <pre>{@code
 * GemmResult r = GemmBenchmark.of(DataType.FLOAT).size(512).run();
 * r.gflops();  r.relativeError();
 * GemmBenchmark.of(DataType.FLOAT).size(512).threads(1).run();   // one core
 * }</pre>
 */
public final class GemmBenchmark {

    private final DataType type;
    private int size = 512;
    private double minSeconds = 0.5;
    private int minRepeats = 3;
    private int threads;
    private long seed = 42;

    private GemmBenchmark(DataType type) {
        this.type = type;
    }

    /**
     * A benchmark of products in {@code type}.
     *
     * @throws IllegalArgumentException for a type that is not one of {@link FloatFormat#TYPES}
     */
    public static GemmBenchmark of(DataType type) {
        Objects.requireNonNull(type, "type");
        if (!FloatFormat.TYPES.contains(type)) {
            throw new IllegalArgumentException("type must be a floating-point type " + FloatFormat.TYPES
                    + ", but is " + type);
        }
        return new GemmBenchmark(type);
    }

    /** Matrix size n (default 512). */
    public GemmBenchmark size(int n) {
        if (n < 1 || n > 16384) {
            throw new IllegalArgumentException("size must be in [1, 16384], but is " + n);
        }
        this.size = n;
        return this;
    }

    /** Keep multiplying until this many seconds have passed (default 0.5). */
    public GemmBenchmark minSeconds(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("minSeconds must be a finite number >= 0, but is " + seconds);
        }
        this.minSeconds = seconds;
        return this;
    }

    /** At least this many timed products (default 3). */
    public GemmBenchmark minRepeats(int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("minRepeats must be >= 1, but is " + repeats);
        }
        this.minRepeats = repeats;
        return this;
    }

    /**
     * Limits ND4J to {@code threads} threads (its own loops and OpenBLAS) during the run and restores the previous
     * limits afterwards; 0 (default) leaves ND4J's setting alone.
     */
    public GemmBenchmark threads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 for ND4J's default), but is " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** Seed of the random matrices (default 42). */
    public GemmBenchmark seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Runs the benchmark. */
    public GemmResult run() {
        Random random = new Random(seed);
        INDArray a = uniform(random).castTo(type);
        INDArray b = uniform(random).castTo(type);
        INDArray c = Nd4j.create(type, size, size);
        try (Nd4jThreads.Limit limit = Nd4jThreads.limit(threads)) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            double best = Double.POSITIVE_INFINITY;
            double total = 0;
            int repeats = 0;
            long start = System.nanoTime();
            while (repeats < minRepeats || (System.nanoTime() - start) / 1e9 < minSeconds) {
                long t0 = System.nanoTime();
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                double s = (System.nanoTime() - t0) / 1e9;
                best = Math.min(best, s);
                total += s;
                repeats++;
            }
            INDArray reference = a.castTo(DataType.DOUBLE).mmul(b.castTo(DataType.DOUBLE));
            double error = c.castTo(DataType.DOUBLE).sub(reference).norm2Number().doubleValue()
                    / reference.norm2Number().doubleValue();
            return new GemmResult(type, size, threads, repeats, Math.max(best, 1e-9), Math.max(total / repeats,
                    Math.max(best, 1e-9)), error);
        }
    }

    private INDArray uniform(Random random) {
        double[] values = new double[size * size];
        for (int i = 0; i < values.length; i++) {
            values[i] = 2 * random.nextDouble() - 1;
        }
        return Nd4j.createFromArray(values).reshape('c', size, size);
    }

    /** One row per result: type, size, threads, repeats, best ms, GFLOP/s, relative error. */
    public static Table table(List<GemmResult> results) {
        Objects.requireNonNull(results, "results");
        DoubleColumn gflops = DoubleColumn.create("gflops", results.stream().mapToDouble(GemmResult::gflops)
                .toArray());
        gflops.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        DoubleColumn ms = DoubleColumn.create("best_ms", results.stream().mapToDouble(r -> r.bestSeconds() * 1e3)
                .toArray());
        ms.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        DoubleColumn error = DoubleColumn.create("relative_error", results.stream()
                .mapToDouble(GemmResult::relativeError).toArray());
        error.setPrintFormatter(NumberColumnFormatter.standard());
        return Table.create("matrix products (Nd4j.gemm)",
                StringColumn.create("type", results.stream().map(r -> r.dataType().name()).toList()),
                IntColumn.create("n", results.stream().mapToInt(GemmResult::size).toArray()),
                IntColumn.create("threads", results.stream().mapToInt(GemmResult::threads).toArray()),
                IntColumn.create("repeats", results.stream().mapToInt(GemmResult::repeats).toArray()),
                ms, gflops, error);
    }
}
