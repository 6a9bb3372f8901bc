package org.dlnotes.security;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.Datasets;
import org.dlnotes.data.LabelledData;
import org.dlnotes.data.Split;
import org.dlnotes.models.Mlp;
import org.dlnotes.train.Trainer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** The tests' small problem: the 8×8 digits with pixels scaled to [0, 1], and a small trained MLP. */
final class Digits {

    private Digits() {
    }

    /** Digits split 60 / 20 / 20, pixels divided by 16. */
    static Split split() {
        LabelledData raw = Datasets.digits();
        LabelledData scaled = LabelledData.of(raw.name(), raw.features().div(16), raw.labelIndices(), raw.classes(),
                raw.featureNames());
        return scaled.split(0.6, 0.2, 3);
    }

    /** A fresh 64 → 32 → 10 network. */
    static MultiLayerNetwork mlp(long seed) {
        return Mlp.builder().inputs(64).hidden(32).output(10, Activation.SOFTMAX, LossFunction.MCXENT)
                .updater(new Adam(0.01)).seed(seed).build();
    }

    /** {@link #mlp} trained on {@code data} for {@code epochs} epochs. */
    static MultiLayerNetwork trained(LabelledData data, int epochs) {
        MultiLayerNetwork net = mlp(7);
        Trainer.of(net).epochs(epochs).fastMode(false).progressEvery(0).fit(data.batches(32, 1));
        return net;
    }
}
