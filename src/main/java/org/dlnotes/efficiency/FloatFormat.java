package org.dlnotes.efficiency;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a floating-point data type of ND4J can represent, measured by casting numbers into it and back
 * ({@link #round(DataType, double)}), not looked up: the machine epsilon (gap between 1 and the next number), the
 * largest finite value, the smallest normal and the smallest subnormal positive value.
 *
 * <pre>{@code
 * FloatFormat half = FloatFormat.of(DataType.HALF);   // epsilon 2^-10, max 65504, min subnormal 2^-24
 * FloatFormat.round(DataType.HALF, 1e-8);             // 0.0: Adam's default epsilon vanishes in fp16
 * }</pre>
 *
 * @param type the ND4J data type
 * @param bits storage size in bits
 * @param epsilon the gap between 1 and the next representable number
 * @param max the largest finite value
 * @param minNormal the smallest positive value with full precision
 * @param minSubnormal the smallest positive value
 */
public record FloatFormat(DataType type, int bits, double epsilon, double max, double minNormal,
        double minSubnormal) {

    /** The floating-point types this class measures. */
    public static final List<DataType> TYPES = List.of(DataType.DOUBLE, DataType.FLOAT, DataType.HALF,
            DataType.BFLOAT16);

    /** Checks the fields. */
    public FloatFormat {
        Objects.requireNonNull(type, "type");
    }

    /**
     * Measures {@code type}.
     *
     * @throws IllegalArgumentException if {@code type} is not one of {@link #TYPES}
     */
    public static FloatFormat of(DataType type) {
        checkType(type);
        double epsilon = 1;
        while (round(type, 1 + epsilon / 2) != 1) {
            epsilon /= 2;
        }
        // The largest finite value: grow a power of two until it overflows, then add ever smaller powers.
        double max = 1;
        while (Double.isFinite(max * 2) && Double.isFinite(round(type, max * 2))) {
            max *= 2;
        }
        for (double step = max / 2; step >= max * epsilon / 2 && step > 0; step /= 2) {
            double candidate = round(type, max + step);
            if (Double.isFinite(candidate) && candidate > max) {
                max = candidate;
            }
        }
        double minNormal = 1;
        while (minNormal / 2 > 0 && round(type, minNormal / 2 * (1 + epsilon)) != round(type, minNormal / 2)
                && round(type, minNormal / 2) == minNormal / 2) {
            minNormal /= 2;
        }
        double minSubnormal = minNormal;
        while (round(type, minSubnormal / 2) != 0 && minSubnormal / 2 > 0) {
            minSubnormal /= 2;
        }
        return new FloatFormat(type, type.width() * 8, epsilon, max, minNormal, minSubnormal);
    }

    /** The four formats of {@link #TYPES}, widest first. */
    public static List<FloatFormat> all() {
        return TYPES.stream().map(FloatFormat::of).toList();
    }

    /** {@code value} stored in {@code type} and read back as a double (ND4J's own cast). */
    public static double round(DataType type, double value) {
        checkType(type);
        return Nd4j.scalar(value).castTo(type).castTo(DataType.DOUBLE).getDouble(0);
    }

    /** Decimal digits of precision, {@code -log10(epsilon)}. */
    public double decimalDigits() {
        return -Math.log10(epsilon);
    }

    /** One row per format: type, bits, epsilon, max, smallest normal and subnormal, decimal digits. */
    public static Table table(List<FloatFormat> formats) {
        Objects.requireNonNull(formats, "formats");
        return Table.create("number formats",
                StringColumn.create("type", formats.stream().map(f -> f.type().name()).toList()),
                IntColumn.create("bits", formats.stream().mapToInt(FloatFormat::bits).toArray()),
                StringColumn.create("epsilon", formats.stream().map(f -> sci(f.epsilon())).toList()),
                StringColumn.create("max", formats.stream().map(f -> sci(f.max())).toList()),
                StringColumn.create("min_normal", formats.stream().map(f -> sci(f.minNormal())).toList()),
                StringColumn.create("min_subnormal", formats.stream().map(f -> sci(f.minSubnormal())).toList()),
                DoubleColumn.create("decimal_digits", formats.stream().mapToDouble(FloatFormat::decimalDigits)
                        .map(d -> Math.round(d * 10) / 10.0).toArray()));
    }

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static void checkType(DataType type) {
        Objects.requireNonNull(type, "type");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("type must be a floating-point type " + TYPES + ", but is " + type);
        }
    }
}
