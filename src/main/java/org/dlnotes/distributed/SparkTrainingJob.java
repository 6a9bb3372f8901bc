package org.dlnotes.distributed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.repartitioner.EqualRepartitioner;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.deeplearning4j.util.ModelSerializer;
import org.dlnotes.efficiency.Nd4jThreads;
import org.dlnotes.efficiency.Timed;
import org.dlnotes.efficiency.Timing;
import org.dlnotes.metrics.Classification;
import org.dlnotes.train.EpochLoop;
import org.dlnotes.train.History;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/**
 * The Spark driver program: trains a saved network on saved data with DL4J's Spark integration
 * ({@link SparkDl4jMultiLayer} with a parameter-averaging or gradient-sharing training master) and writes per-epoch
 * times and test accuracy, the trained network and the versions it ran on into the job's output folder. It needs
 * Spark on the classpath; {@link SparkTraining} starts it in a child JVM with one. On a cluster the same class is
 * submitted with {@code spark-submit --class org.dlnotes.distributed.SparkTrainingJob} and the same arguments
 * ({@link SparkJob#toArgs()}) minus {@code --master}. Its epochs run in the library's shared loop ({@link EpochLoop},
 * the job's epochs as given, fast mode already applied by the caller); each epoch's progress line is printed after
 * {@link SparkTraining#PROGRESS}, for the parent to pass on, and the history so far is written to {@value #HISTORY} before it.
 */
public final class SparkTrainingJob {

    /** The file in the job's output folder that holds the finished epochs' history (CSV, {@link History#toCsv()}). */
    static final String HISTORY = "history.csv";

    private SparkTrainingJob() {
    }

