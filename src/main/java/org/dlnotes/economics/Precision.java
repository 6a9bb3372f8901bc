package org.dlnotes.economics;

/** Number formats for weights, with their size in bytes. */
public enum Precision {
    /** 32-bit float. */
    FP32(4),
    /** 16-bit float (also bf16). */
    FP16(2),
    /** 8-bit integer (quantised). */
    INT8(1),
    /** 4-bit integer (quantised), two weights per byte. */
    INT4(0.5);

    private final double bytes;

    Precision(double bytes) {
        this.bytes = bytes;
    }

    /** Bytes per weight. */
    public double bytes() {
        return bytes;
    }

    /** Bytes to hold {@code parameters} weights in this format (no overhead for scales or activations). */
    public double weightBytes(double parameters) {
        if (!(parameters >= 0)) {
            throw new IllegalArgumentException("parameters must be >= 0, but is " + parameters);
        }
        return parameters * bytes;
    }
}
