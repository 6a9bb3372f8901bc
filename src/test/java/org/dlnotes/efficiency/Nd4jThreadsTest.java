package org.dlnotes.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jThreadsTest {

    @Test
    void limitAppliesInsideTheBlockAndIsRestoredAfterIt() {
        int before = Nd4jThreads.current();
        int blasBefore = Nd4j.factory().blas().getMaxThreads();
        try (Nd4jThreads.Limit one = Nd4jThreads.limit(1)) {
            assertEquals(1, Nd4jThreads.current());
            assertEquals(1, Nd4j.factory().blas().getMaxThreads());
            try (Nd4jThreads.Limit keep = Nd4jThreads.limit(0)) {
                assertEquals(1, Nd4jThreads.current(), "0 keeps the current limit");
            }
            assertEquals(1, Nd4jThreads.current());
        }
        assertEquals(before, Nd4jThreads.current());
        assertEquals(blasBefore, Nd4j.factory().blas().getMaxThreads());
    }

    @Test
    void rejectsNegativeLimits() {
        assertThrows(IllegalArgumentException.class, () -> Nd4jThreads.limit(-1));
    }
}
