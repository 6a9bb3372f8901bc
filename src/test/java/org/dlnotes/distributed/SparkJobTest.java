package org.dlnotes.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dlnotes.models.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class SparkJobTest {

    @Test
    void argumentsRoundTrip() {
        SparkJob job = new SparkJob(SparkJob.Approach.GRADIENT_SHARING, "local[2]", 2, 32, 5, 3, Path.of("/m.zip"),
                Path.of("/train.bin"), Path.of("/test.bin"), Path.of("/out"));
        assertEquals(job, SparkJob.parse(job.toArgs().toArray(String[]::new)));
        SparkJob submitted = new SparkJob(SparkJob.Approach.PARAMETER_AVERAGING, null, 4, 16, 10, 1,
                Path.of("m"), Path.of("a"), Path.of("b"), Path.of("o"));
        assertFalse(submitted.toArgs().contains("--master"));
        assertEquals(submitted, SparkJob.parse(submitted.toArgs().toArray(String[]::new)));
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkJob.parse(withApproach("FEDERATED")));
        assertTrue(e.getMessage().contains("FEDERATED"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparkJob.parse(new String[] {"--epochs"}));
        assertTrue(e.getMessage().contains("without a value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparkJob.parse(new String[] {"--colour", "red"}));
        assertTrue(e.getMessage().contains("--colour"), e.getMessage());
        SparkJob ok = new SparkJob(SparkJob.Approach.GRADIENT_SHARING, "local[2]", 2, 32, 5, 3, Path.of("m"),
                Path.of("a"), Path.of("b"), Path.of("o"));
        List<String> args = new ArrayList<>(ok.toArgs());
        args.subList(args.size() - 2, args.size()).clear();   // drop --output and its value
        e = assertThrows(IllegalArgumentException.class, () -> SparkJob.parse(args.toArray(String[]::new)));
        assertTrue(e.getMessage().contains("--output is missing"), e.getMessage());
        List<String> words = new ArrayList<>(ok.toArgs());
        words.set(words.indexOf("--epochs") + 1, "two");
        e = assertThrows(IllegalArgumentException.class, () -> SparkJob.parse(words.toArray(String[]::new)));
        assertTrue(e.getMessage().contains("--epochs must be a whole number, but is 'two'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SparkJob(SparkJob.Approach.GRADIENT_SHARING, null, 0,
                1, 1, 1, Path.of("m"), Path.of("a"), Path.of("b"), Path.of("o")));
    }

    static String[] withApproach(String approach) {
        List<String> args = new ArrayList<>(new SparkJob(SparkJob.Approach.GRADIENT_SHARING, "local[2]", 2, 32, 5, 3,
                Path.of("m"), Path.of("a"), Path.of("b"), Path.of("o")).toArgs());
        args.set(1, approach);
        return args.toArray(String[]::new);
    }

    @Test
    void submitCommandRunsTheSameJobClassOnTheClusterMaster() {
        SparkTraining t = SparkTraining.of(Mlp.builder().inputs(2).output(2, Activation.SOFTMAX,
                LossFunction.MCXENT).build()).workers(3).fastMode(false).epochs(4);
        assertEquals("local[3]", t.job(Path.of("/shared/job")).master());
        t.master("spark://master:7077");
        assertNull(t.job(Path.of("/shared/job")).master(), "spark-submit passes the master, not the job");
        String cmd = t.submitCommand(Path.of("/shared/job"));
        assertEquals(SparkTrainingJob.class.getName(), SparkTraining.JOB_CLASS);
        assertTrue(cmd.startsWith("spark-submit --master spark://master:7077 --deploy-mode client --class "
                + SparkTraining.JOB_CLASS), cmd);
        assertFalse(cmd.contains("local["), cmd);
        assertTrue(cmd.contains("spark.cores.max=3") && cmd.contains("spark.executor.cores=1")
                && cmd.contains("--epochs 4"), cmd);
        // options with spaces stay one shell word
        assertTrue(cmd.contains("'spark.executor.extraJavaOptions=--add-opens=java.base/java.lang=ALL-UNNAMED "), cmd);
        List<String> args = t.submitArguments(Path.of("/shared/job"));
        assertEquals(SparkTraining.JOB_CLASS, args.get(args.indexOf("--class") + 1));
        assertTrue(args.containsAll(List.of("--model", "/shared/job/model.zip")), args.toString());
    }

    @Test
    void masterMustBeAClusterUrlAndSubmitArgumentsNeedOne() {
        SparkTraining t = SparkTraining.of(Mlp.builder().inputs(2).output(2, Activation.SOFTMAX,
                LossFunction.MCXENT).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.master("local[2]"));
        assertTrue(e.getMessage().contains("local mode is the default"), e.getMessage());
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> t.submitArguments(Path.of("/x")));
        assertTrue(none.getMessage().contains("master(url)"), none.getMessage());
    }

    @Test
    void jarFolderSumsItsJars(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("spark-core_2.12-3.1.2.jar"), new byte[1024 * 1024]);
        Files.write(dir.resolve("b.jar"), new byte[512 * 1024]);
        Files.write(dir.resolve("notes.txt"), new byte[100]);
        JarFolder f = JarFolder.of(dir);
        assertEquals(2, f.jars().size());
        assertEquals(1.5, f.mib(), 1e-12);
        assertTrue(f.contains("spark-core_"));
        assertTrue(f.classpathEntry().endsWith("/*"));
        assertThrows(IllegalArgumentException.class, () -> JarFolder.of(dir.resolve("notes.txt")));
    }
}
