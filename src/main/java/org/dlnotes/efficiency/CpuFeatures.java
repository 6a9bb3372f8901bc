package org.dlnotes.efficiency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processor's model and the instruction-set flags that decide how fast each number format can be on it, read
 * from Linux's {@code /proc/cpuinfo} ({@code flags} on x86, {@code Features} on ARM).
 *
 * <pre>{@code
 * CpuFeatures cpu = CpuFeatures.read();
 * cpu.nativeHalfArithmetic();   // false on AVX2 machines: F16C converts fp16 ⇄ fp32, it does not compute in fp16
 * }</pre>
 *
 * @param model the processor's model name ("unknown" if not reported)
 * @param flags all flags, lower case
 */
public record CpuFeatures(String model, Set<String> flags) {

    /** The flags this class looks at, in the order {@link #relevant()} lists them. */
    public static final List<String> RELEVANT = List.of("sse2", "avx", "fma", "avx2", "f16c", "avx512f",
            "avx512_bf16", "avx512_fp16", "amx_bf16", "amx_fp16", "asimd", "asimdhp", "fphp", "bf16");

    /** Copies the flags. */
    public CpuFeatures {
        Objects.requireNonNull(model, "model");
        flags = Set.copyOf(flags);
    }

    /**
     * Reads {@code /proc/cpuinfo}.
     *
     * @throws IllegalStateException where the file does not exist (not Linux)
     */
    public static CpuFeatures read() {
        Path file = Path.of("/proc/cpuinfo");
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + " (CpuFeatures needs Linux): " + e.getMessage(), e);
        }
    }

    /** Parses the text of {@code /proc/cpuinfo}: the first {@code model name} and {@code flags}/{@code Features}. */
    public static CpuFeatures parse(String cpuinfo) {
        Objects.requireNonNull(cpuinfo, "cpuinfo");
        String model = "unknown";
        Set<String> flags = new TreeSet<>();
        boolean modelSeen = false;
        boolean flagsSeen = false;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (!modelSeen && (key.equals("model name") || key.equals("Model name"))) {
                model = value;
                modelSeen = true;
            } else if (!flagsSeen && (key.equals("flags") || key.equals("Features"))) {
                flags.addAll(Arrays.asList(value.toLowerCase(java.util.Locale.ROOT).split("\\s+")));
                flagsSeen = true;
            }
        }
        flags.remove("");
        return new CpuFeatures(model, flags);
    }

    /** Whether the processor has {@code flag}. */
    public boolean has(String flag) {
        return flags.contains(flag.toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether it computes in fp16 natively: AVX512-FP16 or AMX-FP16 (x86), FP16 arithmetic (ARM asimdhp/fphp). */
    public boolean nativeHalfArithmetic() {
        return has("avx512_fp16") || has("amx_fp16") || has("asimdhp") || has("fphp");
    }

    /** Whether it computes in bfloat16 natively: AVX512-BF16 or AMX-BF16 (x86), BF16 (ARM). */
    public boolean nativeBfloat16Arithmetic() {
        return has("avx512_bf16") || has("amx_bf16") || has("bf16");
    }

    /** The {@link #RELEVANT} flags this processor has. */
    public List<String> relevant() {
        return RELEVANT.stream().filter(this::has).toList();
    }
}
