package org.dlnotes.security;

import java.util.Objects;
import java.util.function.Supplier;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.Batches;
import org.dlnotes.data.LabelledData;
import org.dlnotes.metrics.Classification;
import org.dlnotes.train.EpochTraining;
import org.dlnotes.train.History;
import org.dlnotes.train.Trainer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Model extraction ("model stealing", Tramèr et al. 2016): an attacker who can only query a served model sends it
 * inputs of their own (no labels needed), keeps the answers, and trains a copy of their own design on them. What the
 * service returns decides how much each query teaches: the full probability vector (soft targets, as in
 * distillation) or only the top label (one-hot).
 *
 * <pre>{@code
 * Extraction.Result r = Extraction.of(victim).answers(Extraction.Answers.TOP_LABEL)
 *         .copy(() -> Mlp.builder().inputs(784).hidden(128).output(10, Activation.SOFTMAX, LossFunction.MCXENT)
 *                 .seed(1).build())
 *         .epochs(10).steal(attackerImages, test);
 * r.agreement();   // share of test inputs where copy and victim predict the same class
 * }</pre>
 *
 * The copy trains with the library's {@link Trainer}, so the epoch options ({@link #epochs(int)}, fast mode,
 * progress) are {@link EpochTraining}'s.
 */
public final class Extraction extends EpochTraining<Extraction> {

    /** What the victim returns per query. */
    public enum Answers {
        /** The whole softmax output. */
        PROBABILITIES,
        /** Only the most probable class. */
        TOP_LABEL
    }

    private final MultiLayerNetwork victim;
    private Answers answers = Answers.PROBABILITIES;
    private Supplier<MultiLayerNetwork> copy;
    private int batchSize = 32;
    private long seed = 1;

    private Extraction(MultiLayerNetwork victim) {
        super(10);
        this.victim = Objects.requireNonNull(victim, "victim");
        progressEvery(0);
    }

    /** An extraction attack on {@code victim}: probabilities returned, 10 epochs, batches of 32, no progress lines. */
    public static Extraction of(MultiLayerNetwork victim) {
        return new Extraction(victim);
    }

    /** What the victim returns (default {@link Answers#PROBABILITIES}). */
    public Extraction answers(Answers answers) {
        this.answers = Objects.requireNonNull(answers, "answers");
        return this;
    }

    /** Builds the attacker's fresh, untrained copy network (called once per {@link #steal}); required. */
    public Extraction copy(Supplier<MultiLayerNetwork> factory) {
        this.copy = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /** Mini-batch size of the copy's training (default 32). */
    public Extraction batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, but is " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** Seed of the batch order. */
    public Extraction seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * The victim's answer to every row of {@code queries}, as this attack receives it: probabilities, or the top
     * label one-hot.
     */
    public INDArray query(INDArray queries) {
        Objects.requireNonNull(queries, "queries");
        INDArray probabilities = victim.output(queries, false);
        if (answers == Answers.PROBABILITIES) {
            return probabilities;
        }
        INDArray oneHot = Nd4j.zeros(probabilities.dataType(), probabilities.shape());
        int[] top = probabilities.argMax(1).toIntVector();
        for (int i = 0; i < top.length; i++) {
            oneHot.putScalar(i, top[i], 1);
        }
        return oneHot;
    }

    /**
     * Queries the victim once per row of {@code queries}, trains a fresh copy on the answers, and compares copy and
     * victim on {@code test} (whose labels the attacker never sees during training).
     *
     * @throws IllegalStateException if no {@link #copy} factory was set
     */
    public Result steal(INDArray queries, LabelledData test) {
        Objects.requireNonNull(test, "test");
        if (copy == null) {
            throw new IllegalStateException("set the attacker's network with copy(() -> ...) before steal");
        }
        if (queries.size(0) < 1) {
            throw new IllegalArgumentException("queries must have at least one row, but has none");
        }
        MultiLayerNetwork stolen = copy.get();
        Trainer trainer = copySettingsTo(Trainer.of(stolen));
        History history = trainer.fit(Batches.shuffled(new DataSet(queries, query(queries)), batchSize, seed))
                .history();
        INDArray victimOut = victim.output(test.features(), false);
        INDArray copyOut = stolen.output(test.features(), false);
        int[] victimTop = victimOut.argMax(1).toIntVector();
        int[] copyTop = copyOut.argMax(1).toIntVector();
        return new Result(answers, (int) queries.size(0), Classification.accuracy(victimTop, copyTop),
                Classification.accuracy(test.labels(), copyOut), Classification.accuracy(test.labels(), victimOut),
                stolen, history);
    }

    /**
     * One extraction.
     *
     * @param answers what the victim returned
     * @param queries how many queries the attacker sent
     * @param agreement share of test inputs on which copy and victim predict the same class
     * @param testAccuracy the copy's accuracy on the test labels
     * @param victimAccuracy the victim's accuracy on the same test set
     * @param copy the trained copy
     * @param history the copy's training history
     */
    public record Result(Answers answers, int queries, double agreement, double testAccuracy, double victimAccuracy,
                         MultiLayerNetwork copy, History history) {
    }
}
