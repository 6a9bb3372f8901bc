package org.dlnotes.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.models.Mlp;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

class PruningTest {

    private static MultiLayerNetwork net() {
        // weights: 10·20 = 200 and 20·5 = 100
        return Mlp.builder().inputs(10).hidden(20).output(5, Activation.SOFTMAX, LossFunction.MCXENT)
                .updater(new Adam(0.05)).seed(3).build();
    }

    private static long zeros(INDArray a) {
        return a.length() - a.neq(0).castTo(DataType.INT32).sumNumber().longValue();
    }

    @Test
    void layerScopePrunesExactlyThatFractionOfEachMatrixSmallestFirst() {
        MultiLayerNetwork net = net();
        INDArray before = net.params().dup();
        for (double s : new double[] {0.1, 0.5, 0.73, 0.9, 0.99}) {
            PrunedNetwork p = Pruning.magnitude(net, s, Pruning.Scope.LAYER);
            MultiLayerNetwork pruned = p.network();
            assertEquals(Math.round(s * 200), zeros(pruned.getParam("0_W")), "sparsity " + s);
            assertEquals(Math.round(s * 100), zeros(pruned.getParam("1_W")), "sparsity " + s);
            assertEquals(Math.round(s * 200) + Math.round(s * 100), p.pruned());
            assertEquals(p.sparsity(), Pruning.sparsity(pruned), 1e-12);
            for (String k : new String[] {"0_W", "1_W"}) {
                INDArray original = Transforms.abs(net.getParam(k));
                INDArray mask = p.masks().get(k);
                double largestPruned = original.mul(mask.rsub(1)).maxNumber().doubleValue();
                double smallestKept = original.add(mask.rsub(1).mul(1e9)).minNumber().doubleValue();
                assertTrue(largestPruned <= smallestKept, k + ": pruned " + largestPruned + " > kept " + smallestKept);
            }
            assertEquals(net.getParam("0_b"), pruned.getParam("0_b"), "biases are kept");
        }
        assertEquals(before, net.params(), "the original network is unchanged");
    }

    @Test
    void globalScopeRanksAllWeightsTogether() {
        MultiLayerNetwork net = net();
        PrunedNetwork p = Pruning.magnitude(net, 0.7, Pruning.Scope.GLOBAL);
        assertEquals(210, p.pruned());
        double largestPruned = 0;
        double smallestKept = Double.POSITIVE_INFINITY;
        for (String k : new String[] {"0_W", "1_W"}) {
            double[] w = net.getParam(k).dup('c').data().asDouble();
            double[] m = p.masks().get(k).dup('c').data().asDouble();
            for (int i = 0; i < w.length; i++) {
                if (m[i] == 0) {
                    largestPruned = Math.max(largestPruned, Math.abs(w[i]));
                } else {
                    smallestKept = Math.min(smallestKept, Math.abs(w[i]));
                }
            }
        }
        assertTrue(largestPruned <= smallestKept, largestPruned + " > " + smallestKept);
        // Xavier gives the matrices different scales (std √(2/(nIn+nOut))), so they lose different fractions
        long first = zeros(p.network().getParam("0_W"));
        long second = zeros(p.network().getParam("1_W"));
        assertEquals(210, first + second);
        assertTrue(first != 140, "global pruning does not prune each matrix by 70 %: " + first + " and " + second);
    }

    @Test
    void tiesAreBrokenByPositionSoTheCountIsExact() {
        MultiLayerNetwork net = net();
        net.getParam("0_W").assign(0.25);
        net.getParam("1_W").assign(-0.25);
        PrunedNetwork p = Pruning.magnitude(net, 0.35, Pruning.Scope.LAYER);
        assertEquals(70, zeros(p.network().getParam("0_W")));
        assertEquals(35, zeros(p.network().getParam("1_W")));
        assertEquals(Math.round(0.35 * 300), Pruning.magnitude(net, 0.35, Pruning.Scope.GLOBAL).pruned());
    }

    @Test
    void fineTuningKeepsPrunedWeightsAtZeroOnlyWithTheListener() {
        MultiLayerNetwork net = net();
        DataSet data = new DataSet(Nd4j.rand(DataType.FLOAT, 64, 10), Nd4j.eye(5).repeat(0, 13)
                .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 64), org.nd4j.linalg.indexing.NDArrayIndex.all())
                .castTo(DataType.FLOAT));
        PrunedNetwork kept = Pruning.magnitude(net, 0.8, Pruning.Scope.LAYER).keepPruned().keepPruned();
        PrunedNetwork revived = Pruning.magnitude(net, 0.8, Pruning.Scope.LAYER);
        INDArray start = kept.network().params().dup();
        for (int i = 0; i < 5; i++) {
            kept.network().fit(data);
            revived.network().fit(data);
        }
        assertTrue(kept.network().params().neq(start).castTo(DataType.INT32).sumNumber().intValue() > 0,
                "fine-tuning changed the kept weights");
        assertEquals(0.8, Pruning.sparsity(kept.network()), 1e-12);
        // (weights into hidden units that stay dead get no gradient and stay at zero, so not all come back)
        assertTrue(Pruning.sparsity(revived.network()) < 0.6,
                "without the listener the updates revive pruned weights: " + Pruning.sparsity(revived.network()));
    }

    @Test
    void sizesAndEdgeCases() {
        MultiLayerNetwork net = net();
        PrunedNetwork none = Pruning.magnitude(net, 0, Pruning.Scope.LAYER);
        assertEquals(net.params(), none.network().params());
        assertEquals(0, none.pruned());
        PrunedNetwork p = Pruning.magnitude(net, 0.9, Pruning.Scope.LAYER);
        assertEquals(4 * 325, p.denseBytes());
        // 30 kept weights at 4 bytes, bitmaps of 25 and 13 bytes, 25 biases at 4 bytes
        assertEquals(30 * 4 + 25 + 13 + 25 * 4, p.sparseBytes());
        assertEquals(2, p.table().rowCount());
        assertEquals("sparsity must be in [0, 1), the fraction of weights set to zero, but is 1.0",
                assertThrows(IllegalArgumentException.class, () -> Pruning.magnitude(net, 1, Pruning.Scope.LAYER))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pruning.magnitude(net, Double.NaN, Pruning.Scope.GLOBAL));
    }
}
