package org.dlnotes.compress;

/** Whether a weight tensor shares one scale ({@link #PER_TENSOR}) or has one per output channel ({@link #PER_CHANNEL}). */
public enum Granularity {
    /** One scale (and zero point) for the whole tensor. */
    PER_TENSOR,
    /**
     * One scale (and zero point) per output unit: per column of a dense layer's {@code W [nIn, nOut]}, per filter of a
     * convolution's {@code W [nOut, nIn, kH, kW]}.
     */
    PER_CHANNEL
}
