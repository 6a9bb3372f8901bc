package org.dlnotes.models;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.Vocabulary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Generates text from a trained next-token language model ({@link LstmLanguageModel}) by sampling one token at a
 * time at a <em>temperature</em>: the model's distribution {@code p} is reshaped to {@code p^(1/T)} (renormalised),
 * which is the same as dividing the logits by {@code T} before the softmax. {@code T = 1} samples the model as it
 * is, {@code T < 1} sharpens it towards the most likely token, {@code T > 1} flattens it towards uniform, and
 * {@code T = 0} is greedy decoding (always the most likely token).
 *
 * <pre>{@code
 * String text = TextSampler.generate(lm, chars, "Call me ", 200, 0.5, 7);
 * }</pre>
 */
public final class TextSampler {

    private TextSampler() {
    }

    /**
     * The distribution {@code p} at temperature {@code t}: {@code p_i^(1/t) / Σ_j p_j^(1/t)}, computed in log space
     * so that small probabilities do not underflow. At {@code t = 0} all mass goes to the first most likely token.
     *
     * @throws IllegalArgumentException if {@code probabilities} is empty, holds a negative or non-finite value or
     *                                  sums to 0, or if {@code temperature} is negative or not finite
     */
    public static double[] reshape(double[] probabilities, double temperature) {
        check(probabilities, temperature);
        double[] out = new double[probabilities.length];
        if (temperature == 0) {
            out[argmax(probabilities)] = 1.0;
            return out;
        }
        double maxLog = Math.log(probabilities[argmax(probabilities)]);
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = probabilities[i] == 0 ? 0 : Math.exp((Math.log(probabilities[i]) - maxLog) / temperature);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    /**
     * Draws one index from {@code probabilities} reshaped at {@code temperature} (see {@link #reshape}); at
     * temperature 0 the index of the largest probability (the first one on ties), without using {@code random}.
     *
     * @throws IllegalArgumentException as {@link #reshape}
     */
    public static int sample(double[] probabilities, double temperature, Random random) {
        Objects.requireNonNull(random, "random");
        double[] p = reshape(probabilities, temperature);
        if (temperature == 0) {
            return argmax(p);
        }
        double u = random.nextDouble();
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                cumulative += p[i];
                last = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        return last; // rounding: u fell beyond the cumulative sum's last bit
    }

    /**
     * Continues {@code prompt} by {@code length} tokens sampled from {@code model} at {@code temperature}, one
     * token at a time through {@link MultiLayerNetwork#rnnTimeStep} (the recurrent state carries the context).
     * The model's state is cleared before and after. Returns the prompt followed by the generated text.
     *
     * @param model a next-token model with an embedding input ({@link LstmLanguageModel}) over {@code vocabulary}
     * @throws IllegalArgumentException for an empty prompt, a prompt token outside a character vocabulary, a negative
     *                                  length or a bad temperature, or a model whose output size is not the
     *                                  vocabulary's size
     */
    public static String generate(MultiLayerNetwork model, Vocabulary vocabulary, String prompt, int length,
                                  double temperature, long seed) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(prompt, "prompt");
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, but is " + length);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, but is " + temperature);
        }
        int[] ids = vocabulary.encode(prompt);
        if (ids.length == 0) {
            throw new IllegalArgumentException("prompt must hold at least one token, but '" + prompt + "' has none");
        }
        Random random = new Random(seed);
        int[] generated = new int[length];
        model.rnnClearPreviousState();
        try {
            // [batch, 1, T]: rnnTimeStep reads a 2-D input as one time step of features, not as T tokens
            INDArray input = Nd4j.create(DataType.FLOAT, 1, 1, ids.length);
            for (int t = 0; t < ids.length; t++) {
                input.putScalar(new long[] {0, 0, t}, ids[t]);
            }
            for (int i = 0; i < length; i++) {
                INDArray out = model.rnnTimeStep(input);
                if (out.rank() == 2) { // one time step comes back as [1, vocabulary]
                    out = out.reshape(out.size(0), out.size(1), 1);
                }
                if (out.rank() != 3 || out.size(1) != vocabulary.size()) {
                    throw new IllegalArgumentException("model output must be [1, " + vocabulary.size()
                            + ", T] (one probability per vocabulary token), but is " + Arrays.toString(out.shape()));
                }
                double[] p = out.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(out.size(2) - 1))
                        .toDoubleVector();
                int next = sample(p, temperature, random);
                generated[i] = next;
                input = Nd4j.create(DataType.FLOAT, 1, 1, 1);
                input.putScalar(new long[] {0, 0, 0}, next);
            }
        } finally {
            model.rnnClearPreviousState();
        }
        String continuation = vocabulary.decode(generated);
        return vocabulary.wordLevel() && !continuation.isEmpty() ? prompt + " " + continuation : prompt + continuation;
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void check(double[] probabilities, double temperature) {
        Objects.requireNonNull(probabilities, "probabilities");
        if (probabilities.length == 0) {
            throw new IllegalArgumentException("probabilities must not be empty");
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, but is " + temperature);
        }
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double v = probabilities[i];
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("probabilities[" + i + "] must be a finite number >= 0, but is "
                        + v);
            }
            sum += v;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("probabilities sum to 0: nothing to sample");
        }
    }
}
