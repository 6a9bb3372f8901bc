package org.dlnotes.models;

import java.util.Objects;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Checks that an output activation and a loss belong together, before a network is built. Cross-entropy losses
 * need probabilities: binary cross-entropy ({@code XENT}) needs outputs in (0, 1), i.e. {@code SIGMOID};
 * multi-class cross-entropy ({@code MCXENT}, {@code NEGATIVELOGLIKELIHOOD}) and {@code KL_DIVERGENCE} need a
 * {@code SOFTMAX} over at least two units. Regression losses (MSE, L1, ...) accept any activation.
 */
public final class OutputCheck {

    private OutputCheck() {
    }

    /**
     * Rejects a pair that cannot train correctly.
     *
     * @throws IllegalArgumentException naming the pair and what to use instead
     */
    public static void validate(int units, Activation activation, LossFunction loss) {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(loss, "loss");
        NetworkBuilder.positive("output units", units);
        String pair = "loss " + loss + " with output activation " + activation;
        switch (loss) {
            case XENT:
                if (activation != Activation.SIGMOID) {
                    throw new IllegalArgumentException(pair + " is invalid: binary cross-entropy needs outputs in"
                            + " (0, 1), and " + activation + " does not give them. Use Activation.SIGMOID with XENT"
                            + " (or SOFTMAX with MCXENT for one-of-n classes).");
                }
                break;
            case MCXENT:
            case NEGATIVELOGLIKELIHOOD:
            case KL_DIVERGENCE:
                if (activation != Activation.SOFTMAX) {
                    throw new IllegalArgumentException(pair + " is invalid: " + loss + " needs a probability"
                            + " distribution over the classes. Use Activation.SOFTMAX with " + loss
                            + " (or SIGMOID with XENT for independent yes/no outputs).");
                }
                if (units < 2) {
                    throw new IllegalArgumentException(pair + " on " + units + " unit is invalid: a softmax over one"
                            + " unit always outputs 1. Use 2 or more SOFTMAX units, or 1 SIGMOID unit with XENT.");
                }
                break;
            default:
                if (activation == Activation.SOFTMAX && units < 2) {
                    throw new IllegalArgumentException(pair + " on 1 unit is invalid: a softmax over one unit"
                            + " always outputs 1. Use SIGMOID or IDENTITY for a single output.");
                }
        }
    }
}
