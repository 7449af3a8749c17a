package io.dlog.tools;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the JSON of {@code --output json}: maps (keys in insertion order), collections, strings, numbers,
 * booleans and null, on one line. Field names are part of the CLI's contract (docs/cli.md lists them).
 */
final class Json {
    private Json() {
    }

    /**
     * Makes an object from alternating keys and values.
     *
     * @param keysAndValues key, value, key, value, ...
     * @return the object, keys in the given order
     */
    static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must pair up");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /**
     * Renders a value.
     *
     * @param value a map, collection, string, number, boolean or null
     * @return its JSON text
     */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            sb.append('"').append(RecordPrinter.jsonEscape(s)).append('"');
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                append(sb, String.valueOf(e.getKey()));
                sb.append(':');
                append(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                sb.append(first ? "" : ",");
                first = false;
                append(sb, o);
            }
            sb.append(']');
        } else {
            append(sb, v.toString());
        }
    }
}
