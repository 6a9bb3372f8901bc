package org.dlnotes.economics;

import java.util.Objects;

/**
 * An accelerator's datasheet figures that bound inference speed.
 *
 * @param name label
 * @param peakFlopsPerSecond dense 16-bit tensor throughput (FLOP/s, without sparsity)
 * @param memoryBandwidth bytes per second from its memory
 * @param memoryBytes memory capacity in bytes
 * @param source where the figures are published
 */
public record Accelerator(String name, double peakFlopsPerSecond, double memoryBandwidth, double memoryBytes,
        String source) {

    /** Checks the figures. */
    public Accelerator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Compute.positive("peakFlopsPerSecond", peakFlopsPerSecond);
        Compute.positive("memoryBandwidth", memoryBandwidth);
        Compute.positive("memoryBytes", memoryBytes);
    }

    /** NVIDIA H100 SXM: 989.4 TFLOP/s dense BF16, 3.35 TB/s, 80 GB. */
    public static Accelerator h100Sxm() {
        return new Accelerator("H100 SXM", 989.4e12, 3.35e12, 80e9,
                "NVIDIA H100 datasheet (BF16 1,979 TFLOPS with sparsity, half without; 3.35 TB/s; 80 GB), "
                        + "as tabulated at https://glennklockwood.com/garden/processors/h100");
    }

    /** NVIDIA A100 SXM 80 GB: 312 TFLOP/s dense BF16, 2.039 TB/s, 80 GB. */
    public static Accelerator a100Sxm80() {
        return new Accelerator("A100 SXM 80GB", 312e12, 2.039e12, 80e9,
                "NVIDIA A100 datasheet (BF16 312 TFLOPS dense; 2,039 GB/s for the 80 GB SXM part)");
    }
}
