package org.dlnotes.serve;

import java.util.List;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * What a {@link LoadTest} measured, with latencies as the clients saw them (send to whole answer).
 *
 * @param concurrency clients sending at once
 * @param requests    requests sent (warm-up excluded)
 * @param failed      of those, requests without a 200 answer
 * @param seconds     wall time from the first request to the last answer
 * @param throughput  answered requests (200) per second
 * @param p50Ms       median latency of the answered requests (nearest rank)
 * @param p95Ms       95th percentile
 * @param p99Ms       99th percentile
 * @param meanMs      mean
 * @param firstFailure the exception of the first failed request, as text ("" when none failed)
 */
public record LoadResult(int concurrency, int requests, int failed, double seconds, double throughput, double p50Ms,
        double p95Ms, double p99Ms, double meanMs, String firstFailure) {

    /** One row per result. */
    public static Table table(String title, List<LoadResult> results) {
        return Table.create(title).addColumns(
                IntColumn.create("clients", results.stream().mapToInt(LoadResult::concurrency).toArray()),
                IntColumn.create("requests", results.stream().mapToInt(LoadResult::requests).toArray()),
                IntColumn.create("failed", results.stream().mapToInt(LoadResult::failed).toArray()),
                DoubleColumn.create("requests/s", results.stream().mapToDouble(LoadResult::throughput).toArray()),
                DoubleColumn.create("p50 ms", results.stream().mapToDouble(LoadResult::p50Ms).toArray()),
                DoubleColumn.create("p95 ms", results.stream().mapToDouble(LoadResult::p95Ms).toArray()),
                DoubleColumn.create("p99 ms", results.stream().mapToDouble(LoadResult::p99Ms).toArray()),
                DoubleColumn.create("mean ms", results.stream().mapToDouble(LoadResult::meanMs).toArray()));
    }
}
