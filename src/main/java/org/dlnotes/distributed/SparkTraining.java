package org.dlnotes.distributed;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dlnotes.data.DataFolder;
import org.dlnotes.data.LabelledData;
import org.dlnotes.train.EpochTraining;
import org.dlnotes.train.History;
import org.dlnotes.train.TrainingInterruptedException;

/**
 * Trains a network with DL4J on Apache Spark, in a child JVM: the kernel's classpath stays free of Spark, the child
 * gets the kernel's jars plus the Spark jars that set-up copies to {@code environment/kernel/spark/}. This is what
 * {@code spark-submit} does on a cluster: it starts a driver JVM with the application's classpath and Spark's. The
 * driver is {@link SparkTrainingJob}; the network and the data go to it as files.
 *
 * <pre>{@code
 * if (SparkTraining.available()) {
 *     SparkResult r = SparkTraining.of(net).approach(SparkJob.Approach.PARAMETER_AVERAGING).workers(2)
 *             .batchSize(32).averagingFrequency(5).epochs(3).fit(train, test);
 *     r.history().table();  r.versions();  r.network();
 * } else {
 *     System.out.println(SparkTraining.howToInstall());
 * }
 * }</pre>
 *
 * <p>Spark 3.1 on Java 17 needs the JDK's internals opened ({@link #JAVA_OPTIONS}, as {@code spark-submit} adds them
 * from Spark 3.3 on), and the Aeron transport of gradient sharing needs a publication timeout above its client
 * timeout. The options {@code epochs} (default 3), {@code fastMode}, {@code progressEvery} and {@code progressTo} are
 * those of the library's shared epoch loop ({@link EpochTraining}): at most {@value EpochTraining#FAST_MODE_EPOCHS}
 * epochs in fast mode; the child runs the same loop ({@link SparkTrainingJob}) and its progress lines, in the shared
 * format, reach {@code progressTo} ({@code progressEvery(0)} silences them; any other {@code k} passes every epoch's
 * line). An interrupt stops the child and ends {@link #fit} with a {@link TrainingInterruptedException} holding the
 * epochs the child finished.
 */
public final class SparkTraining extends EpochTraining<SparkTraining> {

    /** System property naming the folder of Spark jars. */
    public static final String PROPERTY = "dlnotes.spark";
    /** Environment variable naming the folder of Spark jars. */
    public static final String ENV = "DLNOTES_SPARK_LIB";
    /**
     * The driver class, by name: {@link SparkTrainingJob} refers to Spark, which the kernel's classpath does not have,
     * so this class must not load it.
     */
    public static final String JOB_CLASS = "org.dlnotes.distributed.SparkTrainingJob";

    /**
     * System property of the child JVM: seconds without a finished epoch after which it prints its threads and exits
     * (default 240), so that a hung run fails with its threads' stacks instead of waiting for the timeout.
     */
    public static final String STALL_PROPERTY = "dlnotes.spark.stall";

    /** Exit status of a child whose run stalled (see {@link #STALL_PROPERTY}). */
    static final int STALLED = 4;

    /** Prefix of the child's progress lines, which {@link #fit} passes on to the notebook. */
    public static final String PROGRESS = "[spark] ";

    /** System property of the child JVM: ND4J threads per operation (see {@link #threadsPerOp(int)}). */
    public static final String THREADS_PROPERTY = "dlnotes.nd4j.threads";
    /** The Spark folder relative to the repository root, as set-up fills it. */
    public static final String FOLDER = "environment/kernel/spark";

