package org.dlnotes.privacy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.LabelledData;
import org.dlnotes.metrics.Classification;
import org.dlnotes.train.EpochTraining;
import org.dlnotes.train.History;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Federated averaging (FedAvg; McMahan et al. 2017): the data stay on K clients; each round the server sends its
 * model to a fraction C of the clients, each trains it for E local epochs on its own data with minibatches of B,
 * and the server replaces its parameters by the average of the returned ones, weighted by the clients' example
 * counts. Only parameters travel, never examples. Clients are simulated in this JVM, one after another.
 *
 * <pre>{@code
 * FederatedAveraging.Result r = FederatedAveraging.builder().epochs(20).localEpochs(1).batchSize(32)
 *         .clientFraction(1.0).fit(global, Clients.shards(train, 10, 2, 42), validation);
 * }</pre>
 *
 * <p>Client {@code k}'s minibatches are shuffled with {@code seed + k} and reshuffled every local epoch; each
 * round starts the client's copy from the server's parameters and the server's (unchanging) updater state, so
 * with a stateless optimiser such as {@code Sgd} one client, one local epoch and R rounds is exactly R epochs of
 * ordinary training on that client's batches.
 *
 * <p>A communication round is one epoch of {@link EpochTraining}'s loop, shared with the library's other training
 * classes: {@link #epochs(int)} sets the number of rounds (at most {@value EpochTraining#FAST_MODE_EPOCHS} in fast
 * mode), an interrupt stops training after the current client minibatch with a
 * {@code TrainingInterruptedException}, a NaN or infinite loss with a {@code TrainingDivergedException}, and each
 * round prints one progress line ({@code epoch 3/20  train_loss …}).
 */
public final class FederatedAveraging extends EpochTraining<FederatedAveraging> {

    private int localEpochs = 1;
    private int batchSize = 32;
    private double clientFraction = 1.0;
    private long seed = 42;

    private FederatedAveraging() {
        super(10);
    }

    /** Defaults: 10 rounds, E = 1, B = 32, C = 1 (every client every round), seed 42. */
    public static FederatedAveraging builder() {
        return new FederatedAveraging();
    }

    /**
     * What a run did.
     *
     * @param history one row per round (its {@code epoch}): {@code train_loss} (clients' mean minibatch loss,
     *     weighted by examples), {@code val_loss}, {@code val_accuracy} (with validation data), {@code clients} (how
     *     many took part), {@code seconds}
     * @param examplesPerRound mean number of training examples processed per round, all clients together
     */
    public record Result(History history, double examplesPerRound) {
    }

    /** E: passes over its own data each selected client makes per round. */
    public FederatedAveraging localEpochs(int epochs) {
        this.localEpochs = atLeastOne("localEpochs", epochs);
        return this;
    }

    /** B: local minibatch size. */
    public FederatedAveraging batchSize(int batchSize) {
        this.batchSize = atLeastOne("batchSize", batchSize);
        return this;
    }

    /** C: fraction of clients selected each round (at least one client is always selected). */
    public FederatedAveraging clientFraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("clientFraction must be in (0, 1], but is " + fraction);
        }
        this.clientFraction = fraction;
        return this;
    }

    /** Seed of client selection and of the clients' batch order. */
    public FederatedAveraging seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Runs FedAvg; {@code global} is the server's model and holds the averaged parameters at the end.
     *
     * @param validation evaluated on the server after every round; may be null
     */
    public Result fit(MultiLayerNetwork global, List<LabelledData> clients, LabelledData validation) {
        Objects.requireNonNull(global, "global");
        Objects.requireNonNull(clients, "clients");
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("clients must not be empty");
        }
        List<DataSetIterator> batches = new ArrayList<>();
        for (int k = 0; k < clients.size(); k++) {
            batches.add(Objects.requireNonNull(clients.get(k), "clients[" + k + "]").batches(batchSize, seed + k));
        }
        DataSet validationSet = validation == null ? null : validation.toDataSet();
        int perRound = Math.max(1, (int) Math.round(clientFraction * clients.size()));
        Random selection = new Random(seed);
        long[] examplesTotal = {0};
        History history = runEpochs(run -> {
            List<Integer> chosen = IntStream.range(0, clients.size()).boxed()
                    .collect(java.util.stream.Collectors.toList());
            if (perRound < clients.size()) {
                Collections.shuffle(chosen, selection);
                chosen = chosen.subList(0, perRound);
            }
            INDArray sum = null;
            long weight = 0;
            double lossSum = 0;
            long lossExamples = 0;
            int iteration = 0;
            for (int k : chosen) {
                MultiLayerNetwork local = global.clone();
                DataSetIterator it = batches.get(k);
                for (int e = 0; e < localEpochs; e++) {
                    it.reset();
                    while (it.hasNext()) {
                        DataSet batch = it.next();
                        local.fit(batch);
                        run.checkLoss(++iteration, local.score());
                        lossSum += local.score() * batch.numExamples();
                        lossExamples += batch.numExamples();
                        run.checkInterrupt(iteration);
                    }
                }
                long n = clients.get(k).size();
                INDArray weighted = local.params().mul(n);
                sum = sum == null ? weighted : sum.addi(weighted);
                weight += n;
            }
            examplesTotal[0] += lossExamples;
            global.setParams(sum.divi(weight));
            Map<String, Double> values = new LinkedHashMap<>();
            values.put(History.TRAIN_LOSS, lossSum / lossExamples);
            if (validationSet != null) {
                values.put(History.VAL_LOSS, global.score(validationSet, false));
                values.put("val_accuracy", Classification.accuracy(validationSet.getLabels(),
                        global.output(validationSet.getFeatures(), false)));
            }
            values.put("clients", (double) chosen.size());
            return values;
        });
        return new Result(history, (double) examplesTotal[0] / history.epochs().size());
    }

    private static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, but is " + value);
        }
        return value;
    }
}
