package dev.doitlive.web;

import java.util.Collection;
import java.util.Map;

/** Writes JSON: what the page reads. Small on purpose: the page needs objects, arrays, strings, numbers, booleans. */
final class Json {
    private final StringBuilder out = new StringBuilder(256);
    private boolean first = true;

    Json begin() {
        comma();
        out.append('{');
        first = true;
        return this;
    }

    Json end() {
        out.append('}');
        first = false;
        return this;
    }

    Json array(String key) {
        key(key);
        out.append('[');
        first = true;
        return this;
    }

    Json endArray() {
        out.append(']');
        first = false;
        return this;
    }

    Json object(String key) {
        key(key);
        out.append('{');
        first = true;
        return this;
    }

    Json put(String key, String value) {
        key(key);
        string(value);
        return this;
    }

    Json put(String key, long value) {
        key(key);
        out.append(value);
        return this;
    }

    Json put(String key, double value) {
        key(key);
        number(value);
        return this;
    }

    Json put(String key, boolean value) {
        key(key);
        out.append(value);
        return this;
    }

    Json put(String key, Collection<String> values) {
        array(key);
        for (String v : values) {
            element(v);
        }
        return endArray();
    }

    Json put(String key, Map<String, String> values) {
        object(key);
        values.forEach(this::put);
        return end();
    }

    /** Every answer of the page's requests: {@code {"ok":..,"message":".."}}, the message the shell's line. */
    static String answer(boolean ok, String message) {
        return new Json().begin().put("ok", ok).put("message", message).end().toString();
    }

    /** An element of the array being written. */
    Json element(String value) {
        comma();
        string(value);
        return this;
    }

    Json element(double value) {
        comma();
        number(value);
        return this;
    }

    private void key(String key) {
        comma();
        string(key);
        out.append(':');
    }

    private void comma() {
        if (!first) {
            out.append(',');
        }
        first = false;
    }

    private void number(double v) {
        if (Double.isFinite(v)) {
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                out.append((long) v);
            } else {
                out.append(v);
            }
        } else {
            out.append("null");
        }
    }

    private void string(String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
