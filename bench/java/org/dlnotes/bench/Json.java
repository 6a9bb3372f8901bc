package org.dlnotes.bench;

import java.util.Map;
import java.util.stream.Collectors;

/** The few lines of JSON the worker answers with (flat objects of strings, numbers and booleans). */
final class Json {

    private Json() {
    }

    static String object(Map<String, ?> map) {
        return map.entrySet().stream().map(e -> quote(e.getKey()) + ": " + value(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String value(Object v) {
        if (v instanceof Number n && Double.isFinite(n.doubleValue()) || v instanceof Boolean) {
            return v.toString();
        }
        return v instanceof Number ? "null" : quote(String.valueOf(v));
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
