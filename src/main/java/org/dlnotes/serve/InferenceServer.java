package org.dlnotes.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model behind JSON over HTTP on 127.0.0.1 only.
 *
 * <ul>
 * <li>{@code POST /predict} with {@code Authorization: Bearer TOKEN} and {@code {"inputs": [[x1, ..., xn], ...]}}
 * answers {@code {"predictions": [{"label": k, "probabilities": [...]}, ...]}}. No or a wrong token gets 401; a body
 * that is not that shape (not JSON, a missing or unknown field, a row of the wrong length, a value that is not a
 * finite number, no rows or too many) gets 400 and a message naming what is wrong; a body over the size limit gets
 * 413. The server keeps serving after each.</li>
 * <li>{@code GET /metrics} (same token): {@link MetricsSnapshot} as JSON: requests, responses by status, latency
 * percentiles and histogram, model calls and rows per call.</li>
 * <li>{@code GET /health} (no token, as a load balancer asks it): 200 while serving, 503 while shutting down.</li>
 * </ul>
 *
 * <p>HTTP is the JDK's own {@code com.sun.net.httpserver.HttpServer}: no dependency, HTTP/1.1 with keep-alive, a
 * thread pool we choose, and enough for a loopback service (with {@code TCP_NODELAY}, which this class turns on through
 * the JDK's {@code sun.net.httpserver.nodelay} unless it is set); it has no TLS here (a real deployment puts TLS and the
 * public address in a proxy in front). Tokens are compared by their SHA-256 digests with
 * {@link MessageDigest#isEqual}, which takes the same time wherever the bytes differ and, on digests, whatever the
 * token's length.
 *
 * <p>With {@link Builder#batching(int, Duration)} the rows of concurrent requests are run through the model together
 * (micro-batching); without it each request calls the model on its own rows. The model is called from one thread at
 * a time either way (a DL4J network's {@code output} is synchronized anyway).
 *
 * <p>{@link #close()} shuts down gracefully: new requests get 503, requests in flight get up to the grace period to
 * finish, then the port is closed and the threads end.
 *
 * <pre>{@code
 * try (InferenceServer server = InferenceServer.builder(net).features(784).token(InferenceServer.randomToken())
 *         .batching(16, Duration.ofMillis(2)).start()) {
 *     Predictions p = server.client().predict(rows);
 * }
 * }</pre>
 */
public final class InferenceServer implements AutoCloseable {

    /** The only address the server binds to. */
    public static final String HOST = "127.0.0.1";

    private static final AtomicInteger RUNNING = new AtomicInteger();

    static {
        // The JDK server writes an answer's headers and body as two segments; with Nagle's algorithm on, the body
        // waits for the client's delayed ACK of the headers, about 40 ms on Linux. Read once, when the first server
        // of this JVM starts; a value set on the command line wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer http;
    private final ExecutorService handlers;
    private final MicroBatcher batcher;   // null without batching
    private final Predictor predictor;
    private final ServerMetrics metrics = new ServerMetrics();
    private final int features;
    private final int maxRows;
    private final int maxBodyBytes;
    private final Duration grace;
    private final String token;
    private final byte[] tokenDigest;
    private final Object lock = new Object();
    private int inFlight;
    private boolean draining;
    private Shutdown shutdown;

    /**
     * When the /predict request this handler thread serves started, until its answer is counted (not an exchange
     * attribute: the JDK server shares those between all exchanges of a context).
     */
    private final ThreadLocal<Long> started = new ThreadLocal<>();

    /**
     * How a shutdown went.
     *
     * @param inFlightAtStop requests being handled when it began
     * @param unfinished     of those, requests still running when the grace period ended (their connections were
     *                       closed)
     * @param seconds        how long it took
     */
    public record Shutdown(int inFlightAtStop, int unfinished, double seconds) {
    }

    private InferenceServer(Builder b) {
        this.predictor = b.predictor;
        this.features = b.features;
        this.maxRows = b.maxRows;
        this.maxBodyBytes = b.maxBodyBytes;
        this.grace = b.grace;
        this.token = b.token;
        this.tokenDigest = sha256(b.token);
        try {
            this.http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), b.port), 128);
        } catch (BindException e) {
            throw new IllegalStateException(HOST + ":" + b.port + " is already in use (" + e.getMessage()
                    + "): stop the server or process that holds it, or choose another port with port(p), or port(0) "
                    + "for any free one", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open an HTTP server on " + HOST + ":" + b.port, e);
        }
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "dlnotes-serve-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.batcher = b.batchRows > 0 ? new MicroBatcher(predictor, metrics, b.batchRows, b.batchWait.toNanos()) : null;
        http.setExecutor(handlers);
        http.createContext("/", this::handle);
        http.start();
        RUNNING.incrementAndGet();
    }

    /** A builder serving {@code predictor}; {@link Builder#features(int)} and {@link Builder#token(String)} are required. */
    public static Builder builder(Predictor predictor) {
        return new Builder(Objects.requireNonNull(predictor, "predictor"));
    }

    /** A builder serving a DL4J network's inference-mode output. */
    public static Builder builder(MultiLayerNetwork network) {
        return builder(Predictor.of(network));
    }

    /** 32 random bytes from {@link SecureRandom}, Base64url-encoded (43 characters). */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Servers started in this JVM and not yet closed. */
    public static int running() {
        return RUNNING.get();
    }

    /** The port the server listens on (chosen by the system for {@code port(0)}). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public URI uri() {
        return URI.create("http://" + HOST + ":" + port() + "/");
    }

    /** A client of this server with its token. */
    public InferenceClient client() {
        return InferenceClient.of(uri(), token);
    }

    /** Whether requests' rows are batched together. */
    public boolean batching() {
        return batcher != null;
    }

    /** The metrics now, as {@code GET /metrics} reports them. */
    public MetricsSnapshot metrics() {
        return metrics.snapshot();
    }

    /** Shuts down with the builder's grace period; see {@link #stop(Duration)}. */
    @Override
    public void close() {
        stop(grace);
    }

    /**
     * Shuts down gracefully: from now on requests get 503 (and {@code /health} says so), the requests in flight get
     * up to {@code grace} to finish, then the port is closed (connections still open are closed with it) and the
     * threads end. Another call, at the same time or later, waits for the first and returns its result.
     */
    public Shutdown stop(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        long start = System.nanoTime();
        int atStop;
        int unfinished;
        synchronized (lock) {
            try {
                while (draining && shutdown == null) {   // another thread is stopping it: wait for its result
                    lock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while another thread stops the server", e);
            }
            if (shutdown != null) {
                return shutdown;
            }
            draining = true;
            atStop = inFlight;
            long deadline = start + grace.toNanos();
            try {
                for (long left; inFlight > 0 && (left = deadline - System.nanoTime()) > 0;) {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            unfinished = inFlight;
        }
        http.stop(0);
        if (batcher != null) {
            batcher.close();
        }
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.decrementAndGet();
        synchronized (lock) {
            shutdown = new Shutdown(atStop, unfinished, (System.nanoTime() - start) / 1e9);
            lock.notifyAll();
            return shutdown;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        String path = ex.getRequestURI().getPath();
        boolean refused;
        synchronized (lock) {
            refused = draining;
            if (!refused) {
                inFlight++;
            }
        }
        if (refused) {
            ex.getResponseHeaders().set("Connection", "close");
            send(ex, 503, path.equals("/health") ? status("shutting down")
                    : Json.writeError("the server is shutting down"));
            return;
        }
        boolean predict = path.equals("/predict");
        if (predict) {
            metrics.started();
            started.set(start);   // send() counts the request before the client can read its answer
        }
        int status = 500;
        try {
            status = switch (path) {
                case "/predict" -> predict(ex);
                case "/metrics" -> metricsEndpoint(ex);
                case "/health" -> send(ex, 200, status("ok"));
                default -> send(ex, 404, Json.writeError("no such endpoint " + path
                        + ": POST /predict, GET /metrics, GET /health"));
            };
        } catch (BadRequestException e) {
            status = send(ex, e.status(), Json.writeError(e.getMessage()));
        } catch (RuntimeException e) {
            status = send(ex, 500, Json.writeError("internal error: " + e));
        } finally {
            ex.close();
            if (predict && started.get() != null) {   // no answer was sent
                started.remove();
                metrics.finished(status, System.nanoTime() - start);
            }
            synchronized (lock) {
                inFlight--;
                lock.notifyAll();
            }
        }
    }

    private int predict(HttpExchange ex) throws IOException {
        if (!authorized(ex)) {
            return unauthorized(ex);
        }
        if (!ex.getRequestMethod().equals("POST")) {
            ex.getResponseHeaders().set("Allow", "POST");
            return send(ex, 405, Json.writeError("use POST for /predict, not " + ex.getRequestMethod()));
        }
        float[][] rows = Json.readInputs(readBody(ex), features, maxRows);
        INDArray probabilities;
        if (batcher != null) {
            try {
                probabilities = batcher.submit(rows).get(grace.toNanos() + TimeUnit.SECONDS.toNanos(60),
                        TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                return send(ex, 503, Json.writeError("the model did not answer: " + e.getCause().getMessage()));
            } catch (InterruptedException | TimeoutException e) {
                return send(ex, 503, Json.writeError("the model did not answer in time"));
            }
        } else {
            synchronized (predictor) {   // one model call at a time, as the batcher's single thread does
                probabilities = predictor.output(Nd4j.create(rows));
            }
            metrics.modelCall(rows.length);
        }
        return send(ex, 200, Json.writePredictions(probabilities));
    }

    private int metricsEndpoint(HttpExchange ex) throws IOException {
        if (!authorized(ex)) {
            return unauthorized(ex);
        }
        return send(ex, 200, Json.writeMetrics(metrics.snapshot()));
    }

    private byte[] readBody(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > maxBodyBytes) {
            throw tooLarge(Long.parseLong(length) + " bytes");
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw tooLarge("more than " + maxBodyBytes + " bytes");
            }
            return body;
        }
    }

    private BadRequestException tooLarge(String size) {
        return new BadRequestException(413, "the body has " + size + ", the limit is " + maxBodyBytes
                + " bytes: send fewer rows per request (at most " + maxRows + ")");
    }

    private boolean authorized(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).trim()));
    }

    private int unauthorized(HttpExchange ex) throws IOException {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        return send(ex, 401, Json.writeError(header == null
                ? "missing token: send the header Authorization: Bearer <token>"
                : "wrong token: the Authorization header does not hold this server's bearer token"));
    }

    private static byte[] status(String status) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("status", status);
            g.writeEndObject();
        });
    }

    /** Answers; a /predict request is counted in the metrics first, so a client that has its answer sees it counted. */
    private int send(HttpExchange ex, int status, byte[] body) throws IOException {
        Long since = started.get();
        if (since != null) {
            started.remove();
            metrics.finished(status, System.nanoTime() - since);
        }
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
        return status;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Settings of a server; {@link #start()} opens it. */
    public static final class Builder {
        private final Predictor predictor;
        private int features;
        private String token;
        private int port;
        private int threads = 16;
        private int maxRows = 64;
        private int maxBodyBytes = 1 << 20;
        private int batchRows;
        private Duration batchWait = Duration.ZERO;
        private Duration grace = Duration.ofSeconds(5);

        private Builder(Predictor predictor) {
            this.predictor = predictor;
        }

        /** Values per row the model takes (required). */
        public Builder features(int features) {
            this.features = positive("features", features);
            return this;
        }

        /**
         * The bearer token every request to {@code /predict} and {@code /metrics} must carry (required): at least 16
         * visible ASCII characters, e.g. {@link InferenceServer#randomToken()}.
         */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            if (token.length() < 16 || !token.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new IllegalArgumentException("token must be at least 16 visible ASCII characters without "
                        + "spaces, but has " + token.length() + " characters"
                        + (token.chars().allMatch(c -> c > 32 && c < 127) ? "" : " with a space or non-ASCII one")
                        + "; use InferenceServer.randomToken()");
            }
            this.token = token;
            return this;
        }

        /** The port on 127.0.0.1 (default 0: any free port; read it back with {@link InferenceServer#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535, but is " + port);
            }
            this.port = port;
            return this;
        }

        /** Requests handled at once (default 16); further connections wait in the accept queue. */
        public Builder threads(int threads) {
            this.threads = positive("threads", threads);
            return this;
        }

        /** Rows one request may send (default 64). */
        public Builder maxRowsPerRequest(int rows) {
            this.maxRows = positive("rows", rows);
            return this;
        }

        /** Largest request body in bytes (default 1 MiB); larger ones get 413. */
        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = positive("bytes", bytes);
            return this;
        }

        /**
         * Micro-batching: requests wait until the batch has {@code maxRows} rows or {@code maxWait} has passed since
         * its first request arrived, then the model runs once on all of them.
         */
        public Builder batching(int maxRows, Duration maxWait) {
            this.batchRows = positive("maxRows", maxRows);
            Objects.requireNonNull(maxWait, "maxWait");
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("maxWait must not be negative, but is " + maxWait);
            }
            this.batchWait = maxWait;
            return this;
        }

        /** How long {@link InferenceServer#close()} lets requests in flight finish (default 5 s). */
        public Builder shutdownGrace(Duration grace) {
            Objects.requireNonNull(grace, "grace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("grace must not be negative, but is " + grace);
            }
            this.grace = grace;
            return this;
        }

        /**
         * Opens the server on 127.0.0.1.
         *
         * @throws IllegalStateException if a setting is missing or the port is in use (the message says what to do)
         */
        public InferenceServer start() {
            if (features == 0) {
                throw new IllegalStateException("features not set: call features(n) with the model's input size");
            }
            if (token == null) {
                throw new IllegalStateException("token not set: call token(InferenceServer.randomToken())");
            }
            return new InferenceServer(this);
        }

        private static int positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, but is " + value);
            }
            return value;
        }
    }
}
