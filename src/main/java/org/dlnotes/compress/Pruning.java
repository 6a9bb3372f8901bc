package org.dlnotes.compress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Unstructured magnitude pruning: the weights of smallest absolute value are set to zero, exactly
 * {@code round(sparsity · n)} of them, either in every weight matrix separately ({@link Scope#LAYER}) or ranked over
 * all weight matrices together ({@link Scope#GLOBAL}). Weight matrices are the parameters named {@code W} (dense,
 * output, convolution layers) and {@code RW} (recurrent); biases are kept. Ties in magnitude are broken by position,
 * so the count is exact.
 *
 * <pre>{@code
 * PrunedNetwork p = Pruning.magnitude(net, 0.9, Pruning.Scope.LAYER);   // net itself is unchanged
 * p.sparsity();                 // 0.9 (to within one weight per matrix)
 * p.keepPruned();               // fine-tuning re-applies the masks after every update
 * Trainer.of(p.network()).epochs(2).fit(train);
 * }</pre>
 */
public final class Pruning {

    /** Where the smallest weights are ranked. */
    public enum Scope {
        /** Each weight matrix loses the same fraction of its weights. */
        LAYER,
        /** All weight matrices are ranked together; layers with small weights lose more. */
        GLOBAL
    }

    private Pruning() {
    }

    /**
     * A copy of {@code net} with the smallest {@code sparsity} fraction of its weights set to zero.
     *
     * @throws IllegalArgumentException if sparsity is outside [0, 1) or the network has no weight matrices
     */
    public static PrunedNetwork magnitude(MultiLayerNetwork net, double sparsity, Scope scope) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(scope, "scope");
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1), the fraction of weights set to zero, but is "
                    + sparsity);
        }
        MultiLayerNetwork copy = net.clone();
        Map<String, double[]> weights = weights(copy);
        Map<String, boolean[]> pruned = new LinkedHashMap<>();
        weights.forEach((k, w) -> pruned.put(k, new boolean[w.length]));
        if (scope == Scope.LAYER) {
            weights.forEach((k, w) -> {
                int[] order = ascendingMagnitude(List.of(w));
                long count = Math.round(sparsity * w.length);
                boolean[] mask = pruned.get(k);
                for (int i = 0; i < count; i++) {
                    mask[order[i]] = true;
                }
            });
        } else {
            List<String> keys = new ArrayList<>(weights.keySet());
            List<double[]> all = keys.stream().map(weights::get).toList();
            int[] offsets = new int[keys.size() + 1];
            for (int t = 0; t < keys.size(); t++) {
                offsets[t + 1] = offsets[t] + all.get(t).length;
            }
            int[] order = ascendingMagnitude(all);
            long count = Math.round(sparsity * offsets[keys.size()]);
            for (int i = 0; i < count; i++) {
                int flat = order[i];
                int t = Arrays.binarySearch(offsets, flat);
                t = t >= 0 ? t : -t - 2;
                pruned.get(keys.get(t))[flat - offsets[t]] = true;
            }
        }
        Map<String, INDArray> masks = new LinkedHashMap<>();
        pruned.forEach((k, p) -> {
            INDArray param = copy.getParam(k);
            float[] keep = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                keep[i] = p[i] ? 0f : 1f;
            }
            INDArray mask = Nd4j.createFromArray(keep).reshape('c', param.shape()).castTo(param.dataType());
            masks.put(k, mask);
        });
        PrunedNetwork result = new PrunedNetwork(copy, masks);
        result.applyMasks();
        return result;
    }

    /** Fraction of exact zeros among the weight matrices ({@code W}, {@code RW}) of {@code net}. */
    public static double sparsity(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        long zeros = 0;
        long total = 0;
        for (double[] w : weights(net).values()) {
            for (double v : w) {
                zeros += v == 0 ? 1 : 0;
            }
            total += w.length;
        }
        return (double) zeros / total;
    }

    /** The weight matrices of {@code net} in row-major order, by parameter key. */
    static Map<String, double[]> weights(MultiLayerNetwork net) {
        Map<String, double[]> result = new LinkedHashMap<>();
        net.paramTable().forEach((k, v) -> {
            if (Quantization.isWeight(k)) {
                result.put(k, v.castTo(DataType.DOUBLE).dup('c').data().asDouble());
            }
        });
        if (result.isEmpty()) {
            throw new IllegalArgumentException("net has no weight matrices (parameters named W or RW) to prune; its"
                    + " parameters are " + net.paramTable().keySet());
        }
        return result;
    }

    /** Flat positions over the concatenated arrays, smallest |value| first, ties in position order. */
    private static int[] ascendingMagnitude(List<double[]> arrays) {
        int n = arrays.stream().mapToInt(a -> a.length).sum();
        double[] magnitude = new double[n];
        int i = 0;
        for (double[] a : arrays) {
            for (double v : a) {
                magnitude[i] = Math.abs(v);
                i++;
            }
        }
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(magnitude[a], magnitude[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] result = new int[n];
        for (int j = 0; j < n; j++) {
            result[j] = order[j];
        }
        return result;
    }
}
