package org.dlnotes.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class GemmBenchmarkTest {

    @Test
    void measuresThroughputAndTheErrorOfEachType() {
        GemmResult d = GemmBenchmark.of(DataType.DOUBLE).size(64).minSeconds(0).minRepeats(2).run();
        GemmResult f = GemmBenchmark.of(DataType.FLOAT).size(64).minSeconds(0).minRepeats(2).run();
        GemmResult h = GemmBenchmark.of(DataType.HALF).size(64).minSeconds(0).minRepeats(1).run();
        assertEquals(2.0 * 64 * 64 * 64, f.flops());
        assertEquals(f.flops() / f.bestSeconds(), f.flopsPerSecond(), 1e-6 * f.flopsPerSecond());
        assertTrue(f.repeats() >= 2 && f.meanSeconds() >= f.bestSeconds());
        assertTrue(d.relativeError() < 1e-12, "double: " + d.relativeError());
        // float: 24-bit significands; half: 11-bit, about 2^13 times coarser
        assertTrue(f.relativeError() > 1e-9 && f.relativeError() < 1e-5, "float: " + f.relativeError());
        assertTrue(h.relativeError() > 100 * f.relativeError() && h.relativeError() < 0.05,
                "half: " + h.relativeError());
        assertEquals(3, GemmBenchmark.table(List.of(d, f, h)).rowCount());
    }

    @Test
    void aThreadLimitIsRestoredAfterTheRun() {
        int before = Nd4jThreads.current();
        int blasBefore = Nd4j.factory().blas().getMaxThreads();
        GemmResult r = GemmBenchmark.of(DataType.FLOAT).size(32).threads(1).minSeconds(0).run();
        assertEquals(1, r.threads());
        assertEquals(before, Nd4jThreads.current());
        assertEquals(blasBefore, Nd4j.factory().blas().getMaxThreads());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> GemmBenchmark.of(DataType.INT));
        assertThrows(IllegalArgumentException.class, () -> GemmBenchmark.of(DataType.FLOAT).size(0));
        assertThrows(IllegalArgumentException.class, () -> GemmBenchmark.of(DataType.FLOAT).minSeconds(-1));
        assertThrows(IllegalArgumentException.class, () -> GemmBenchmark.of(DataType.FLOAT).threads(-1));
        assertThrows(IllegalArgumentException.class, () -> new GemmResult(DataType.FLOAT, 4, 0, 1, 2, 1, 0));
    }
}
