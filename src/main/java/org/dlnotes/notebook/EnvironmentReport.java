package org.dlnotes.notebook;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.dlnotes.core.FastMode;
import org.nd4j.linalg.factory.Nd4j;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What this notebook runs on: Java, the ND4J backend and its BLAS, threads, memory and fast mode.
 *
 * @param entries property name to value, in display order
 */
public record EnvironmentReport(Map<String, String> entries) {

    /** Copies the entries so the report stays immutable. */
    public EnvironmentReport {
        entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** Collects the report; this initialises ND4J if it is not yet loaded. */
    public static EnvironmentReport collect() {
        Map<String, String> e = new LinkedHashMap<>();
        Runtime rt = Runtime.getRuntime();
        e.put("java.version", System.getProperty("java.version"));
        e.put("java.vendor", System.getProperty("java.vendor"));
        e.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        e.put("cpu.cores", Integer.toString(rt.availableProcessors()));
        e.put("jvm.max.heap", mib(rt.maxMemory()));
        e.put("jvm.uptime.s", String.format("%.1f", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0));
        e.put("nd4j.backend", Nd4j.getBackend().getClass().getSimpleName());
        e.put("nd4j.data.type", Nd4j.dataType().toString());
        e.put("nd4j.native.build", org.dlnotes.models.CpuHelpers.nativeBuild());
        e.put("onednn.layer.helpers", Boolean.toString(org.dlnotes.models.CpuHelpers.active()));
        Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
        put(e, "blas.vendor", info, "blas.vendor");
        put(e, "omp.threads", info, "omp.threads");
        e.put("omp.wait.policy", String.valueOf(System.getenv().getOrDefault("OMP_WAIT_POLICY", "(default)")));
        put(e, "nd4j.offheap.max", info, "memory.available");
        e.put("dl4j.version", versionOf(org.deeplearning4j.nn.multilayer.MultiLayerNetwork.class));
        e.put("tablesaw.version", versionOf(Table.class));
        e.put("xchart.version", versionOf(org.knowm.xchart.XYChart.class));
        e.put("fast.mode", Boolean.toString(FastMode.enabled()));
        return new EnvironmentReport(e);
    }

    /** The report as a two-column table (property, value). */
    public Table table() {
        return Table.create("Environment",
                StringColumn.create("property", entries.keySet()),
                StringColumn.create("value", entries.values()));
    }

    private static void put(Map<String, String> e, String key, Properties info, String infoKey) {
        Object v = info.get(infoKey);
        if (v != null) {
            e.put(key, infoKey.startsWith("memory") ? mib(Long.parseLong(v.toString())) : v.toString());
        }
    }

    private static String mib(long bytes) {
        return String.format("%,d MiB", bytes / (1024 * 1024));
    }

    private static String versionOf(Class<?> type) {
        String v = type.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        String jar = type.getProtectionDomain().getCodeSource() == null ? ""
                : type.getProtectionDomain().getCodeSource().getLocation().getPath();
        // Maven jars are named artifact-version.jar; read the version from the name when the manifest has none.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-(\\d[^/]*?)(-linux-x86_64)?\\.jar$").matcher(jar);
        return m.find() ? m.group(1) : "unknown";
    }
}
