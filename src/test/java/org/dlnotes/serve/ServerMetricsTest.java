package org.dlnotes.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The latency histogram's buckets and the percentiles read from it. */
class ServerMetricsTest {

    @Test
    void bucketsGrowByTenPercentAndHoldTheirValues() {
        assertEquals(0, ServerMetrics.bucket(0.01));
        assertEquals(0, ServerMetrics.bucket(0.05));
        assertEquals(1, ServerMetrics.bucket(0.051));
        assertEquals(1, ServerMetrics.bucket(0.055));
        assertEquals(ServerMetrics.BUCKETS - 1, ServerMetrics.bucket(1e9));
        for (double ms = 0.06; ms < 60_000; ms *= 1.37) {
            int b = ServerMetrics.bucket(ms);
            assertTrue(ServerMetrics.upperEdgeMs(b - 1) < ms && ms <= ServerMetrics.upperEdgeMs(b), "ms " + ms);
        }
    }

    @Test
    void percentilesAreAtMostTenPercentAboveTheTrueOnes() {
        ServerMetrics m = new ServerMetrics();
        for (int i = 1; i <= 1000; i++) {
            m.started();
            m.finished(i <= 990 ? 200 : 400, i * 10_000L);   // 0.01 ms to 10 ms
        }
        m.modelCall(3);
        m.modelCall(5);
        MetricsSnapshot s = m.snapshot();
        assertEquals(1000, s.requests());
        assertEquals(Map.of(200, 990L, 400, 10L), s.responses());
        assertEquals(10, s.errors());
        assertEquals(0, s.inFlight());
        assertTrue(s.p50Ms() >= 5 && s.p50Ms() <= 5.5, "p50 " + s.p50Ms());
        assertTrue(s.p95Ms() >= 9.5 && s.p95Ms() <= 9.5 * 1.1, "p95 " + s.p95Ms());
        assertTrue(s.p99Ms() >= 9.9 && s.p99Ms() <= 9.9 * 1.1, "p99 " + s.p99Ms());
        assertEquals(5.005, s.meanMs(), 1e-9);
        assertEquals(4, s.meanBatchRows(), 1e-12);
        assertEquals(1000, s.histogram().stream().mapToLong(MetricsSnapshot.Bucket::count).sum());
        MetricsSnapshot back = Json.readMetrics(new String(Json.writeMetrics(s), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(s, back);
    }

    @Test
    void anEmptyHistogramReportsZeros() {
        MetricsSnapshot s = new ServerMetrics().snapshot();
        assertEquals(0, s.requests());
        assertEquals(0, s.p99Ms());
        assertEquals(0, s.meanBatchRows());
    }
}
