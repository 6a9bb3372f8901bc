package org.nd4j.nativeblas;

/**
 * Compatibility shim, not dlnotes API: DL4J 1.0.0-M2.1's {@code BaseMKLDNNHelper.mklDnnEnabled()} looks the native
 * environment up by reflection under its pre-M2 name {@code org.nd4j.nativeblas.Nd4jCpu$Environment}, which
 * nd4j-native M2.1 moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment}. Without this class
 * the lookup fails and DL4J never uses its oneDNN layer helpers (convolution, pooling, batch normalisation), even
 * with the oneDNN build of nd4j-native. Only the two members DL4J calls are provided; both delegate to the real
 * environment. See {@link org.dlnotes.models.CpuHelpers}.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The part of the native environment that DL4J's oneDNN helpers ask for. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        /** The one instance, as the native environment's {@code getInstance()}. */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether the native library runs oneDNN (MKL-DNN) implementations of its operations. */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
