package org.dlnotes.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CpuFeaturesTest {

    static final String EPYC = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC
            flags\t\t: fpu sse2 avx fma f16c avx2 bmi2

            processor\t: 1
            model name\t: AMD EPYC
            flags\t\t: fpu sse2 avx fma f16c avx2 bmi2
            """;

    static final String SAPPHIRE_RAPIDS = """
            model name\t: Intel(R) Xeon(R) Platinum 8480+
            flags\t\t: sse2 avx fma f16c avx2 avx512f avx512_bf16 avx512_fp16 amx_bf16
            """;

    static final String GRAVITON3 = """
            processor\t: 0
            BogoMIPS\t: 2100.00
            Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid bf16 i8mm
            """;

    @Test
    void avx2MachineConvertsButDoesNotComputeInHalfPrecision() {
        CpuFeatures cpu = CpuFeatures.parse(EPYC);
        assertEquals("AMD EPYC", cpu.model());
        assertTrue(cpu.has("f16c") && cpu.has("AVX2"));
        assertFalse(cpu.nativeHalfArithmetic());
        assertFalse(cpu.nativeBfloat16Arithmetic());
        assertEquals(List.of("sse2", "avx", "fma", "avx2", "f16c"), cpu.relevant());
    }

    @Test
    void recentXeonAndArmComputeInBoth() {
        assertTrue(CpuFeatures.parse(SAPPHIRE_RAPIDS).nativeHalfArithmetic());
        assertTrue(CpuFeatures.parse(SAPPHIRE_RAPIDS).nativeBfloat16Arithmetic());
        CpuFeatures arm = CpuFeatures.parse(GRAVITON3);
        assertEquals("unknown", arm.model());
        assertTrue(arm.nativeHalfArithmetic() && arm.nativeBfloat16Arithmetic());
    }

    @Test
    void readsThisMachine() {
        CpuFeatures cpu = CpuFeatures.read();
        assertFalse(cpu.flags().isEmpty(), "a Linux /proc/cpuinfo lists flags");
    }
}
