package org.dlnotes.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the thread that runs the training steps spends its time, from a JDK Flight Recording: the share of its
 * samples inside native code (ND4J's C++ ops and BLAS, including waiting for their OpenMP threads) against Java
 * code (DL4J's layers, ND4J's op set-up, workspaces), the native entry points, the Java methods on top, and the DL4J
 * layer method each sample is under.
 *
 * <p>JFR samples a thread in Java code as {@code jdk.ExecutionSample} and one in a native method as
 * {@code jdk.NativeMethodSample}; both carry the stack. OpenMP worker threads are not Java threads and are not in the
 * recording: their CPU is the difference between the process's and the main thread's CPU time in the table.
 */
final class JfrProfile {

    private JfrProfile() {
    }

    /** A text report of the samples of {@code thread} in {@code recording}. */
    static String report(Path recording, String thread, String title) throws IOException {
        Map<String, Integer> nativeTop = new LinkedHashMap<>();
        Map<String, Integer> javaTop = new LinkedHashMap<>();
        Map<String, Integer> layer = new LinkedHashMap<>();
        int nativeSamples = 0;
        int javaSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            String type = e.getEventType().getName();
            boolean isNative = type.equals("jdk.NativeMethodSample");
            if (!isNative && !type.equals("jdk.ExecutionSample")) {
                continue;
            }
            jdk.jfr.consumer.RecordedThread sampled = e.getThread("sampledThread");
            if (sampled == null || !thread.equals(sampled.getJavaName()) || e.getStackTrace() == null
                    || e.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            String top = name(frames.get(0).getMethod());
            if (isNative) {
                nativeSamples++;
                nativeTop.merge(top, 1, Integer::sum);
            } else {
                javaSamples++;
                javaTop.merge(top, 1, Integer::sum);
            }
            layer.merge((isNative ? "native  " : "Java    ") + layerFrame(frames), 1, Integer::sum);
        }
        int total = nativeSamples + javaSamples;
        if (total == 0) {
            return title + ": no samples of thread '" + thread + "' in " + recording + "\n";
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format("%s: %d samples of the thread '%s': native %.0f%%, Java %.0f%%%n", title, total, thread,
                100.0 * nativeSamples / total, 100.0 * javaSamples / total));
        append(s, "native methods the samples are in", nativeTop, total, 6);
        append(s, "Java methods on top of the stack", javaTop, total, 10);
        append(s, "the DL4J layer or network method under each sample", layer, total, 12);
        return s.toString();
    }

    private static void append(StringBuilder s, String heading, Map<String, Integer> counts, int total, int limit) {
        s.append("  ").append(heading).append(" (% of all samples):\n");
        for (Map.Entry<String, Integer> e : counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .collect(Collectors.toList())) {
            s.append(String.format("    %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
        }
    }

    /** The innermost frame in a DL4J layer, else in the network or updater, else the top frame. */
    private static String layerFrame(List<RecordedFrame> frames) {
        for (String prefix : List.of("org.deeplearning4j.nn.layers.", "org.deeplearning4j.nn.updater.",
                "org.deeplearning4j.nn.multilayer.", "org.deeplearning4j.optimize.")) {
            for (RecordedFrame f : frames) {
                if (f.getMethod() != null && f.getMethod().getType().getName().startsWith(prefix)) {
                    return name(f.getMethod());
                }
            }
        }
        return "(outside DL4J) " + name(frames.get(0).getMethod());
    }

    private static String name(RecordedMethod m) {
        if (m == null) {
            return "?";
        }
        String type = m.getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + m.getName();
    }
}
