package org.dlnotes.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.JsonFactory;
import org.nd4j.shade.jackson.core.JsonGenerator;
import org.nd4j.shade.jackson.core.JsonParseException;
import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.core.JsonToken;
import org.nd4j.shade.jackson.core.StreamReadFeature;
import org.nd4j.shade.jackson.core.json.JsonReadFeature;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The service's JSON, read and written with the Jackson that DL4J already brings (shaded as
 * {@code org.nd4j.shade.jackson}). Requests are read with Jackson's streaming parser against the one expected shape
 * {@code {"inputs": [[f, ...], ...]}}, so every error names the field and position, and no input can make the reader
 * recurse or build objects of its choosing. {@code NaN} and {@code Infinity} tokens are read so that they can be refused
 * with that message rather than a generic syntax error.
 */
final class Json {

    static final JsonFactory FACTORY = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    static final String SHAPE = "{\"inputs\": [[x1, ..., xn], ...]}";

    private Json() {
    }

    /**
     * The rows of a predict request's body.
     *
     * @throws BadRequestException naming what is wrong: not JSON, not an object, a missing or unknown field, a row
     *                             that is not an array of {@code features} finite numbers, no rows or too many
     */
    static float[][] readInputs(byte[] body, int features, int maxRows) {
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new BadRequestException("the body must be a JSON object " + SHAPE + ", but is "
                        + (first == null ? "empty" : kind(first)));
            }
            float[][] rows = null;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                if (!"inputs".equals(field)) {
                    throw new BadRequestException("unknown field \"" + field + "\": the body has one field, "
                            + "\"inputs\", as in " + SHAPE);
                }
                rows = readRows(p, features, maxRows);
            }
            if (p.nextToken() != null) {
                throw new BadRequestException("the body has more after its JSON object; send one object " + SHAPE);
            }
            if (rows == null) {
                throw new BadRequestException("missing field \"inputs\": the body must be " + SHAPE);
            }
            return rows;
        } catch (JsonParseException e) {
            throw new BadRequestException("the body is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[][] readRows(JsonParser p, int features, int maxRows) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_ARRAY) {
            throw new BadRequestException("\"inputs\" must be an array of rows of " + features + " numbers, but is "
                    + kind(t));
        }
        List<float[]> rows = new ArrayList<>();
        for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            int i = rows.size();
            if (i == maxRows) {
                throw new BadRequestException("\"inputs\" has more than " + maxRows + " rows: send at most "
                        + maxRows + " per request");
            }
            if (t != JsonToken.START_ARRAY) {
                throw new BadRequestException("inputs[" + i + "] must be an array of " + features
                        + " numbers, but is " + kind(t) + (i == 0 && t.isNumeric()
                                ? " (one example is still a list of rows: {\"inputs\": [[x1, ..., xn]]})" : ""));
            }
            rows.add(readRow(p, i, features));
        }
        if (rows.isEmpty()) {
            throw new BadRequestException("\"inputs\" is empty: send at least one row of " + features + " numbers");
        }
        return rows.toArray(new float[0][]);
    }

    private static float[] readRow(JsonParser p, int i, int features) throws IOException {
        float[] row = new float[features];
        int j = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), j++) {
            String at = "inputs[" + i + "][" + j + "]";
            if (j == features) {
                throw new BadRequestException("inputs[" + i + "] has more than " + features
                        + " values, but the model takes " + features);
            }
            if (!t.isNumeric()) {
                throw new BadRequestException(at + " must be a number, but is " + kind(t)
                        + (t == JsonToken.VALUE_STRING ? " (\"" + abbreviate(p.getText()) + "\")" : ""));
            }
            double v = p.getDoubleValue();
            if (!Double.isFinite(v)) {
                throw new BadRequestException(at + " is " + p.getText() + ": every value must be a finite number");
            }
            if (Math.abs(v) > Float.MAX_VALUE) {
                throw new BadRequestException(at + " = " + p.getText() + " is outside float32's range (±"
                        + Float.MAX_VALUE + ")");
            }
            row[j] = (float) v;
        }
        if (j != features) {
            throw new BadRequestException("inputs[" + i + "] has " + j + " values, but the model takes " + features);
        }
        return row;
    }

    private static String kind(JsonToken t) {
        if (t == null) {
            return "missing";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "…";
    }

    /** The request body {@code {"inputs": rows}}. */
    static byte[] writeInputs(float[][] rows) {
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("inputs");
            for (float[] row : rows) {
                g.writeStartArray();
                for (float v : row) {
                    g.writeNumber(v);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** The response body {@code {"predictions": [{"label": k, "probabilities": [...]}, ...]}}. */
    static byte[] writePredictions(INDArray probabilities) {
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("predictions");
            for (int i = 0; i < probabilities.rows(); i++) {
                float[] row = probabilities.getRow(i).toFloatVector();
                g.writeStartObject();
                g.writeNumberField("label", argMax(row));
                g.writeArrayFieldStart("probabilities");
                for (float v : row) {
                    g.writeNumber(v);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** An error body {@code {"error": message}}. */
    static byte[] writeError(String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    /** {@code GET /metrics}'s body. */
    static byte[] writeMetrics(MetricsSnapshot m) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("requests", m.requests());
            g.writeObjectFieldStart("responses");
            for (var e : m.responses().entrySet()) {
                g.writeNumberField(String.valueOf(e.getKey()), e.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("errors", m.errors());
            g.writeNumberField("in_flight", m.inFlight());
            g.writeObjectFieldStart("latency_ms");
            g.writeNumberField("p50", m.p50Ms());
            g.writeNumberField("p95", m.p95Ms());
            g.writeNumberField("p99", m.p99Ms());
            g.writeNumberField("mean", m.meanMs());
            g.writeArrayFieldStart("histogram");
            for (MetricsSnapshot.Bucket b : m.histogram()) {
                g.writeStartObject();
                g.writeNumberField("le", b.upperMs());
                g.writeNumberField("count", b.count());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeNumberField("model_calls", m.batches());
            g.writeNumberField("model_rows", m.batchedRows());
            g.writeEndObject();
        });
    }

    /** A {@link MetricsSnapshot} from {@code GET /metrics}'s body. */
    static MetricsSnapshot readMetrics(String body) {
        try {
            JsonNode root = new ObjectMapper(FACTORY).readTree(body);
            Map<Integer, Long> responses = new TreeMap<>();
            root.required("responses").fields().forEachRemaining(
                    e -> responses.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
            JsonNode latency = root.required("latency_ms");
            List<MetricsSnapshot.Bucket> histogram = new ArrayList<>();
            latency.required("histogram").forEach(b -> histogram.add(new MetricsSnapshot.Bucket(
                    b.required("le").asDouble(), b.required("count").asLong())));
            return new MetricsSnapshot(root.required("requests").asLong(), responses,
                    root.required("in_flight").asLong(), latency.required("p50").asDouble(),
                    latency.required("p95").asDouble(), latency.required("p99").asDouble(),
                    latency.required("mean").asDouble(), histogram, root.required("model_calls").asLong(),
                    root.required("model_rows").asLong());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a metrics body: " + e.getMessage(), e);
        }
    }

    /** The {@code "error"} of an error body, or the body itself if it has none. */
    static String readError(String body) {
        try {
            JsonNode error = new ObjectMapper(FACTORY).readTree(body).get("error");
            return error != null && error.isTextual() ? error.asText() : body;
        } catch (IOException e) {
            return body;
        }
    }

    /** Labels and probabilities of a predict response. */
    static Predictions readPredictions(String body) {
        try {
            JsonNode list = new ObjectMapper(FACTORY).readTree(body).required("predictions");
            int[] labels = new int[list.size()];
            float[][] probabilities = new float[list.size()][];
            for (int i = 0; i < list.size(); i++) {
                labels[i] = list.get(i).required("label").asInt();
                JsonNode p = list.get(i).required("probabilities");
                probabilities[i] = new float[p.size()];
                for (int k = 0; k < p.size(); k++) {
                    probabilities[i][k] = (float) p.get(k).asDouble();
                }
            }
            return new Predictions(labels, probabilities);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a predictions body: " + e.getMessage(), e);
        }
    }

    static int argMax(float[] row) {
        int best = 0;
        for (int k = 1; k < row.length; k++) {
            if (row[k] > row[best]) {
                best = k;
            }
        }
        return best;
    }

    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
