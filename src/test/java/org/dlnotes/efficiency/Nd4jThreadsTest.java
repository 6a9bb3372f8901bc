package org.dlnotes.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jThreadsTest {

    @Test
    void limitAppliesInsideTheBlockAndIsRestoredAfterIt() {
        int before = Nd4jThreads.current();
        int blasBefore = Nd4j.factory().blas().getMaxThreads();
        int openMpBefore = Nd4jThreads.openMpThreads();
        try (Nd4jThreads.Limit one = Nd4jThreads.limit(1)) {
            assertEquals(1, Nd4jThreads.current());
            assertEquals(1, Nd4j.factory().blas().getMaxThreads());
            assertEquals(1, Nd4jThreads.openMpThreads());
            try (Nd4jThreads.Limit keep = Nd4jThreads.limit(0)) {
                assertEquals(1, Nd4jThreads.current(), "0 keeps the current limit");
            }
            assertEquals(1, Nd4jThreads.current());
        }
        assertEquals(before, Nd4jThreads.current());
        assertEquals(blasBefore, Nd4j.factory().blas().getMaxThreads());
        assertEquals(openMpBefore, Nd4jThreads.openMpThreads());
    }

    @Test
    void oneThreadKeepsMatrixProductsOnOneCore() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 384, 384);
        INDArray c = Nd4j.zeros(DataType.FLOAT, 384, 384);
        try (Nd4jThreads.Limit one = Nd4jThreads.limit(1)) {
            Runnable products = () -> {
                long end = System.nanoTime() + 400_000_000L;
                while (System.nanoTime() < end) {
                    Nd4j.gemm(a, a, c, false, false, 1.0, 0.0);
                }
            };
            products.run();   // warm-up: the JVM's compiler threads are busy at first
            Timed<Void> t = Timing.measure(products);
            // One thread can keep at most one core busy, idle or loaded; OpenMP's default here (one per core) made
            // this 1.8 on two idle cores. The margin is for the JVM's own threads.
            assertTrue(t.cores() < 1.35, "cores busy during one-thread products: " + t.cores());
        }
    }

    @Test
    void rejectsNegativeLimits() {
        assertThrows(IllegalArgumentException.class, () -> Nd4jThreads.limit(-1));
    }
}
