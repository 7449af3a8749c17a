package io.dlog.client.internal;

import io.dlog.protocol.wire.HandshakeResponse;
import io.dlog.protocol.wire.ProxyEndpoint;
import io.dlog.protocol.wire.ServerRole;
import io.dlog.protocol.wire.ServerState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Where a stream's requests go: its owner when the client knows it (learned from {@code FOUND} answers and
 * successes), else the consistent-hash ring over the live write proxies (learned from handshakes), else a bootstrap
 * address. Proxies that failed or are draining are avoided for a while. Thread-safe.
 */
final class Router {
    /** An unreachable proxy is avoided for at most {@code avoid × 2^this}. */
    static final int MAX_AVOID_DOUBLINGS = 5;

    private final List<String> bootstrap;
    /**
     * Every write and read proxy a handshake ever named: the last resort of {@link #probe} and {@link #readProbe}.
     * A proxy that has just started may list only itself; if it then stops, the proxies named earlier are still
     * worth a try (a handshake with one of them brings the ring back).
     */
    private final Set<String> seenWriters = ConcurrentHashMap.newKeySet();
    private final Set<String> seenReaders = ConcurrentHashMap.newKeySet();
    private final long avoidNanos;
    private final LongSupplier clock;
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final Map<String, Long> avoidUntil = new ConcurrentHashMap<>();
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();
    private final Map<String, Integer> failuresInRow = new ConcurrentHashMap<>();
    private final AtomicLong lastRefreshNanos;
    private volatile HashRing ring = new HashRing(List.of(), HashRing.DEFAULT_VIRTUAL_NODES);
    private volatile HashRing readRing = new HashRing(List.of(), HashRing.DEFAULT_VIRTUAL_NODES);

    /**
     * @param bootstrap the configured addresses
     * @param avoidNanos how long a failed or draining proxy is avoided
     * @param clock nanoTime source (injected so tests control it)
     */
    Router(List<String> bootstrap, long avoidNanos, LongSupplier clock) {
        this.bootstrap = List.copyOf(bootstrap);
        this.avoidNanos = avoidNanos;
        this.clock = clock;
        this.lastRefreshNanos = new AtomicLong(clock.getAsLong() - avoidNanos);
    }

    /**
     * Picks the proxy for a stream.
     *
     * @param stream the stream
     * @param exclude addresses this call already learned not to use
     * @return an address; when every known proxy is avoided, the one avoided longest ago (a probe)
     */
    String target(String stream, Set<String> exclude) {
        String owner = owners.get(stream);
        if (owner != null && usable(owner, exclude)) {
            return owner;
        }
        String routed = ring.route(stream, a -> usable(a, exclude));
        if (routed != null) {
            return routed;
        }
        for (String b : bootstrap) {
            if (usable(b, exclude) && !isOnly(b, seenReaders, seenWriters)) {
                return b;
            }
        }
        return probe(exclude);
    }

    /**
     * The last resort of a write: any address not known to be a read proxy only. A read proxy answers a write with
     * NOT_IMPLEMENTED, which fails the write for good, while the write proxies may only be restarting.
     */
    private String probe(Set<String> exclude) {
        List<String> candidates = new ArrayList<>(known());
        candidates.removeIf(a -> isOnly(a, seenReaders, seenWriters));
        return leastAvoided(candidates.isEmpty() ? known() : candidates, exclude);
    }

    /** Whether a handshake named {@code address} in {@code role} and never in {@code other}. */
    private static boolean isOnly(String address, Set<String> role, Set<String> other) {
        return role.contains(address) && !other.contains(address);
    }

    /**
     * The candidate to try when none is usable: not excluded if possible, then never avoided, then the one whose
     * avoidance ends first. ({@code avoidUntil} holds {@code nanoTime} values, which are compared by difference;
     * "never avoided" is a case of its own, not a sentinel time, which the subtraction would overflow.)
     */
    private String leastAvoided(Iterable<String> candidates, Set<String> exclude) {
        String best = null;
        Long bestUntil = null;
        boolean bestExcluded = true;
        for (String a : candidates) {
            Long until = avoidUntil.get(a);
            boolean excluded = exclude.contains(a);
            boolean better;
            if (best == null || excluded != bestExcluded) {
                better = best == null || !excluded;
            } else if (until == null || bestUntil == null) {
                better = until == null && bestUntil != null;
            } else {
                better = until - bestUntil < 0;
            }
            if (better) {
                best = a;
                bestUntil = until;
                bestExcluded = excluded;
            }
        }
        return best;
    }

    private boolean usable(String address, Set<String> exclude) {
        if (exclude.contains(address)) {
            return false;
        }
        Long until = avoidUntil.get(address);
        return until == null || clock.getAsLong() - until >= 0;
    }

    /** Every address the client knows: bootstrap, ring, and write proxies named before. */
    List<String> known() {
        Set<String> all = new LinkedHashSet<>(bootstrap);
        all.addAll(ring.nodes());
        all.addAll(seenWriters);
        return new ArrayList<>(all);
    }

    /** A proxy answered {@code FOUND}: remember the owner (or forget the stream's owner if none was named). */
    void found(String stream, String owner) {
        if (owner == null || owner.isEmpty()) {
            owners.remove(stream);
        } else {
            owners.put(stream, owner);
        }
    }

