package org.dlnotes.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The child's watchdog, in a JVM of its own (it halts the JVM it runs in). */
class WatchdogTest {

    /**
     * A JVM that makes progress every 0.1 s for 2 s, then hangs; the watchdog (2 s, so that a loaded machine's pauses
     * do not trip it early) must end it.
     */
    public static void main(String[] args) throws InterruptedException {
        SparkTrainingJob.Watchdog dog = new SparkTrainingJob.Watchdog(2);
        dog.start();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(100);
            dog.progress();
        }
        Thread.sleep(60_000);
        System.out.println("not stopped");
    }

    @Test
    void aStalledChildPrintsItsThreadsAndExitsWithTheStalledStatus() throws Exception {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WatchdogTest.class.getName()))
                .redirectErrorStream(true).start();
        long start = System.nanoTime();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the watchdog ends the JVM");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(SparkTraining.STALLED, p.exitValue(), out);
        assertTrue(out.startsWith(SparkTraining.PROGRESS + "stalled: no progress for 2 s"), out);
        assertTrue(out.contains("\"main\" TIMED_WAITING"), out);
        // sleeps last at least their time: a lower bound that load cannot break
        assertTrue(seconds > 2, "progress kept it alive for 2 s: " + seconds);
    }
}
