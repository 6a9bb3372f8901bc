package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jTuningTest {

    @AfterEach
    void cacheBackOn() {
        Nd4jTuning.installTadCache();
    }

    /** Broadcasts, reductions along dimensions and index ops on several shapes, orders and views. */
    private static double[] ops(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray z = Nd4j.rand(DataType.FLOAT, 16, 16);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1, 16);
        INDArray c = Nd4j.rand(DataType.FLOAT, 16, 1);
        INDArray t = Nd4j.rand(DataType.DOUBLE, 3, 4, 5);
        INDArray f = Nd4j.rand(DataType.FLOAT, 'f', 7, 9);
        INDArray view = Nd4j.rand(DataType.FLOAT, 10, 12).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 8),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 11));
        java.util.List<Double> out = new java.util.ArrayList<>();
        for (int repeat = 0; repeat < 3; repeat++) {
            z.addiRowVector(b).muliColumnVector(c);
            out.add(z.sumNumber().doubleValue());
            for (INDArray a : new INDArray[] {z, t, f, view}) {
                for (int d = 0; d < a.rank(); d++) {
                    for (double v : a.sum(d).data().asDouble()) {
                        out.add(v);
                    }
                    for (double v : a.argMax(d).data().asDouble()) {
                        out.add(v);
                    }
                }
                for (double v : a.max(0, 1).data().asDouble()) {
                    out.add(v);
                }
            }
            for (double v : view.subRowVector(b.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10))).data().asDouble()) {
                out.add(v);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void theCacheGivesTheSameResultsAsNd4jsOwnManagerAndAnswersRepeatsFromMemory() {
        assertTrue(Nd4jTuning.uninstallTadCache() || Nd4jTuning.tadCache() == null);
        assertNull(Nd4jTuning.tadCache());
        double[] plain = ops(5);
        assertTrue(Nd4jTuning.installTadCache());
        Nd4jTuning.CachingTadManager cache = Nd4jTuning.tadCache();
        assertNotNull(cache);
        long hits = cache.hits();
        double[] cached = ops(5);
        assertArrayEquals(plain, cached, 0.0);
        assertTrue(cache.hits() - hits > 20, "repeated shapes are answered from the cache: " + (cache.hits() - hits));
    }

    @Test
    void aCachedEntryHoldsWhatNd4jComputesForThatShapeAndDimension() {
        INDArray[] arrays = {Nd4j.create(DataType.FLOAT, 4, 6), Nd4j.create(DataType.DOUBLE, 'f', 3, 5, 2),
                Nd4j.create(DataType.FLOAT, 8, 8).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 5),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 7))};
        Nd4jTuning.uninstallTadCache();
        java.util.List<long[]> fresh = new java.util.ArrayList<>();
        for (INDArray a : arrays) {
            for (int d = 0; d < a.rank(); d++) {
                Pair<DataBuffer, DataBuffer> p = Nd4j.getExecutioner().getTADManager().getTADOnlyShapeInfo(a, new int[] {d});
                fresh.add(p.getFirst().asLong());
                fresh.add(p.getSecond().asLong());
            }
        }
        assertTrue(Nd4jTuning.installTadCache());
        int k = 0;
        for (INDArray a : arrays) {
            for (int d = 0; d < a.rank(); d++) {
                Pair<DataBuffer, DataBuffer> first = Nd4j.getExecutioner().getTADManager().getTADOnlyShapeInfo(a, new int[] {d});
                Pair<DataBuffer, DataBuffer> again = Nd4j.getExecutioner().getTADManager().getTADOnlyShapeInfo(a, new int[] {d});
                assertTrue(first == again, "the second lookup returns the cached pair");
                assertArrayEquals(fresh.get(k++), first.getFirst().asLong());
                assertArrayEquals(fresh.get(k++), first.getSecond().asLong());
            }
        }
    }

    @Test
    void theCacheStartsAgainWhenFull() {
        Nd4jTuning.installTadCache();
        Nd4jTuning.CachingTadManager cache = Nd4jTuning.tadCache();
        for (int n = 1; n <= Nd4jTuning.MAX_ENTRIES + 10; n++) {
            cache.getTADOnlyShapeInfo(Nd4j.create(DataType.FLOAT, 2, n), new int[] {1});
        }
        assertTrue(cache.size() <= Nd4jTuning.MAX_ENTRIES, "size " + cache.size());
        assertTrue(cache.size() >= 10, "size " + cache.size());
    }

    @Test
    void theBuildersPutTheCacheInPlaceOnlyWhenThePropertySaysTrue() {
        String before = System.getProperty(Nd4jTuning.TAD_CACHE_PROPERTY);
        try {
            Nd4jTuning.uninstallTadCache();
            Nd4jTuning.resetForTests();
            System.clearProperty(Nd4jTuning.TAD_CACHE_PROPERTY);
            Mlp.builder().inputs(2).output(2, org.nd4j.linalg.activations.Activation.SOFTMAX,
                    org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).build();
            assertNull(Nd4jTuning.tadCache(), "without -D" + Nd4jTuning.TAD_CACHE_PROPERTY + "=true ND4J's manager stays");
            Nd4jTuning.resetForTests();
            System.setProperty(Nd4jTuning.TAD_CACHE_PROPERTY, "true");
            Mlp.builder().inputs(2).output(2, org.nd4j.linalg.activations.Activation.SOFTMAX,
                    org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).build();
            assertNotNull(Nd4jTuning.tadCache(), "-D" + Nd4jTuning.TAD_CACHE_PROPERTY + "=true: a builder puts the cache in place");
        } finally {
            if (before == null) {
                System.clearProperty(Nd4jTuning.TAD_CACHE_PROPERTY);
            } else {
                System.setProperty(Nd4jTuning.TAD_CACHE_PROPERTY, before);
            }
        }
    }

    @Test
    void theMasterThreadsPropertySetsNd4jsThreadsPerOp() {
        int before = Nd4j.getEnvironment().maxMasterThreads();
        try {
            Nd4jTuning.resetForTests();
            System.setProperty(Nd4jTuning.MASTER_THREADS_PROPERTY, "1");
            Nd4jTuning.applyByDefault();
            assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
        } finally {
            System.clearProperty(Nd4jTuning.MASTER_THREADS_PROPERTY);
            Nd4j.getEnvironment().setMaxMasterThreads(before);
        }
    }
}
