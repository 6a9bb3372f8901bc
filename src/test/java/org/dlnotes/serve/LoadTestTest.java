package org.dlnotes.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The load generator against a real server: counts, percentiles, the bound on outstanding requests, failures. */
class LoadTestTest {

    @Test
    void sendsExactlyTheRequestsAndMeasuresThem() {
        try (InferenceServer server = InferenceServerTest.server().batching(4, Duration.ofMillis(1)).start()) {
            LoadResult r = LoadTest.of(server.client(), InferenceServerTest.rows(10)).concurrency(4).requests(200)
                    .warmup(20).rowsPerRequest(2).run();
            assertEquals(4, r.concurrency());
            assertEquals(200, r.requests());
            assertEquals(0, r.failed());
            assertEquals("", r.firstFailure());
            assertTrue(r.p50Ms() > 0 && r.p50Ms() <= r.p95Ms() && r.p95Ms() <= r.p99Ms(), r.toString());
            assertEquals(200 / r.seconds(), r.throughput(), 1e-9);
            MetricsSnapshot m = server.metrics();
            assertEquals(220, m.count(200));
            assertEquals(440, m.batchedRows());
            assertTrue(m.batches() < 220, "4 clients, batches of up to 4 rows: " + m.batches() + " model calls");
            assertEquals(1, LoadResult.table("t", List.of(r)).rowCount());
        }
    }

    @Test
    void failedRequestsAreCountedNotTimed() {
        try (InferenceServer server = InferenceServerTest.server().start()) {
            LoadResult r = LoadTest.of(server.client().withToken("not-the-token-0123456"), InferenceServerTest.rows(3))
                    .concurrency(2).requests(10).run();
            assertEquals(10, r.failed());
            assertTrue(r.firstFailure().contains("401"), "the first failure says why: " + r.firstFailure());
            assertEquals(0, r.throughput());
            assertTrue(Double.isNaN(r.p50Ms()));
            assertEquals(10, server.metrics().count(401));
        }
    }
}
