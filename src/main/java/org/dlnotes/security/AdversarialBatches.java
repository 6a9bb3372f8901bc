package org.dlnotes.security;

import java.util.Objects;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Adversarial training (Goodfellow et al. 2015; Madry et al. 2018) as a preprocessor of the training batches: in
 * every batch, the first {@code fraction} of the rows (batches are shuffled, so these are random examples) is
 * replaced by adversarial examples against the network's current parameters, the rest stays clean. Any trainer
 * then trains on the mix, e.g. the library's {@code Trainer}:
 *
 * <pre>{@code
 * DataSetIterator batches = train.batches(64, 1);
 * batches.setPreProcessor(AdversarialBatches.of(net, Attack.fgsm(0.2)).fraction(0.5));
 * Trainer.of(net).epochs(3).fit(batches);
 * }</pre>
 *
 * The preprocessor runs wherever the iterator is read, so validate on a separate iterator without it.
 */
public final class AdversarialBatches implements DataSetPreProcessor {

    private static final long serialVersionUID = 1L;

    private final MultiLayerNetwork net;
    private final Attack attack;
    private double fraction = 0.5;

    private AdversarialBatches(MultiLayerNetwork net, Attack attack) {
        this.net = Objects.requireNonNull(net, "net");
        this.attack = Objects.requireNonNull(attack, "attack");
    }

    /** Perturbs half of each batch with {@code attack} against {@code net} (the network being trained). */
    public static AdversarialBatches of(MultiLayerNetwork net, Attack attack) {
        return new AdversarialBatches(net, attack);
    }

    /** Share of each batch replaced by adversarial examples, in (0, 1] (default 0.5); rounded to whole rows. */
    public AdversarialBatches fraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], but is " + fraction);
        }
        this.fraction = fraction;
        return this;
    }

    @Override
    public void preProcess(DataSet batch) {
        INDArray x = batch.getFeatures();
        long k = Math.round(fraction * x.size(0));
        if (k == 0) {
            return;
        }
        INDArray rows = x.get(NDArrayIndex.interval(0, k), NDArrayIndex.all());
        INDArray labels = batch.getLabels().get(NDArrayIndex.interval(0, k), NDArrayIndex.all());
        INDArray mixed = x.dup();
        mixed.get(NDArrayIndex.interval(0, k), NDArrayIndex.all()).assign(attack.perturb(net, rows.dup(), labels.dup()));
        batch.setFeatures(mixed);
    }
}