    /** A proxy served the stream: it is the owner. */
    void served(String stream, String address) {
        owners.put(stream, address);
    }

    /**
     * The proxy cannot be reached (or failed the handshake): avoid it for a while, twice as long after each failure
     * in a row (up to {@value #MAX_AVOID_DOUBLINGS} doublings) until it answers a handshake again. Without the
     * growth, a dead proxy that is still on the ring (it stays registered until its ZooKeeper session expires) would
     * be usable again exactly when a retry at full backoff comes, and the streams it owned would keep probing it
     * instead of going to the proxy that takes them over.
     */
    void unreachable(String address, String why) {
        int n = failuresInRow.merge(address, 1, Integer::sum);
        long avoid = avoidNanos << Math.min(MAX_AVOID_DOUBLINGS, n - 1);
        avoidUntil.put(address, clock.getAsLong() + avoid);
        lastErrors.put(address, why);
        owners.values().removeIf(address::equals);
    }

    /** Whether the client avoids {@code address} now (it could not be reached lately). */
    boolean isAvoided(String address) {
        Long until = avoidUntil.get(address);
        return until != null && clock.getAsLong() - until < 0;
    }

    /**
     * Whether the client should ask a live proxy for the current proxies now: some proxy could not be reached and
     * the last refresh is at least one avoid period old. Claims the refresh (returns true once per period).
     */
    boolean claimMembershipRefresh() {
        long now = clock.getAsLong();
        long last = lastRefreshNanos.get();
        return now - last >= avoidNanos && lastRefreshNanos.compareAndSet(last, now);
    }

    /** The proxy is draining: route new requests elsewhere for a while. */
    void draining(String address) {
        avoidUntil.put(address, clock.getAsLong() + avoidNanos);
        owners.values().removeIf(address::equals);
    }

    /** A handshake answer: the live write proxies become the ring; the proxy's own state is noted. */
    void handshake(String address, HandshakeResponse hs) {
        avoidUntil.remove(address);
        lastErrors.remove(address);
        failuresInRow.remove(address);
        List<String> writers = new ArrayList<>();
        for (ProxyEndpoint p : hs.proxies()) {
            if (p.role() == ServerRole.WRITE_PROXY) {
                writers.add(p.address());
            }
        }
        if (writers.isEmpty() && hs.role() == ServerRole.WRITE_PROXY) {
            writers.add(hs.address().isEmpty() ? address : hs.address());
        }
        seenWriters.addAll(writers);
        if (!writers.isEmpty() && !writers.equals(ring.nodes())) {
            ring = new HashRing(writers, HashRing.DEFAULT_VIRTUAL_NODES);
        }
        List<String> readers = new ArrayList<>();
        for (ProxyEndpoint p : hs.proxies()) {
            if (p.role() == ServerRole.READ_PROXY) {
                readers.add(p.address());
            }
        }
        if (readers.isEmpty() && hs.role() == ServerRole.READ_PROXY) {
            readers.add(hs.address().isEmpty() ? address : hs.address());
        }
        seenReaders.addAll(readers);
        if (!readers.isEmpty() && !readers.equals(readRing.nodes())) {
            readRing = new HashRing(readers, HashRing.DEFAULT_VIRTUAL_NODES);
        }
        if (hs.state() == ServerState.DRAINING) {
            draining(address);
        }
    }

    /** Returns the last connection error of each proxy tried, for the "no proxy reachable" message. */
    String describeFailures() {
        StringBuilder sb = new StringBuilder();
        for (String a : known()) {
            String why = lastErrors.get(a);
            if (why != null) {
                sb.append(sb.length() == 0 ? "" : "; ").append(a).append(": ").append(why);
            }
        }
        return sb.length() == 0 ? String.join(", ", known()) : sb.toString();
    }

    /**
     * Picks the read proxy for a stream: the consistent-hash ring over the live read proxies, skipping avoided and
     * excluded ones.
     *
     * @return an address, or null when no usable read proxy is known (learn them from a bootstrap address)
     */
    String readTarget(String stream, Set<String> exclude) {
        return readRing.route(stream, a -> usable(a, exclude));
    }

    /**
     * Picks an address when nothing usable is known: the read proxy or bootstrap address avoided longest ago, not
     * excluded if possible.
     */
    String readProbe(Set<String> exclude) {
        Set<String> all = new LinkedHashSet<>(readRing.nodes());
        all.addAll(bootstrap);
        all.addAll(seenReaders);
        // Not a write proxy: it answers OPEN_READER with NOT_IMPLEMENTED, which ends the reader, while the read
        // proxies may only be restarting.
        Set<String> readers = new LinkedHashSet<>(all);
        readers.removeIf(a -> isOnly(a, seenWriters, seenReaders));
        return leastAvoided(readers.isEmpty() ? all : readers, exclude);
    }

    /** The current read ring's addresses. */
    List<String> readRingNodes() {
        return readRing.nodes();
    }

    /** A bootstrap address to learn the proxies from: the first neither avoided nor excluded, or null. */
    String bootstrapAddress(Set<String> exclude) {
        for (String b : bootstrap) {
            if (usable(b, exclude)) {
                return b;
            }
        }
        return null;
    }

    /** The current ring's addresses (for tests and status). */
    List<String> ringNodes() {
        return ring.nodes();
    }
}
