package org.dlnotes.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.models.Mlp;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** A real server on 127.0.0.1 and real HTTP requests: tokens, bad input, metrics, batching, shutdown, a busy port. */
class InferenceServerTest {

    static final String TOKEN = "test-token-0123456789";

    static MultiLayerNetwork network() {
        return Mlp.builder().inputs(4).hidden(8).output(3, Activation.SOFTMAX, LossFunction.MCXENT).seed(3).build();
    }

    static float[][] rows(int n) {
        float[][] rows = new float[n][4];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                rows[i][j] = (float) Math.sin(1.7 * i + 0.9 * j) * 3;
            }
        }
        return rows;
    }

    static InferenceServer.Builder server() {
        return InferenceServer.builder(network()).features(4).token(TOKEN).maxRowsPerRequest(5).maxBodyBytes(2000);
    }

    @Test
    void aServerOnTheLeanPassAnswersAsOneOnTheNetwork() {
        MultiLayerNetwork net = network();
        try (InferenceServer plain = InferenceServer.builder(net).features(4).token(TOKEN).start();
                InferenceServer lean = InferenceServer.builder(Predictor.lean(net)).features(4).token(TOKEN).start()) {
            Predictions expected = plain.client().predict(rows(5));
            Predictions got = lean.client().predict(rows(5));
            assertArrayEquals(expected.labels(), got.labels());
            assertTrue(expected.maxDifference(got) < 1e-5, "largest difference " + expected.maxDifference(got));
        }
        MultiLayerNetwork recurrent = org.dlnotes.models.LstmLanguageModel.builder().vocabulary(5).embedding(4).lstm(6, 1)
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Predictor.lean(recurrent));
        assertTrue(e.getMessage().contains("layer 0"), e.getMessage());
    }

    @Test
    void noOrWrongTokenGets401AndTheRightOneIsAnswered() {
        try (InferenceServer server = server().start()) {
            InferenceClient client = server.client();
            String body = "{\"inputs\": [[1, 2, 3, 4]]}";
            Reply none = client.withoutToken().post("/predict", body);
            assertEquals(401, none.status());
            assertTrue(none.error().startsWith("missing token"), none.error());
            Reply wrong = client.withToken("test-token-0123456788").post("/predict", body);
            assertEquals(401, wrong.status());
            assertTrue(wrong.error().startsWith("wrong token"), wrong.error());
            assertEquals(401, client.withToken(TOKEN + "x").get("/metrics").status());
            assertEquals(401, client.withToken(TOKEN.substring(1)).post("/predict", body).status());
            Reply right = client.post("/predict", body);
            assertEquals(200, right.status(), right.body());
            assertEquals(1, right.predictions().size());
            assertEquals(200, client.withoutToken().get("/health").status());
            assertEquals(Map.of(200, 1L, 401, 3L), server.metrics().responses());
            assertEquals("true", System.getProperty("sun.net.httpserver.nodelay"), "no 40 ms Nagle stall per answer");
        }
    }

    @Test
    void eachKindOfBadInputGetsItsMessageAndTheServerGoesOn() {
        String row = "[1, 2, 3, 4]";
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("not json", "the body is not valid JSON");
        bad.put("", "the body must be a JSON object");
        bad.put("[" + row + "]", "the body must be a JSON object {\"inputs\": [[x1, ..., xn], ...]}, but is an array");
        bad.put("{}", "missing field \"inputs\"");
        bad.put("{\"input\": [" + row + "]}", "unknown field \"input\"");
        bad.put("{\"inputs\": [" + row + "], \"inputs\": [" + row + "]}", "Duplicate field 'inputs'");
        bad.put("{\"inputs\": \"1,2,3,4\"}", "\"inputs\" must be an array of rows of 4 numbers, but is a string");
        bad.put("{\"inputs\": " + row + "}", "inputs[0] must be an array of 4 numbers, but is a number");
        bad.put("{\"inputs\": [[1, 2, 3]]}", "inputs[0] has 3 values, but the model takes 4");
        bad.put("{\"inputs\": [" + row + ", [1, 2, 3, 4, 5]]}", "inputs[1] has more than 4 values");
        bad.put("{\"inputs\": [[1, \"2\", 3, 4]]}", "inputs[0][1] must be a number, but is a string (\"2\")");
        bad.put("{\"inputs\": [[1, 2, null, 4]]}", "inputs[0][2] must be a number, but is null");
        bad.put("{\"inputs\": [[1, 2, 3, NaN]]}", "inputs[0][3] is NaN: every value must be a finite number");
        bad.put("{\"inputs\": [[1, -Infinity, 3, 4]]}", "inputs[0][1] is -Infinity");
        bad.put("{\"inputs\": [[1, 1e39, 3, 4]]}", "inputs[0][1] = 1e39 is outside float32's range");
        bad.put("{\"inputs\": []}", "\"inputs\" is empty");
        bad.put("{\"inputs\": [" + (row + ",").repeat(5) + row + "]}", "\"inputs\" has more than 5 rows");
        bad.put("{\"inputs\": [" + row + "]} {}", "the body has more after its JSON object");
        try (InferenceServer server = server().start()) {
            InferenceClient client = server.client();
            for (var e : bad.entrySet()) {
                Reply r = client.post("/predict", e.getKey());
                assertEquals(400, r.status(), e.getKey() + " → " + r);
                assertTrue(r.error().contains(e.getValue()), e.getKey() + " → " + r.error());
                assertEquals(200, client.post("/predict", "{\"inputs\": [" + row + "]}").status());
            }
            Reply big = client.post("/predict", "{\"inputs\": [[" + "0,".repeat(1500) + "0]]}");
            assertEquals(413, big.status());
            assertTrue(big.error().contains("the limit is 2000 bytes"), big.error());
            Reply get = client.get("/predict");
            assertEquals(405, get.status());
            assertEquals(404, client.get("/predictions").status());
            Predictions p = client.predict(rows(2));
            assertEquals(2, p.size());
            ServeException thrown = assertThrows(ServeException.class, () -> client.predict(new float[][] {{1, 2}}));
            assertEquals(400, thrown.status());
            assertTrue(thrown.getMessage().contains("inputs[0] has 2 values"), thrown.getMessage());
            MetricsSnapshot m = server.metrics();
            assertEquals(Map.of(200, bad.size() + 1L, 400, bad.size() + 1L, 405, 1L, 413, 1L), m.responses());
        }
    }

    @Test
    void metricsCountRequestsByStatusAndTheirLatencies() {
        try (InferenceServer server = server().start()) {
            InferenceClient client = server.client();
            for (int i = 0; i < 7; i++) {
                client.predict(rows(1 + i % 3));
            }
            for (int i = 0; i < 3; i++) {
                client.post("/predict", "{\"inputs\": [[1]]}");
            }
            client.withoutToken().post("/predict", "{}");
            client.get("/health");
            MetricsSnapshot m = client.metrics();
            assertEquals(11, m.requests());
            assertEquals(Map.of(200, 7L, 400, 3L, 401, 1L), m.responses());
            assertEquals(4, m.errors());
            assertEquals(0, m.inFlight());
            assertEquals(7, m.batches());
            assertEquals(1 + 2 + 3 + 1 + 2 + 3 + 1, m.batchedRows());
            assertEquals(11, m.histogram().stream().mapToLong(MetricsSnapshot.Bucket::count).sum());
            assertTrue(m.p50Ms() > 0 && m.p50Ms() <= m.p95Ms() && m.p95Ms() <= m.p99Ms(), m.toString());
            assertTrue(m.meanMs() > 0 && m.meanMs() <= m.p99Ms() * 1.1 + 1, m.toString());
            MetricsSnapshot direct = server.metrics();
            assertEquals(m.responses(), direct.responses());
            assertEquals(m.p99Ms(), direct.p99Ms(), 1e-9);
            assertEquals(11, m.table().rowCount());
        }
    }

    @Test
    void batchingGivesTheSamePredictionsInFewerModelCalls() throws Exception {
        float[][] rows = rows(16);
        Predictions single;
        try (InferenceServer server = server().start()) {
            single = server.client().predict(slice(rows, 0, 5));
        }
        try (InferenceServer server = server().batching(8, Duration.ofMillis(200)).start()) {
            InferenceClient client = server.client();
            List<CompletableFuture<Predictions>> answers = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 16; i++) {
                float[][] one = {rows[i]};
                answers.add(CompletableFuture.supplyAsync(() -> {
                    await(go);
                    return client.predict(one);
                }, java.util.concurrent.Executors.newSingleThreadExecutor()));
            }
            go.countDown();
            float[][] probabilities = new float[16][];
            int[] labels = new int[16];
            for (int i = 0; i < 16; i++) {
                Predictions p = answers.get(i).get(30, TimeUnit.SECONDS);
                probabilities[i] = p.probabilities()[0];
                labels[i] = p.labels()[0];
            }
            Predictions batched = new Predictions(labels, probabilities);
            Predictions unbatched = new Predictions(new int[16], new float[16][]);
            try (InferenceServer plain = server().start()) {
                for (int i = 0; i < 16; i += 4) {
                    Predictions p = plain.client().predict(slice(rows, i, i + 4));
                    System.arraycopy(p.labels(), 0, unbatched.labels(), i, 4);
                    System.arraycopy(p.probabilities(), 0, unbatched.probabilities(), i, 4);
                }
            }
            assertArrayEquals(unbatched.labels(), batched.labels());
            assertTrue(batched.maxDifference(unbatched) < 1e-6, "difference " + batched.maxDifference(unbatched));
            assertTrue(slice(batched, 5).maxDifference(single) < 1e-6);
            MetricsSnapshot m = server.metrics();
            assertEquals(16, m.batchedRows());
            assertTrue(m.batches() >= 2 && m.batches() < 16, "model calls: " + m.batches());
            assertTrue(m.meanBatchRows() > 1 && m.meanBatchRows() <= 8, "rows per call: " + m.meanBatchRows());
        }
    }

    @Test
    void aRequestLargerThanTheBatchRunsAloneAndCorrectly() {
        try (InferenceServer batched = server().batching(2, Duration.ofMillis(1)).start();
                InferenceServer plain = server().start()) {
            Predictions a = batched.client().predict(rows(5));
            Predictions b = plain.client().predict(rows(5));
            assertTrue(a.maxDifference(b) < 1e-6);
            assertEquals(1, batched.metrics().batches());
        }
    }

    @Test
    void shutdownFinishesTheRequestInFlightRefusesNewOnesAndFreesThePort() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MultiLayerNetwork net = network();
        Predictor slow = rows -> {
            entered.countDown();
            await(release);
            return net.output(rows, false);
        };
        int before = InferenceServer.running();
        InferenceServer server = InferenceServer.builder(slow).features(4).token(TOKEN).start();
        assertEquals(before + 1, InferenceServer.running());
        int port = server.port();
        InferenceClient client = server.client();
        CompletableFuture<Predictions> inFlight = CompletableFuture.supplyAsync(() -> client.predict(rows(2)));
        assertTrue(entered.await(30, TimeUnit.SECONDS));
        CompletableFuture<InferenceServer.Shutdown> stopping =
                CompletableFuture.supplyAsync(() -> server.stop(Duration.ofSeconds(20)));
        long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        CompletableFuture<InferenceServer.Shutdown> secondStop =
                CompletableFuture.supplyAsync(() -> server.stop(Duration.ofSeconds(20)));
        Reply refused = client.post("/predict", "{\"inputs\": [[1, 2, 3, 4]]}");
        while (refused.status() != 503 && System.nanoTime() < wait) {   // until stop() has begun
            Thread.sleep(10);
            refused = client.post("/predict", "{\"inputs\": [[1, 2, 3, 4]]}");
        }
        assertEquals(503, refused.status());
        assertEquals("the server is shutting down", refused.error());
        assertEquals(503, client.get("/health").status());
        assertFalse(stopping.isDone());
        release.countDown();
        assertEquals(2, inFlight.get(30, TimeUnit.SECONDS).size());
        InferenceServer.Shutdown s = stopping.get(30, TimeUnit.SECONDS);
        assertEquals(1, s.inFlightAtStop());
        assertEquals(0, s.unfinished());
        assertEquals(s, server.stop(Duration.ZERO));
        assertEquals(s, secondStop.get(30, TimeUnit.SECONDS));
        assertEquals(before, InferenceServer.running());
        assertThrows(UncheckedIOException.class, () -> client.get("/health"));
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName(InferenceServer.HOST))) {
            assertEquals(port, again.getLocalPort());
        }
    }

    @Test
    void aRequestThatOutlivesTheGracePeriodIsCutOff() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MultiLayerNetwork net = network();
        Predictor stuck = rows -> {
            entered.countDown();
            await(release);
            return net.output(rows, false);
        };
        InferenceServer server = InferenceServer.builder(stuck).features(4).token(TOKEN)
                .shutdownGrace(Duration.ofMillis(300)).start();
        CompletableFuture<Predictions> inFlight = CompletableFuture.supplyAsync(() -> server.client().predict(rows(1)));
        assertTrue(entered.await(30, TimeUnit.SECONDS));
        long start = System.nanoTime();
        server.close();
        InferenceServer.Shutdown s = server.stop(Duration.ZERO);
        release.countDown();
        assertEquals(1, s.inFlightAtStop());
        assertEquals(1, s.unfinished());
        assertTrue(s.seconds() >= 0.29 && (System.nanoTime() - start) / 1e9 < 15, s.toString());
        assertThrows(Exception.class, () -> inFlight.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aPortInUseSaysWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(InferenceServer.HOST))) {
            int port = taken.getLocalPort();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> server().port(port).start());
            assertTrue(e.getMessage().startsWith("127.0.0.1:" + port + " is already in use"), e.getMessage());
            assertTrue(e.getMessage().contains("choose another port with port(p), or port(0)"), e.getMessage());
        }
    }

    @Test
    void settingsAreChecked() {
        var b = InferenceServer.builder(network());
        assertEquals("token must be at least 16 visible ASCII characters without spaces, but has 5 characters; "
                + "use InferenceServer.randomToken()",
                assertThrows(IllegalArgumentException.class, () -> b.token("short")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.token("sixteen chars ok!")).getMessage()
                .contains("with a space"));
        assertEquals("features not set: call features(n) with the model's input size",
                assertThrows(IllegalStateException.class, () -> b.token(TOKEN).start()).getMessage());
        assertEquals("port must be in 0..65535, but is 70000",
                assertThrows(IllegalArgumentException.class, () -> b.port(70000)).getMessage());
        assertEquals(43, InferenceServer.randomToken().length());
        assertFalse(InferenceServer.randomToken().equals(InferenceServer.randomToken()));
    }

    static float[][] slice(float[][] rows, int from, int to) {
        return java.util.Arrays.copyOfRange(rows, from, to);
    }

    static Predictions slice(Predictions p, int n) {
        return new Predictions(java.util.Arrays.copyOf(p.labels(), n), java.util.Arrays.copyOf(p.probabilities(), n));
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