    /** JVM options of the child: Java 17 module openings for Spark 3.1, and Aeron's publication timeout. */
    public static final List<String> JAVA_OPTIONS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            // Aeron 1.39 refuses a publication-unblock timeout (default 15 s) below the 30 s client liveness timeout
            // that DL4J's M2 transport sets.
            "-Daeron.publication.unblock.timeout=60000000000",
            "-Djava.awt.headless=true",
            // Spark's INFO chatter and its warning about large tasks (the minibatches travel inside the tasks).
            "-Dorg.slf4j.simpleLogger.log.org.apache.spark=error",
            "-Dorg.slf4j.simpleLogger.log.org.apache.hadoop=error");

    private final MultiLayerNetwork net;
    private SparkJob.Approach approach = SparkJob.Approach.PARAMETER_AVERAGING;
    private int workers = 2;
    private String master;
    private int batchSize = 32;
    private int averagingFrequency = 5;
    private String memory = "2g";
    private long timeoutSeconds = 600;
    private int threadsPerOp;
    private long stallSeconds = 240;

    private SparkTraining(MultiLayerNetwork net) {
        super(3);
        this.net = net;
    }

    /** Trains a copy of {@code net} (left untouched); the result holds the trained copy. */
    public static SparkTraining of(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        if (net.params() == null) {
            throw new IllegalArgumentException("net must be initialised (call net.init()), but has no parameters");
        }
        return new SparkTraining(net);
    }

    /** Parameter averaging (default) or gradient sharing. */
    public SparkTraining approach(SparkJob.Approach approach) {
        this.approach = Objects.requireNonNull(approach, "approach");
        return this;
    }

    /**
     * Trains on a Spark cluster instead of in local mode: the job is submitted to {@code url} (e.g.
     * {@code spark://host:7077}, or a {@link LoopbackCluster}'s URL) through {@code spark-submit}'s own entry point,
     * in client mode: the driver runs in the child JVM, {@link #workers(int)} executors of one core each on the
     * cluster's workers. {@link SparkResult#command()} is the {@code spark-submit} command that ran.
     */
    public SparkTraining master(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.matches("[a-z0-9]+://.+|yarn")) {
            throw new IllegalArgumentException("master must be a cluster URL such as spark://host:7077 (local mode "
                    + "is the default without master(...)), but is '" + url + "'");
        }
        this.master = url;
        return this;
    }

    /** Local worker threads ({@code local[workers]}) or, on a cluster, executors; and data partitions (default 2). */
    public SparkTraining workers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, but is " + workers);
        }
        this.workers = workers;
        return this;
    }

    /** Examples per minibatch on each worker (default 32). */
    public SparkTraining batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, but is " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** Minibatches between two averagings (default 5; parameter averaging only). */
    public SparkTraining averagingFrequency(int minibatches) {
        if (minibatches < 1) {
            throw new IllegalArgumentException("averagingFrequency must be >= 1, but is " + minibatches);
        }
        this.averagingFrequency = minibatches;
        return this;
    }

    /**
     * ND4J threads per operation in the child JVM (0, the default, keeps ND4J's one per core); set through
     * {@code OMP_NUM_THREADS} and {@value #THREADS_PROPERTY}.
     */
    public SparkTraining threadsPerOp(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threadsPerOp must be >= 0 (0 keeps ND4J's setting), but is " + threads);
        }
        this.threadsPerOp = threads;
        return this;
    }

    /**
     * Seconds without progress (a Spark task started or ended, an executor added, an epoch finished), counted once
     * Spark is up, after which the child prints its threads' stacks and the run fails (default 240); start-up is
     * bounded by {@link #timeoutSeconds}. There is no retry: a stall is a
     * fault to see, not to hide.
     */
    public SparkTraining stallSeconds(long seconds) {
        if (seconds < 10) {
            throw new IllegalArgumentException("stallSeconds must be >= 10, but is " + seconds);
        }
        this.stallSeconds = seconds;
        return this;
    }

    /** Heap of the child JVM, as for {@code -Xmx} (default {@code 2g}). */
    public SparkTraining memory(String heap) {
        Objects.requireNonNull(heap, "heap");
        if (!heap.matches("\\d+[mMgG]")) {
            throw new IllegalArgumentException("heap must be a size such as 2g or 1536m, but is '" + heap + "'");
        }
        this.memory = heap;
        return this;
    }

    /** The child is stopped after this many seconds (default 600). */
    public SparkTraining timeoutSeconds(long seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("timeoutSeconds must be >= 1, but is " + seconds);
        }
        this.timeoutSeconds = seconds;
        return this;
    }

    /**
     * The Spark jars copied by set-up, from the folder named by the system property {@value #PROPERTY} (which set-up
     * puts in the kernel's JVM flags) or the environment variable {@value #ENV}; empty if neither is set or the folder
     * holds no {@code spark-core}.
     */
    public static Optional<JarFolder> sparkLibrary() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        if (configured == null || configured.isBlank() || !Files.isDirectory(Path.of(configured))) {
            return Optional.empty();
        }
        return Optional.of(JarFolder.of(Path.of(configured))).filter(f -> f.contains("spark-core_"));
    }

    /** The folder of jars this library was loaded from (the kernel's classpath), if it was loaded from a jar. */
    public static Optional<JarFolder> kernelLibrary() {
        try {
            Path source = Path.of(SparkTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(source) ? Optional.of(JarFolder.of(source.getParent())) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Whether a child JVM would find Spark: set-up's Spark folder exists, or Spark is on this JVM's classpath. */
    public static boolean available() {
        return sparkLibrary().isPresent() || sparkOnClasspath();
    }

    private static boolean sparkOnClasspath() {
        ClassLoader loader = SparkTraining.class.getClassLoader();
        return loader != null && loader.getResource("org/apache/spark/SparkConf.class") != null;
    }

    /** What to run to get the Spark jars. */
    public static String howToInstall() {
        return "Spark is not installed for the notebooks: run environment/dlnotes setup (without DLNOTES_SPARK=0); it "
                + "copies Spark " + "and DL4J's Spark modules (the provided-scope dependencies of pom.xml) to " + FOLDER
                + " and names that folder in the kernel's JVM flags (-D" + PROPERTY + "). Or point -D" + PROPERTY + " / " + ENV
                + " at a folder with those jars.";
    }

    /** The classpath of the child JVM: the kernel's jars (or this JVM's classpath), then the Spark jars. */
    public static String childClasspath() {
        List<String> parts = new ArrayList<>();
        Optional<JarFolder> kernel = kernelLibrary();
        parts.add(kernel.isPresent() ? kernel.get().classpathEntry() : System.getProperty("java.class.path"));
        sparkLibrary().ifPresent(s -> parts.add(s.classpathEntry()));
        return String.join(File.pathSeparator, parts);
    }

    /**
     * The arguments of {@code spark-submit} that run this job on the cluster set by {@link #master(String)}, with the
     * network and data in {@code folder} as {@link #fit} writes them. The application jar is the kernel's
     * {@code dlnotes.jar}; the executors find DL4J and this library on {@code spark.executor.extraClassPath}, the
     * kernel's library folder, which must exist at the same path on every worker (see environment/README.md).
     *
     * @throws IllegalStateException if no cluster master is set
     */
    public List<String> submitArguments(Path folder) {
        Objects.requireNonNull(folder, "folder");
        if (master == null) {
            throw new IllegalStateException("submitArguments needs a cluster: call master(url) first");
        }
        String library = kernelLibrary().map(JarFolder::classpathEntry).orElse(System.getProperty("java.class.path"));
        String applicationJar = kernelLibrary().map(k -> k.folder().resolve("dlnotes.jar"))
                .filter(Files::isRegularFile).map(Path::toString)
                .orElse("spark-internal");   // the library's own tests: the job class is on the driver's classpath
        String executorOptions = String.join(" ", JAVA_OPTIONS) + " -Daeron.dir.delete.on.shutdown=true"
                + (threadsPerOp > 0 ? " -D" + THREADS_PROPERTY + "=" + threadsPerOp : "");
        List<String> args = new ArrayList<>(List.of("--master", master, "--deploy-mode", "client",
                "--class", JOB_CLASS, "--driver-class-path", library,
                "--conf", "spark.driver.extraJavaOptions=" + String.join(" ", JAVA_OPTIONS),
                "--conf", "spark.executor.extraJavaOptions=" + executorOptions,
                "--conf", "spark.executor.extraClassPath=" + library,
                "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=" + workers,
                "--conf", "spark.executor.memory=" + memory,
                // the first epoch waits for every executor (up to a minute) rather than starting on fewer
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=60s"));
        if (threadsPerOp > 0) {
            args.addAll(List.of("--conf", "spark.executorEnv.OMP_NUM_THREADS=" + threadsPerOp));
        }
        args.add(applicationJar);
        args.addAll(job(folder).toArgs());
        return args;
    }

    /** {@link #submitArguments(Path)} as one shell command line, {@code spark-submit ...}, quoted for a POSIX shell. */
    public String submitCommand(Path folder) {
        return "spark-submit " + submitArguments(folder).stream()
                .map(a -> a.matches("[\\w@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }

    /** The job this configuration would run, with its files in {@code folder}. */
    public SparkJob job(Path folder) {
        return new SparkJob(approach, master == null ? "local[" + workers + "]" : null, workers, batchSize,
                averagingFrequency,
                plannedEpochs(), folder.resolve("model.zip"), folder.resolve("train.bin"), folder.resolve("test.bin"),
                folder.resolve("output"));
    }

    /**
     * Saves the network and the data, runs {@link SparkTrainingJob} in a child JVM and reads its results.
     *
     * @throws IllegalStateException if Spark is not available ({@link #howToInstall()}), or the child fails or
     *     runs past the timeout (the message holds its last output lines)
     * @throws TrainingInterruptedException when the thread is interrupted: the child JVM is stopped
     */
    public SparkResult fit(LabelledData train, LabelledData test) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (Thread.currentThread().isInterrupted()) {
            throw new TrainingInterruptedException(1, 0, new History(List.of()));
        }
        if (!available()) {
            throw new IllegalStateException(howToInstall());
        }
        Path folder;
        try {
            folder = Files.createTempDirectory("dlnotes-spark-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the Spark job", e);
        }
        try {
            SparkJob job = job(folder);
            ModelSerializer.writeModel(net, job.model().toFile(), true);
            train.toDataSet().save(job.train().toFile());
            test.toDataSet().save(job.test().toFile());
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx" + memory);
            command.addAll(JAVA_OPTIONS);
            command.add("-D" + DataFolder.PROPERTY + "=" + DataFolder.locate().dir());
            // Aeron's media driver (gradient sharing) would leave a folder per run in /dev/shm; keep it in ours.
            command.add("-Daeron.dir=" + folder.resolve("aeron"));
            command.add("-Daeron.dir.delete.on.shutdown=true");
            if (threadsPerOp > 0) {
                command.add("-D" + THREADS_PROPERTY + "=" + threadsPerOp);
            }
            command.add("-D" + STALL_PROPERTY + "=" + stallSeconds);
            command.addAll(List.of("-cp", childClasspath()));
            String submitted = "";
            if (master == null) {
                command.add(JOB_CLASS);
                command.addAll(job.toArgs());
            } else {
                command.add("org.apache.spark.deploy.SparkSubmit");   // spark-submit's entry point
                command.addAll(submitArguments(folder));
                submitted = submitCommand(folder);
            }
            long start = System.nanoTime();
            List<String> tail = runChild(command, folder.resolve("child.log"), threadsPerOp, job);
            double total = (System.nanoTime() - start) / 1e9;
            History history = History.parseCsv(Files.readString(job.output().resolve(SparkTrainingJob.HISTORY)));
            Properties run = new Properties();
            try (var in = Files.newInputStream(job.output().resolve("run.properties"))) {
                run.load(in);
            }
            MultiLayerNetwork trained = ModelSerializer.restoreMultiLayerNetwork(
                    job.output().resolve("model.zip").toFile(), true);
            double startup = Double.parseDouble(run.getProperty("startup_seconds"));
            Map<String, String> versions = run.stringPropertyNames().stream()
                    .filter(k -> !k.equals("startup_seconds") && !k.equals("executors"))
                    .collect(Collectors.toMap(k -> k, run::getProperty));
            List<String> executors = List.of(run.getProperty("executors", "").split(",")).stream()
                    .filter(e -> !e.isEmpty()).toList();
            return new SparkResult(job, history, startup, total, versions, executors, submitted, trained, tail);
        } catch (IOException e) {
            throw new UncheckedIOException("the Spark job's files in " + folder + " could not be written or read", e);
        } finally {
            deleteQuietly(folder);
        }
    }

    private List<String> runChild(List<String> command, Path logFile, int threads, SparkJob job) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        if (threads > 0) {
            builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        }
        Process process = builder.start();
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); Writer log = Files.newBufferedWriter(logFile)) {
                String line;
                while ((line = in.readLine()) != null) {
                    log.write(line);
                    log.write('\n');
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 60) {
                            tail.removeFirst();
                        }
                    }
                    if (line.startsWith(PROGRESS)) {
                        report(line.substring(PROGRESS.length()));
                    }
                }
            } catch (IOException e) {
                synchronized (tail) {
                    tail.addLast("(reading the child's output failed: " + e + ")");
                }
            }
        }, "spark-child-output");
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            History done = finishedEpochs(job);
            throw new TrainingInterruptedException(done.epochs().size() + 1, 0, done);
        }
        if (!finished) {
            stop(process);
        }
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> lines;
        synchronized (tail) {
            lines = List.copyOf(tail);
        }
        String problem = !finished ? "did not finish within " + timeoutSeconds + " s and was stopped"
                : process.exitValue() == STALLED ? "stalled: no Spark task started or ended and no epoch finished for " + stallSeconds + " s (the child"
                        + " printed its threads' stacks and exited)"
                : process.exitValue() != 0 ? "failed with exit status " + process.exitValue() : null;
        if (problem != null) {
            throw new IllegalStateException("the Spark job " + problem + "; its whole output is kept in "
                    + keep(logFile) + "; its last lines:\n" + String.join("\n", lines));
        }
        return lines;
    }

    /** The epochs the child finished, from the history it writes after each one; none if it wrote none. */
    private static History finishedEpochs(SparkJob job) {
        try {
            return History.parseCsv(Files.readString(job.output().resolve(SparkTrainingJob.HISTORY)));
        } catch (IOException | RuntimeException e) {
            return new History(List.of());
        }
    }

    /** Copies the child's log out of the job's folder (deleted after the run) for the user to read. */
    private static String keep(Path logFile) {
        try {
            Path kept = Files.createTempFile("dlnotes-spark-", ".log");
            Files.copy(logFile, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return kept.toString();
        } catch (IOException e) {
            return "(nowhere: copying " + logFile + " failed: " + e.getMessage() + ")";
        }
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes a folder and everything in it, ignoring failures: a leftover temporary folder is harmless. */
    static void deleteQuietly(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
