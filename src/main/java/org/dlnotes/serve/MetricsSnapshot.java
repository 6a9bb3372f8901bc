package org.dlnotes.serve;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The predict endpoint's counters at one moment, as {@code GET /metrics} reports them.
 *
 * @param requests    requests to {@code /predict} answered so far, whatever their status
 * @param responses   answered requests by HTTP status
 * @param inFlight    requests being handled now
 * @param p50Ms       median server-side latency (ms), from the histogram: the upper edge of the bucket holding it
 * @param p95Ms       95th percentile, likewise
 * @param p99Ms       99th percentile, likewise
 * @param meanMs      exact mean latency (ms)
 * @param histogram   the non-empty latency buckets, in order
 * @param batches     calls of the model
 * @param batchedRows rows the model was given over all calls
 */
public record MetricsSnapshot(long requests, Map<Integer, Long> responses, long inFlight, double p50Ms, double p95Ms,
        double p99Ms, double meanMs, List<Bucket> histogram, long batches, long batchedRows) {

    /**
     * One latency bucket.
     *
     * @param upperMs its upper edge (ms); its lower edge is the previous bucket's upper edge
     * @param count   requests that took at most {@code upperMs} and more than the lower edge
     */
    public record Bucket(double upperMs, long count) {
    }

    public MetricsSnapshot {
        responses = Map.copyOf(new TreeMap<>(Objects.requireNonNull(responses, "responses")));
        histogram = List.copyOf(histogram);
    }

    /** Requests answered with this status (0 if none). */
    public long count(int status) {
        return responses.getOrDefault(status, 0L);
    }

    /** Requests answered with a status of 400 or more. */
    public long errors() {
        return responses.entrySet().stream().filter(e -> e.getKey() >= 400).mapToLong(Map.Entry::getValue).sum();
    }

    /** Mean rows per model call (0 before the first). */
    public double meanBatchRows() {
        return batches == 0 ? 0 : (double) batchedRows / batches;
    }

    /** One row per quantity: requests, each status, errors, percentiles, mean, batches, rows per batch. */
    public Table table() {
        StringColumn what = StringColumn.create("metric");
        DoubleColumn value = DoubleColumn.create("value");
        what.append("requests");
        value.append(requests);
        new TreeMap<>(responses).forEach((status, n) -> {
            what.append("responses " + status);
            value.append(n);
        });
        what.append("errors (status ≥ 400)");
        value.append(errors());
        for (var e : Map.of("latency p50 (ms)", p50Ms, "latency p95 (ms)", p95Ms, "latency p99 (ms)", p99Ms,
                "latency mean (ms)", meanMs).entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            what.append(e.getKey());
            value.append(e.getValue());
        }
        what.append("model calls");
        value.append(batches);
        what.append("rows per model call");
        value.append(meanBatchRows());
        return Table.create("metrics of /predict").addColumns(what, value);
    }
}
