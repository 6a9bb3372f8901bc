package org.dlnotes.models;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's oneDNN layer helpers on the CPU: convolution and batch normalisation run through oneDNN's kernels instead
 * of DL4J's im2col and strided loops (the chapter CNN's training step about 2.5 times cheaper, batch-1 inference
 * about 2 times; bench/README.md). Pooling is faster without oneDNN: see {@link Nd4jPoolingLayer}. DL4J 1.0.0-M2.1 ships them switched off (system
 * property {@value #DISABLE_PROPERTY} defaults to {@code true}) and unable to find the native environment (see
 * {@link org.nd4j.nativeblas.Nd4jCpu}); the model builders switch them on unless that property was set, and the
 * build of nd4j-native with oneDNN ({@code linux-x86_64-onednn}, {@code -onednn-avx2}) makes them fast.
 *
 * <pre>{@code
 * CpuHelpers.active();       // true when new layers will get a oneDNN helper
 * CpuHelpers.nativeBuild();  // e.g. "linux-x86_64-onednn-avx2"
 * }</pre>
 */
public final class CpuHelpers {

    /** DL4J's switch; {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true} keeps the helpers off. */
    public static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private CpuHelpers() {
    }

    /**
     * Switches the helpers on for layers created from now on, unless {@value #DISABLE_PROPERTY} is already set, and
     * applies {@link Nd4jTuning}'s settings (once per JVM).
     */
    public static void enableByDefault() {
        Nd4jTuning.applyByDefault();
        if (System.getProperty(DISABLE_PROPERTY) == null) {
            System.setProperty(DISABLE_PROPERTY, "false");
        }
    }

    /** Whether layers created now get oneDNN helpers: switched on, allowed by ND4J, and found by DL4J. */
    public static boolean active() {
        return !Boolean.parseBoolean(System.getProperty(DISABLE_PROPERTY, "true"))
                && Nd4j.getEnvironment().helpersAllowed() && BaseMKLDNNHelper.mklDnnEnabled();
    }

    /**
     * The nd4j-native build that was loaded, from the folder of its native library: {@code linux-x86_64},
     * {@code linux-x86_64-avx2}, {@code linux-x86_64-onednn-avx2}, ...; "unknown" before ND4J is loaded.
     */
    public static String nativeBuild() {
        Pattern build = Pattern.compile("bindings/([a-z0-9_]+-[a-z0-9_]+[^/]*)/[^/]*nd4jcpu");
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            Matcher m = build.matcher(String.valueOf(e.getValue()));
            if (m.find() && !String.valueOf(e.getValue()).contains("jnind4jcpu")) {
                return m.group(1);
            }
        }
        return "unknown";
    }
}
