package org.dlnotes.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * A bounded, closed-loop load: {@code concurrency} clients, each sending its next request as soon as its last one is
 * answered, until {@code requests} have been sent. No more than {@code concurrency} requests are ever outstanding, so
 * the load cannot run away from a slow server; the latency percentiles and throughput are the clients' view.
 *
 * <pre>{@code
 * LoadResult r = LoadTest.of(server.client(), examples).concurrency(16).requests(2000).warmup(200).run();
 * }</pre>
 */
public final class LoadTest {

    private final InferenceClient client;
    private final float[][] examples;
    private int concurrency = 1;
    private int requests = 100;
    private int warmup;
    private int rowsPerRequest = 1;

    private LoadTest(InferenceClient client, float[][] examples) {
        this.client = client;
        this.examples = examples;
    }

    /** A load of requests for {@code examples}' rows, in turn, sent by {@code client}. */
    public static LoadTest of(InferenceClient client, float[][] examples) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(examples, "examples");
        if (examples.length == 0) {
            throw new IllegalArgumentException("examples must have at least one row, but has none");
        }
        return new LoadTest(client, examples.clone());
    }

    /** Clients sending at once (default 1). */
    public LoadTest concurrency(int clients) {
        this.concurrency = positive("clients", clients);
        return this;
    }

    /** Requests to time (default 100). */
    public LoadTest requests(int requests) {
        this.requests = positive("requests", requests);
        return this;
    }

    /** Requests sent first and not timed, so connections, JIT and caches are warm (default 0). */
    public LoadTest warmup(int requests) {
        if (requests < 0) {
            throw new IllegalArgumentException("warm-up requests must not be negative, but are " + requests);
        }
        this.warmup = requests;
        return this;
    }

    /** Rows in each request (default 1). */
    public LoadTest rowsPerRequest(int rows) {
        this.rowsPerRequest = positive("rows", rows);
        return this;
    }

    /** Sends the warm-up, then the timed requests, and measures them. */
    public LoadResult run() {
        if (warmup > 0) {
            send(warmup, new double[warmup], new AtomicReference<>());
        }
        double[] millis = new double[requests];
        long start = System.nanoTime();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        int failed = send(requests, millis, firstFailure);
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] ok = new double[requests - failed];
        int k = 0;
        for (double m : millis) {
            if (!Double.isNaN(m)) {
                ok[k++] = m;
            }
        }
        Percentile percentile = new Percentile().withEstimationType(EstimationType.R_1);
        percentile.setData(ok);
        boolean any = ok.length > 0;
        return new LoadResult(concurrency, requests, failed, seconds, ok.length / seconds,
                any ? percentile.evaluate(50) : Double.NaN, any ? percentile.evaluate(95) : Double.NaN,
                any ? percentile.evaluate(99) : Double.NaN,
                any ? java.util.Arrays.stream(ok).average().orElseThrow() : Double.NaN,
                firstFailure.get() == null ? "" : firstFailure.get());
    }

    /**
     * Sends {@code n} requests from {@code concurrency} threads; {@code millis[i]} is NaN for a failed request, and
     * {@code firstFailure} keeps the first failure's exception as text.
     */
    private int send(int n, double[] millis, AtomicReference<String> firstFailure) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                clients.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < n;) {
                        float[][] rows = new float[rowsPerRequest][];
                        for (int r = 0; r < rowsPerRequest; r++) {
                            rows[r] = examples[(i * rowsPerRequest + r) % examples.length];
                        }
                        long t0 = System.nanoTime();
                        try {
                            client.predict(rows);
                            millis[i] = (System.nanoTime() - t0) / 1e6;
                        } catch (RuntimeException e) {
                            firstFailure.compareAndSet(null, e.toString());
                            millis[i] = Double.NaN;
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("load test interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load client failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return failed.get();
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, but is " + value);
        }
        return value;
    }
}
