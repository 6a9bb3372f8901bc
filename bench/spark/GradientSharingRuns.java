import java.lang.management.ManagementFactory;
import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.Datasets;
import org.dlnotes.data.LabelledData;
import org.dlnotes.distributed.DataParallelResult;
import org.dlnotes.distributed.SparkJob;
import org.dlnotes.distributed.SparkResult;
import org.dlnotes.distributed.SparkTraining;
import org.dlnotes.models.Mlp;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Runs notebook 09b's Spark gradient-sharing job (full size: 4,000 MNIST images, 3 epochs, minibatches of 32, one
 * ND4J thread per op, a 60 s stall limit) RUNS times in a row, each a fresh child JVM with no retry, and counts the
 * runs that finished. Usage, after environment/dlnotes setup:
 *
 * <pre>OMP_WAIT_POLICY=PASSIVE java -cp 'environment/kernel/lib/*' bench/spark/GradientSharingRuns.java 20</pre>
 */
public class GradientSharingRuns {
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        LabelledData train = Datasets.mnistTrain().sample(4000, 3);
        LabelledData test = Datasets.mnistTest().sample(2000, 4);
        MultiLayerNetwork initial = Mlp.builder().inputs(784).hidden(128)
                .output(10, Activation.SOFTMAX, LossFunction.MCXENT).seed(21).build();
        int finished = 0;
        for (int run = 1; run <= runs; run++) {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long start = System.nanoTime();
            String outcome;
            try {
                SparkResult r = SparkTraining.of(initial).approach(SparkJob.Approach.GRADIENT_SHARING).workers(2)
                        .batchSize(32).epochs(3).threadsPerOp(1).stallSeconds(60).timeoutSeconds(600)
                        .fastMode(false).progressTo(line -> { }).fit(train, test);
                finished++;
                outcome = String.format(Locale.ROOT, "finished, test accuracy %.4f",
                        r.history().last().value(DataParallelResult.TEST_ACCURACY));
            } catch (IllegalStateException e) {
                outcome = "FAILED: " + e.getMessage().lines().findFirst().orElse("");
            }
            System.out.printf(Locale.ROOT, "run %2d  load %.2f  %6.1f s  %s%n", run, load,
                    (System.nanoTime() - start) / 1e9, outcome);
        }
        System.out.printf(Locale.ROOT, "%d of %d gradient-sharing runs finished on their only attempt%n", finished,
                runs);
    }
}
