package org.dlnotes.serve;

import java.util.Objects;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.models.FeedForwardInference;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the server serves: rows of features in (one example per row), one row of class probabilities per example out.
 * The server calls it from one thread at a time.
 */
@FunctionalInterface
public interface Predictor {

    /** Class probabilities for {@code rows} (examples × features): examples × classes. */
    INDArray output(INDArray rows);

    /** A DL4J network's inference-mode output (dropout off). */
    static Predictor of(MultiLayerNetwork network) {
        Objects.requireNonNull(network, "network");
        return rows -> network.output(rows, false);
    }

    /**
     * The same outputs through {@link FeedForwardInference}, compiled once from the network now (later training of
     * the network does not reach it): one BLAS call per layer instead of DL4J's layer stack.
     *
     * @throws IllegalArgumentException for a layer the lean pass does not support, naming it
     */
    static Predictor lean(MultiLayerNetwork network) {
        Objects.requireNonNull(network, "network");
        FeedForwardInference compiled = FeedForwardInference.of(network);
        return compiled::output;
    }
}