    /** Entry point: {@code SparkJob.parse(args)}, train, write the results, exit 0 (1 on an error). */
    public static void main(String[] args) {
        // If the JVM that started this one goes away (a killed kernel), do not live on as an orphan.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime()
                .halt(3)));
        int status = 0;
        try {
            run(SparkJob.parse(args));
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            status = 1;
        }
        System.out.flush();
        // Spark and Aeron may leave non-daemon threads behind; the results are written, so leave now.
        System.exit(status);
    }

    /**
     * Halts the JVM with {@link SparkTraining#STALLED} after printing every thread's stack when {@link #progress()} has not been
     * called for {@code seconds}: DL4J M2's gradient sharing can wait forever in a task that never ends.
     */
    static final class Watchdog extends Thread {
        private final long millis;
        private volatile long last = System.currentTimeMillis();

        Watchdog(long seconds) {
            super("dlnotes-spark-watchdog");
            this.millis = seconds * 1000;
            setDaemon(true);
        }

        void progress() {
            last = System.currentTimeMillis();
        }

        @Override
        public void run() {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                if (System.currentTimeMillis() - last > millis) {
                    StringBuilder dump = new StringBuilder(SparkTraining.PROGRESS + "stalled: no progress for "
                            + millis / 1000 + " s; threads:\n");
                    Thread.getAllStackTraces().forEach((t, stack) -> {
                        dump.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
                        for (int i = 0; i < Math.min(stack.length, 40); i++) {
                            dump.append("    at ").append(stack[i]).append('\n');
                        }
                    });
                    System.out.print(dump);
                    System.out.flush();
                    Runtime.getRuntime().halt(SparkTraining.STALLED);
                }
            }
        }
    }

    static void run(SparkJob job) throws IOException {
        int threads = Integer.getInteger(SparkTraining.THREADS_PROPERTY, 0);
        if (threads > 0) {
            Nd4jThreads.limit(threads);   // for the whole run of this JVM
        }
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(job.model().toFile(), true);
        DataSet train = new DataSet();
        train.load(job.train().toFile());
        DataSet test = new DataSet();
        test.load(job.test().toFile());
        List<DataSet> batches = train.batchBy(job.batchSize());

        SparkConf conf = new SparkConf().setAppName("dlnotes " + job.approach()).set("spark.ui.enabled", "false");
        if (job.master() != null) {
            conf.setMaster(job.master());
        }
        String master = conf.get("spark.master", "local[*]");
        if (master.startsWith("local") || master.matches("spark://(127\\.0\\.0\\.1|localhost)(:\\d+)?")) {
            // on this machine only: the driver listens on loopback, not on every interface
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (job.approach() == SparkJob.Approach.GRADIENT_SHARING) {
            conf.set("spark.task.cpus", Integer.toString(executorCores(conf.get("spark.master", "local[*]"),
                    conf.get("spark.executor.cores", null))));
        }
        Files.createDirectories(job.output());
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            double startup = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
            // not cached here: the training master persists the RDD at its own storage level
            JavaRDD<DataSet> rdd = sc.parallelize(batches, job.workers());
            SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, net,
                    trainingMaster(job, sc.getConf().get("spark.driver.host")));
            // armed once Spark is up, and fed by every task and executor event as well as every epoch: the stall it
            // guards against is a training task that never ends, while on a loaded machine executors and tasks may
            // legitimately take longer than the limit to start (start-up is bounded by the parent's time limit)
            Watchdog watchdog = new Watchdog(Long.getLong(SparkTraining.STALL_PROPERTY, 240));
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskStart(SparkListenerTaskStart event) {
                    watchdog.progress();
                }

                @Override
                public void onTaskEnd(SparkListenerTaskEnd event) {
                    watchdog.progress();
                }

                @Override
                public void onExecutorAdded(SparkListenerExecutorAdded event) {
                    watchdog.progress();
                }
            });
            watchdog.start();
            System.out.println(SparkTraining.PROGRESS + String.format(Locale.ROOT, "Spark %s (%s) up after %.1f s: %d minibatches "
                    + "of %d in %d partitions, %s", sc.version(), sc.master(), startup, batches.size(),
                    job.batchSize(), rdd.getNumPartitions(), job.approach()));
            Path historyFile = job.output().resolve(HISTORY);
            new EpochLoop().epochs(job.epochs()).fastMode(false)
                    .afterEachEpoch(soFar -> write(historyFile, soFar))
                    .progressTo(line -> System.out.println(SparkTraining.PROGRESS + line)).run(run -> {
                Timed<Void> t = Timing.measure(() -> {
                    sparkNet.fit(rdd);
                });
                MultiLayerNetwork trained = sparkNet.getNetwork();
                double accuracy = Classification.accuracy(test.getLabels(),
                        trained.output(test.getFeatures()).castTo(DataType.FLOAT));
                Map<String, Double> values = new LinkedHashMap<>();
                values.put(History.SECONDS, t.wallSeconds());
                values.put(DataParallelResult.CPU_SECONDS, t.cpuSeconds());
                values.put(DataParallelResult.CORES, t.cores());
                values.put(DataParallelResult.TEST_ACCURACY, accuracy);
                watchdog.progress();
                return values;
            });
            ModelSerializer.writeModel(sparkNet.getNetwork(), job.output().resolve("model.zip").toFile(), true);
            Properties info = versions();
            info.setProperty("spark", sc.version());
            info.setProperty("startup_seconds", Double.toString(startup));
            info.setProperty("nd4j_threads_per_op", Integer.toString(Nd4jThreads.current()));
            info.setProperty("executors", executors(sc));
            try (OutputStream out = Files.newOutputStream(job.output().resolve("run.properties"))) {
                info.store(out, "dlnotes Spark job");
            }
        }
    }

    /** Writes {@code history} as CSV, replacing the file in one step so that a reader never sees half of it. */
    private static void write(Path file, History history) {
        try {
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(partial, history.toCsv());
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The cores of one executor, which gradient sharing takes as {@code spark.task.cpus} so that each executor runs one
     * training task at a time. DL4J's {@code SharedTrainingWrapper} (one per JVM) makes the first task that reaches it
     * the trainer; a task that reaches it while the trainer is finishing its epoch registers its data after the
     * trainer stopped reading and then waits in {@code BlockingObserver.waitTillDone} for a trainer that never comes:
     * the epoch never ends (DL4J 1.0.0-M2 to the current source). The tasks of one executor feed one training thread
     * ({@code workersPerNode(1)}), so running them one after another costs no parallelism.
     *
     * @param master the master URL
     * @param executorCores the setting {@code spark.executor.cores}, {@code null} if unset
     * @throws IllegalArgumentException on a cluster master without {@code spark.executor.cores}
     */
    static int executorCores(String master, String executorCores) {
        java.util.regex.Matcher local = java.util.regex.Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\d+)?])?")
                .matcher(master);
        if (local.matches()) {
            String threads = local.group(1);
            return threads == null ? 1 : threads.equals("*") ? Runtime.getRuntime().availableProcessors()
                    : Integer.parseInt(threads);
        }
        if (executorCores == null) {
            throw new IllegalArgumentException("gradient sharing on " + master + " needs spark.executor.cores (each "
                    + "executor then runs one training task at a time): add --conf spark.executor.cores=N to "
                    + "spark-submit");
        }
        return Integer.parseInt(executorCores.trim());
    }

    /** The executors' ids from Spark's own status ({@code driver} alone in local mode). */
    private static String executors(JavaSparkContext sc) {
        List<String> ids = scala.collection.JavaConverters.seqAsJavaList(sc.sc().getExecutorIds());
        return ids.isEmpty() ? "driver" : String.join(",", new java.util.TreeSet<>(ids));
    }

    static TrainingMaster<?, ?> trainingMaster(SparkJob job, String driverHost) throws IOException {
        if (job.approach() == SparkJob.Approach.PARAMETER_AVERAGING) {
            return new ParameterAveragingTrainingMaster.Builder(job.batchSize())
                    .batchSizePerWorker(job.batchSize())
                    .averagingFrequency(job.averagingFrequency())
                    .workerPrefetchNumBatches(2)
                    // DL4J's default (Repartition.Always, Balanced) counts every split's partitions in a Spark job of
                    // its own and shuffles the split when they differ by one element: two extra stages per averaging.
                    // The data arrive in one partition per worker, and randomSplit keeps that, so nothing to balance.
                    .repartionData(Repartition.NumPartitionsWorkersDiffers)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .build();
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DriverPort.driverJvm = true;
        VoidConfiguration voidConfiguration = VoidConfiguration.builder()
                .portSupplier(new DriverPort(port))
                .controllerAddress(driverHost)
                .build();
        return new SharedTrainingMaster.Builder(voidConfiguration, job.batchSize())
                .batchSizePerWorker(job.batchSize())
                // One training thread per JVM: all local[n] tasks share this JVM's SharedTrainingWrapper, and with
                // workersPerNode(2) DL4J M2's second fit() waited forever in ParallelWrapper.fit
                // (DefaultTrainer.waitTillRunning, seen in a thread dump). On a cluster each executor has its own.
                .workersPerNode(1)
                .thresholdAlgorithm(new AdaptiveThresholdAlgorithm(1e-3))
                // One partition per executor core, trained one after another (executorCores). DL4J's default
                // repartitioner made one minibatch per task here, and each task ends by resetting the encoder's
                // residual (the update below the threshold, not yet sent), which cost accuracy.
                .repartitioner(new EqualRepartitioner())
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .build();
    }

    /**
     * Aeron's UDP port for gradient sharing: the controller's port in the driver's JVM, and a free port chosen once
     * per executor JVM elsewhere. DL4J's default, one static port for every JVM, makes executors that share a host (a
     * {@link LoopbackCluster}, or several executors per machine) all bind the driver's port: their updates never
     * reached the driver, whose network stayed at chance accuracy.
     */
    static final class DriverPort implements org.nd4j.parameterserver.distributed.v2.transport.PortSupplier {
        private static final long serialVersionUID = 1L;
        /** Set in the driver's JVM before training starts. */
        static volatile boolean driverJvm;
        private static int executorPort;
        private final int driver;

        DriverPort(int driver) {
            this.driver = driver;
        }

        @Override
        public int getPort() {
            if (driverJvm) {
                return driver;
            }
            synchronized (DriverPort.class) {
                if (executorPort == 0) {
                    try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
                        executorPort = s.getLocalPort();
                    } catch (java.net.SocketException e) {
                        throw new java.io.UncheckedIOException("no free UDP port for gradient sharing", e);
                    }
                }
                return executorPort;
            }
        }
    }

    /** Versions of the libraries on this classpath, from their Maven metadata. */
    static Properties versions() {
        Properties p = new Properties();
        p.setProperty("java", System.getProperty("java.version"));
        p.setProperty("scala", scala.util.Properties.versionNumberString());
        Map<String, String> artifacts = Map.of(
                "dl4j_spark", "org.deeplearning4j/dl4j-spark_2.12",
                "dl4j_spark_parameterserver", "org.deeplearning4j/dl4j-spark-parameterserver_2.12",
                "deeplearning4j_nn", "org.deeplearning4j/deeplearning4j-nn",
                "nd4j_api", "org.nd4j/nd4j-api",
                "nd4j_parameter_server_node", "org.nd4j/nd4j-parameter-server-node_2.12");
        artifacts.forEach((key, artifact) -> p.setProperty(key, mavenVersion(artifact)));
        return p;
    }

    private static String mavenVersion(String artifact) {
        try (InputStream in = SparkTrainingJob.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/" + artifact + "/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties pom = new Properties();
            pom.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return pom.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
