package org.dlnotes.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A client of an {@link InferenceServer} on the JDK's {@link HttpClient} (HTTP/1.1, connections kept alive and
 * shared by the threads that use this client).
 *
 * <pre>{@code
 * InferenceClient client = InferenceClient.of(server.uri(), token);
 * Predictions p = client.predict(rows);
 * Reply r = client.withoutToken().post("/predict", "{}");   // r.status() == 401
 * }</pre>
 */
public final class InferenceClient {

    private final HttpClient http;
    private final URI base;
    private final String token;   // null: no Authorization header
    private final Duration timeout;

    private InferenceClient(HttpClient http, URI base, String token, Duration timeout) {
        this.http = http;
        this.base = base;
        this.token = token;
        this.timeout = timeout;
    }

    /** A client of the server at {@code base} (e.g. {@code http://127.0.0.1:8080/}) sending {@code token}. */
    public static InferenceClient of(URI base, String token) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(token, "token");
        if (!"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("base must be an http:// URI, but is " + base);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return new InferenceClient(http, base, token, Duration.ofSeconds(30));
    }

    /** The same client sending {@code token} instead. */
    public InferenceClient withToken(String token) {
        return new InferenceClient(http, base, Objects.requireNonNull(token, "token"), timeout);
    }

    /** The same client sending no {@code Authorization} header. */
    public InferenceClient withoutToken() {
        return new InferenceClient(http, base, null, timeout);
    }

    /** The same client giving up on a request after {@code timeout} (default 30 s). */
    public InferenceClient timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, but is " + timeout);
        }
        return new InferenceClient(http, base, token, timeout);
    }

    /**
     * Predictions for {@code rows}.
     *
     * @throws ServeException with the server's status and message if it does not answer 200
     */
    public Predictions predict(float[][] rows) {
        return send(request("/predict").POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeInputs(rows))))
                .predictions();
    }

    /** The server's metrics ({@code GET /metrics}). */
    public MetricsSnapshot metrics() {
        return Json.readMetrics(ok(get("/metrics")).body());
    }

    /** {@code POST path} with this body, whatever the answer. */
    public Reply post(String path, String body) {
        Objects.requireNonNull(body, "body");
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** {@code GET path}, whatever the answer. */
    public Reply get(String path) {
        return send(request(path).GET());
    }

    private HttpRequest.Builder request(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /, but is " + path);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Reply send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), (System.nanoTime() - start) / 1e6);
        } catch (IOException e) {
            throw new UncheckedIOException("no answer from " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + base, e);
        }
    }

    private static Reply ok(Reply r) {
        if (r.status() != 200) {
            throw new ServeException(r.status(), r.error());
        }
        return r;
    }
}
