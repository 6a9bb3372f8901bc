package org.dlnotes.metrics;

/**
 * Mean cross-entropy of a language model's predictions of the next token, with its equivalents in bits and as
 * perplexity.
 *
 * @param nats    mean negative natural log of the probability given to the true token
 * @param tokens  number of tokens averaged over (masked-out time steps excluded)
 */
public record CrossEntropy(double nats, long tokens) {

    /** Mean cross-entropy in bits (log base 2). */
    public double bits() {
        return nats / Math.log(2);
    }

    /** Perplexity, {@code e^nats}: the effective number of equally likely tokens the model chooses between. */
    public double perplexity() {
        return Math.exp(nats);
    }
}
