package org.dlnotes.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe counters of the predict endpoint: requests by status, a latency histogram with fixed buckets (edges
 * from 0.05 ms growing by 10 % a bucket to over a minute, so memory stays bounded and a percentile read from it is at
 * most 10 % above the true value), and the model calls' batch sizes.
 */
final class ServerMetrics {

    static final double FIRST_EDGE_MS = 0.05;
    static final double GROWTH = 1.1;
    static final int BUCKETS = 150;   // 0.05 ms · 1.1^149 ≈ 73 s; slower requests land in the last bucket

    private final AtomicLongArray byStatus = new AtomicLongArray(600);
    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
    private final LongAdder requests = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();
    private final LongAdder inFlight = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder batchedRows = new LongAdder();

    void started() {
        inFlight.increment();
    }

    void finished(int status, long nanos) {
        byStatus.incrementAndGet(status);
        histogram.incrementAndGet(bucket(nanos / 1e6));
        latencyNanos.add(nanos);
        requests.increment();
        inFlight.decrement();
    }

    void modelCall(int rows) {
        batches.increment();
        batchedRows.add(rows);
    }

    static double upperEdgeMs(int bucket) {
        return FIRST_EDGE_MS * Math.pow(GROWTH, bucket);
    }

    static int bucket(double ms) {
        if (ms <= FIRST_EDGE_MS) {
            return 0;
        }
        int b = (int) Math.ceil(Math.log(ms / FIRST_EDGE_MS) / Math.log(GROWTH) - 1e-9);
        return Math.min(b, BUCKETS - 1);
    }

    MetricsSnapshot snapshot() {
        long[] counts = new long[BUCKETS];
        long total = 0;
        for (int b = 0; b < BUCKETS; b++) {
            counts[b] = histogram.get(b);
            total += counts[b];
        }
        Map<Integer, Long> responses = new TreeMap<>();
        for (int s = 0; s < byStatus.length(); s++) {
            if (byStatus.get(s) > 0) {
                responses.put(s, byStatus.get(s));
            }
        }
        List<MetricsSnapshot.Bucket> buckets = new ArrayList<>();
        for (int b = 0; b < BUCKETS; b++) {
            if (counts[b] > 0) {
                buckets.add(new MetricsSnapshot.Bucket(upperEdgeMs(b), counts[b]));
            }
        }
        long n = requests.sum();
        return new MetricsSnapshot(n, responses, inFlight.sum(), percentile(counts, total, 0.50),
                percentile(counts, total, 0.95), percentile(counts, total, 0.99),
                n == 0 ? 0 : latencyNanos.sum() / 1e6 / n, buckets, batches.sum(), batchedRows.sum());
    }

    /** The upper edge of the bucket that holds the {@code ceil(q·total)}-th fastest request (0 when empty). */
    static double percentile(long[] counts, long total, double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return upperEdgeMs(b);
            }
        }
        return upperEdgeMs(counts.length - 1);
    }
}
