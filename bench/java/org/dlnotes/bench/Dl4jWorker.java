package org.dlnotes.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * The DL4J side of {@code bench/run.py}: a long-lived JVM that prepares one workload at a time and times runs of it
 * on request, so that the coordinator can alternate DL4J and PyTorch repeats under the same machine load.
 *
 * <p>Protocol: one command per line on stdin, one answer line starting with {@code @@ } on stdout (everything else
 * on stdout or stderr is log output):
 * <pre>
 * info                      → @@ {"key": "value", ...}          the backend, its native build, threads, JVM
 * prepare NAME              → @@ ok                             builds model and data, warms up (not timed)
 * run NAME ITERATIONS       → @@ {"seconds": s, "gc_ms": g, ...} times ITERATIONS steps of the prepared workload
 * profile NAME ITERATIONS   → @@ ok                             ND4J op-level timing of ITERATIONS steps (stderr)
 * jfr NAME ITERATIONS FILE  → @@ ok                             a Flight Recording of the steps in FILE, and
 *                                                               its report ({@link JfrProfile}) in FILE.txt
 * chart CSV PNG             → @@ ok                             the ratio chart of a results CSV
 * quit
 * </pre>
 */
public final class Dl4jWorker {

    private final PrintStream answers;
    private final Map<String, Workload> prepared = new LinkedHashMap<>();

    private Dl4jWorker(PrintStream answers) {
        this.answers = answers;
    }

    public static void main(String[] args) throws Exception {
        // Answers go to the real stdout; anything a library prints goes to stderr so it cannot break the protocol.
        PrintStream answers = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);
        new Dl4jWorker(answers).loop();
    }

    private void loop() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            if (w.length == 0 || w[0].isEmpty()) {
                continue;
            }
            try {
                switch (w[0]) {
                    case "info" -> answer(Json.object(info()));
                    case "prepare" -> {
                        prepared.clear();
                        Workload workload = Workloads.create(w[1]);
                        workload.prepare();
                        prepared.put(w[1], workload);
                        answer("ok");
                    }
                    case "run" -> answer(run(workload(w[1]), Integer.parseInt(w[2])));
                    case "profile" -> {
                        profile(workload(w[1]), Integer.parseInt(w[2]));
                        answer("ok");
                    }
                    case "jfr" -> {
                        jfr(w[1], workload(w[1]), Integer.parseInt(w[2]), java.nio.file.Path.of(w[3]));
                        answer("ok");
                    }
                    case "chart" -> {
                        BenchChart.write(java.nio.file.Path.of(w[1]), java.nio.file.Path.of(w[2]));
                        answer("ok");
                    }
                    case "quit" -> {
                        answer("bye");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown command '" + w[0] + "'");
                }
            } catch (Throwable t) {
                t.printStackTrace();
                answer("error " + (t.getClass().getSimpleName() + ": " + t.getMessage()).replace('\n', ' '));
            }
        }
    }

    private Workload workload(String name) {
        Workload w = prepared.get(name);
        if (w == null) {
            throw new IllegalStateException("workload '" + name + "' is not prepared: send 'prepare " + name + "'");
        }
        return w;
    }

    private void answer(String s) {
        answers.println("@@ " + s);
    }

    private static String run(Workload w, int iterations) {
        long gc0 = gcMillis();
        long cpu0 = processCpuNanos();
        long thread0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        w.run(iterations);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seconds", seconds);
        r.put("cpu_seconds", (processCpuNanos() - cpu0) / 1e9);
        r.put("thread_cpu_seconds", (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - thread0) / 1e9);
        r.put("gc_ms", gcMillis() - gc0);
        r.put("check", w.check());
        return Json.object(r);
    }

    /** ND4J's op profiler: per-op counts and times of {@code iterations} steps, printed to stderr. */
    private static void profile(Workload w, int iterations) {
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        OpProfiler.getInstance().reset();
        try {
            w.run(iterations);
        } finally {
            Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
        }
        OpProfiler.getInstance().printOutDashboard();
    }

    /**
     * A JDK Flight Recording of {@code iterations} steps only (the warm-up is not in it), sampling the thread every
     * 2 ms, and its report next to it.
     */
    private static void jfr(String name, Workload w, int iterations, java.nio.file.Path file) throws Exception {
        try (jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"))) {
            r.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(2));
            r.enable("jdk.NativeMethodSample").withPeriod(java.time.Duration.ofMillis(2));
            r.start();
            w.run(iterations);
            r.stop();
            r.dump(file);
        }
        String title = name + ", " + iterations + " steps";
        java.nio.file.Files.writeString(java.nio.file.Path.of(file + ".txt"),
                JfrProfile.report(file, Thread.currentThread().getName(), title));
    }

    /** CPU time of the whole process (all threads, native ones included). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private static Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        java.util.Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        m.put("heap_max_mib", Runtime.getRuntime().maxMemory() >> 20);
        m.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
        m.put("nd4j_build", nativeBuild());
        m.put("blas", env.get("blas.vendor") + " " + loaded("openblas") + ", " + env.get("blas.threads") + " threads");
        m.put("omp_threads", String.valueOf(env.get("omp.threads")));
        m.put("nd4j_max_threads", Nd4j.getEnvironment().maxThreads());
        m.put("nd4j_helpers_allowed", Nd4j.getEnvironment().helpersAllowed());
        m.put("dtype", Nd4j.dataType().toString());
        m.put("OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        m.put("clock_mhz", clockMhz());
        return m;
    }

    private static long clockSink;

    /**
     * The core clock in MHz, measured: a loop whose iterations form one chain of dependent one-cycle integer ops
     * ({@code x = (x ^ (x >>> 7)) + i}: shift, xor, add, 3 cycles per iteration on any x86 core since the 1990s, and
     * nothing the JIT can shorten), timed by this thread's CPU time, so that time spent waiting for a core under
     * load does not count. Best of 12 runs of 0.1 G iterations (after a JIT warm-up): time the hypervisor takes
     * the core away still counts as CPU time, so every run can only read low, never high.
     */
    static double clockMhz() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = 0;
        for (int run = 0; run < 14; run++) {
            long n = run < 2 ? 5_000_000L : 100_000_000L;
            long x = run;
            long c0 = threads.getCurrentThreadCpuTime();
            for (long i = 0; i < n; i++) {
                x = (x ^ (x >>> 7)) + i;
            }
            long c1 = threads.getCurrentThreadCpuTime();
            clockSink ^= x;
            if (run >= 2 && c1 > c0) {
                best = Math.max(best, 3.0 * n / ((c1 - c0) / 1e3));
            }
        }
        return Math.round(best);
    }

    /** The artifact a native library was loaded from, e.g. {@code openblas-0.3.19-1.5.7}. */
    static String loaded(String library) {
        for (String path : Loader.getLoadedLibraries().values()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("/(" + library + "-[0-9][^/]*?)(-linux[^/]*)?\\.jar/")
                    .matcher(String.valueOf(path));
            if (m.find()) {
                return m.group(1);
            }
        }
        return library;
    }

    /** The folder the native library was loaded from names the build, e.g. {@code linux-x86_64-avx2}. */
    static String nativeBuild() {
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            String path = String.valueOf(e.getValue());
            if (path.contains("nd4jcpu") && !path.contains("jnind4jcpu")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("bindings/(linux-x86_64[^/]*)/").matcher(path);
                return m.find() ? m.group(1) : path;
            }
        }
        return "unknown";
    }
}
