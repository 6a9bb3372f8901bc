package org.dlnotes.distributed;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Spark standalone cluster on this machine: one master and {@code workers} workers, each in its own JVM, all bound
 * to 127.0.0.1. It runs the Spark that set-up copies for notebook 09b (Spark's master and worker are in
 * {@code spark-core}), so a job can be submitted to it exactly as to a cluster of machines
 * ({@link SparkTraining#master(String)}): a driver, executors started by the workers in JVMs of their own, and
 * everything between them over sockets.
 *
 * <pre>{@code
 * try (LoopbackCluster cluster = LoopbackCluster.builder().workers(2).start()) {
 *     SparkResult r = SparkTraining.of(net).master(cluster.masterUrl()).workers(cluster.workers()).fit(train, test);
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops the workers with their executors, then the master, and waits until every process is gone;
 * a failed start stops what had started and reports each process's log.
 */
public final class LoopbackCluster implements AutoCloseable {

    /** Host every process binds to. */
    public static final String HOST = "127.0.0.1";

    private final Path folder;
    private final String masterUrl;
    private final int workers;
    private final int coresPerWorker;
    private final String workerMemory;
    private final double startSeconds;
    private final List<Daemon> daemons;

    private record Daemon(String name, Process process, Path log) {
    }

    private LoopbackCluster(Path folder, String masterUrl, int workers, int coresPerWorker, String workerMemory,
            double startSeconds, List<Daemon> daemons) {
        this.folder = folder;
        this.masterUrl = masterUrl;
        this.workers = workers;
        this.coresPerWorker = coresPerWorker;
        this.workerMemory = workerMemory;
        this.startSeconds = startSeconds;
        this.daemons = daemons;
    }

    /** A builder with the defaults: 2 workers of 1 core and 2 GiB each, 120 s to start. */
    public static Builder builder() {
        return new Builder();
    }

    /** The master's URL, {@code spark://127.0.0.1:PORT}. */
    public String masterUrl() {
        return masterUrl;
    }

    /** The number of workers. */
    public int workers() {
        return workers;
    }

    /** Cores each worker offers. */
    public int coresPerWorker() {
        return coresPerWorker;
    }

    /** Memory each worker offers its executors, e.g. {@code 2g}. */
    public String workerMemory() {
        return workerMemory;
    }

    /** Seconds from the first process's start until every worker had registered with the master. */
    public double startSeconds() {
        return startSeconds;
    }

    /** The master's and the workers' processes and, while a job runs, the executors the workers started. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Daemon d : daemons) {
            all.add(d.process().toHandle());
            d.process().descendants().forEach(all::add);
        }
        return all;
    }

    /** Stops the workers (and their executors), then the master, and deletes the cluster's folder. */
    @Override
    public void close() {
        stop(daemons);
        SparkTraining.deleteQuietly(folder);
    }

    private static void stop(List<Daemon> daemons) {
        List<ProcessHandle> all = new ArrayList<>();
        for (int i = daemons.size() - 1; i >= 0; i--) {   // workers first, the master last
            Process p = daemons.get(i).process();
            p.descendants().forEach(all::add);
            all.add(p.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported by the caller's check of processes(); nothing more to do here
            }
        }
    }

    /**
     * Runs a Spark daemon's {@code main} (the first argument names its class) and ends the JVM, with its shutdown
     * hooks, when the process that started it ends: a killed kernel leaves no master or worker behind, and a worker's
     * hooks stop its executors.
     */
    public static final class ParentWatch {
        private ParentWatch() {
        }

        /** {@code CLASS ARGS...}: watches the parent, then calls {@code CLASS.main(ARGS)}. */
        public static void main(String[] args) throws ReflectiveOperationException {
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(3)));
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) java.util.Arrays.copyOfRange(args, 1, args.length));
        }
    }

    /** Settings of a {@link LoopbackCluster}. */
    public static final class Builder {
        private int workers = 2;
        private int coresPerWorker = 1;
        private String workerMemory = "2g";
        private long startTimeoutSeconds = 120;

        private Builder() {
        }

        /** Workers, each a JVM of its own (default 2). */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, but is " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** Cores each worker offers its executors (default 1). */
        public Builder coresPerWorker(int cores) {
            if (cores < 1) {
                throw new IllegalArgumentException("coresPerWorker must be >= 1, but is " + cores);
            }
            this.coresPerWorker = cores;
            return this;
        }

        /** Memory each worker offers its executors, as for {@code -Xmx} (default {@code 2g}). */
        public Builder workerMemory(String memory) {
            Objects.requireNonNull(memory, "memory");
            if (!memory.matches("\\d+[mMgG]")) {
                throw new IllegalArgumentException("workerMemory must be a size such as 2g or 1536m, but is '"
                        + memory + "'");
            }
            this.workerMemory = memory;
            return this;
        }

        /** Seconds the master and every worker have to come up and register (default 120). */
        public Builder startTimeoutSeconds(long seconds) {
            if (seconds < 1) {
                throw new IllegalArgumentException("startTimeoutSeconds must be >= 1, but is " + seconds);
            }
            this.startTimeoutSeconds = seconds;
            return this;
        }

        /**
         * Starts the master, then the workers, and waits until each has registered.
         *
         * @throws IllegalStateException if Spark is not installed ({@link SparkTraining#howToInstall()}), or a
         *     process exits or does not come up in time (the message holds each process's log); nothing is left
         *     running then
         */
        public LoopbackCluster start() {
            if (!SparkTraining.available()) {
                throw new IllegalStateException(SparkTraining.howToInstall());
            }
            long begin = System.nanoTime();
            long deadline = begin + TimeUnit.SECONDS.toNanos(startTimeoutSeconds);
            Path folder;
            try {
                folder = Files.createTempDirectory("dlnotes-cluster-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a folder for the cluster", e);
            }
            List<Daemon> daemons = new ArrayList<>();
            try {
                Path sparkHome = sparkHome(folder);
                int port = freePort();
                String url = "spark://" + HOST + ":" + port;
                daemons.add(launch("master", folder, sparkHome, List.of("org.apache.spark.deploy.master.Master",
                        "--host", HOST, "--port", Integer.toString(port), "--webui-port", "0")));
                awaitLine(daemons.get(0), "I have been elected leader", deadline, daemons);
                for (int i = 1; i <= workers; i++) {
                    Path work = Files.createDirectories(folder.resolve("worker-" + i));
                    daemons.add(launch("worker-" + i, folder, sparkHome, List.of(
                            "org.apache.spark.deploy.worker.Worker", "--host", HOST, "--cores",
                            Integer.toString(coresPerWorker), "--memory", workerMemory, "--webui-port", "0",
                            "--work-dir", work.toString(), url)));
                }
                for (Daemon worker : daemons.subList(1, daemons.size())) {
                    awaitLine(worker, "Successfully registered with master", deadline, daemons);
                }
                return new LoopbackCluster(folder, url, workers, coresPerWorker, workerMemory,
                        (System.nanoTime() - begin) / 1e9, List.copyOf(daemons));
            } catch (IOException | RuntimeException e) {
                stop(daemons);
                String logs = logs(daemons);
                SparkTraining.deleteQuietly(folder);
                if (e instanceof IllegalStateException) {
                    throw new IllegalStateException(e.getMessage() + logs, e);
                }
                throw new IllegalStateException("the cluster did not start: " + e + logs, e);
            }
        }

        /**
         * A SPARK_HOME for the workers: they start executors with {@code SPARK_HOME/jars/*} as Spark's classpath,
         * which links to set-up's Spark folder (or, without one, to every jar on this JVM's classpath).
         */
        private static Path sparkHome(Path folder) throws IOException {
            Path home = Files.createDirectories(folder.resolve("spark-home"));
            Path jars = home.resolve("jars");
            var spark = SparkTraining.sparkLibrary();
            if (spark.isPresent()) {
                Files.createSymbolicLink(jars, spark.get().folder().toAbsolutePath());
            } else {
                Files.createDirectories(jars);
                for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                    Path jar = Path.of(entry).toAbsolutePath();
                    if (entry.endsWith(".jar") && Files.isRegularFile(jar)
                            && !Files.exists(jars.resolve(jar.getFileName()))) {
                        Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
                    }
                }
            }
            return home;
        }

        private static Daemon launch(String name, Path folder, Path sparkHome, List<String> mainAndArgs)
                throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx512m");
            command.addAll(SparkTraining.JAVA_OPTIONS);
            // the master's and workers' own INFO lines: start-up, registration, executors
            command.add("-Dorg.slf4j.simpleLogger.log.org.apache.spark.deploy=info");
            command.addAll(List.of("-cp", SparkTraining.childClasspath(), ParentWatch.class.getName()));
            command.addAll(mainAndArgs);
            Path log = folder.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("SPARK_HOME", sparkHome.toString());
            builder.environment().put("SPARK_LOCAL_IP", HOST);   // web UIs and every socket on loopback
            builder.environment().put("SPARK_SCALA_VERSION", "2.12");
            return new Daemon(name, builder.start(), log);
        }

        private static void awaitLine(Daemon daemon, String line, long deadline, List<Daemon> all)
                throws IOException {
            while (true) {
                if (Files.readString(daemon.log(), StandardCharsets.UTF_8).contains(line)) {
                    return;
                }
                if (!daemon.process().isAlive()) {
                    throw new IllegalStateException("the cluster did not start: the " + daemon.name()
                            + " exited with status " + daemon.process().exitValue() + " before logging '" + line
                            + "'");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the cluster did not start in time: the " + daemon.name()
                            + " had not logged '" + line + "'");
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the cluster started; it was stopped");
                }
            }
        }

        private static String logs(List<Daemon> daemons) {
            return daemons.stream().map(d -> {
                String text;
                try {
                    List<String> lines = Files.readAllLines(d.log(), StandardCharsets.UTF_8);
                    text = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
                } catch (IOException e) {
                    text = "(no log: " + e.getMessage() + ")";
                }
                return "\n--- " + d.name() + " log (last lines):\n" + text;
            }).collect(Collectors.joining());
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
                return s.getLocalPort();
            }
        }
    }
}
