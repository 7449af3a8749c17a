package io.dlog.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A consistent-hash ring over proxy addresses: each address owns {@code virtualNodes} points, a key goes to the
 * first point at or after its hash. Adding or removing one proxy moves only the keys of that proxy. Immutable.
 */
final class HashRing {
    static final int DEFAULT_VIRTUAL_NODES = 128;

    private final NavigableMap<Long, String> points = new TreeMap<>();
    private final List<String> nodes;

    HashRing(Collection<String> nodes, int virtualNodes) {
        this.nodes = List.copyOf(nodes);
        for (String node : this.nodes) {
            for (int i = 0; i < virtualNodes; i++) {
                points.put(hash(node + "#" + i), node);
            }
        }
    }

    /** Returns the ring's addresses. */
    List<String> nodes() {
        return nodes;
    }

    boolean isEmpty() {
        return nodes.isEmpty();
    }

    /**
     * Returns the address for {@code key}: the first usable one clockwise from its hash, or null if none is usable.
     */
    String route(String key, Predicate<String> usable) {
        if (points.isEmpty()) {
            return null;
        }
        long h = hash(key);
        for (Map.Entry<Long, String> e : points.tailMap(h, true).entrySet()) {
            if (usable.test(e.getValue())) {
                return e.getValue();
            }
        }
        for (Map.Entry<Long, String> e : points.headMap(h, false).entrySet()) {
            if (usable.test(e.getValue())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** FNV-1a over the UTF-8 bytes, then a 64-bit finalizer so that near keys spread over the whole ring. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
