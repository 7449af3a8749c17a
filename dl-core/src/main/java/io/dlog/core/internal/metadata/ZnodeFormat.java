package io.dlog.core.internal.metadata;

import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text form of every znode value: {@code key=value} lines, the first being {@code format=1}. Readable in
 * zkCli, and a future format can add keys without breaking older readers.
 */
final class ZnodeFormat {
    static final int VERSION = 1;

    private ZnodeFormat() {
    }

    static byte[] encode(Map<String, Object> fields) {
        StringBuilder sb = new StringBuilder("format=").append(VERSION).append('\n');
        fields.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, String> decode(byte[] data, String path) throws DLException {
        Map<String, String> fields = new LinkedHashMap<>();
        if (data == null || data.length == 0) {
            throw new DLException(StatusCode.METADATA_EXCEPTION, "znode " + path + " is empty");
        }
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new DLException(StatusCode.METADATA_EXCEPTION, "znode " + path + " has a malformed line");
            }
            fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
        String format = fields.get("format");
        if (format == null) {
            throw new DLException(StatusCode.METADATA_EXCEPTION, "znode " + path + " has no format version");
        }
        if (!format.equals(Integer.toString(VERSION))) {
            throw new DLException(StatusCode.UNSUPPORTED_METADATA_VERSION, "znode " + path + " has format "
                    + format + "; this build reads format " + VERSION);
        }
        return fields;
    }

    static long longField(Map<String, String> fields, String key, String path) throws DLException {
        String v = fields.get(key);
        if (v == null) {
            throw new DLException(StatusCode.METADATA_EXCEPTION, "znode " + path + " lacks " + key);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new DLException(StatusCode.METADATA_EXCEPTION, "znode " + path + " has a bad " + key + ": " + v);
        }
    }
}
