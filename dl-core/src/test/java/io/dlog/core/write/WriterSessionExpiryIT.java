package io.dlog.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.RawLogReader;
import io.dlog.core.testing.SessionExpiry;
import io.dlog.core.testing.ZkRelay;
import io.dlog.protocol.LogRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ZooKeeper session expiry (ZooKeeper's own test hook, as in {@link WriterFaultsIT}) injected while the writer
 * opens, rolls, seals and closes. The roll, seal and close cases hold the transition's transaction in a relay, so
 * the expiry lands while it is in flight. After each: a new writer opens within session timeout + lock timeout,
 * every acknowledged record reads back in order exactly once, and the audit finds no segment without its ledger.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class WriterSessionExpiryIT {
    private static final long SESSION_MS = 3_000;
    private static final long LOCK_MS = 30_000;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofMillis(SESSION_MS)).fsync(false).build();

    private static DLConfig config() {
        return DLConfig.builder().set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, SESSION_MS)
                .set(DLConfigKeys.LOCK_TIMEOUT_MS, LOCK_MS).set(DLConfigKeys.FLUSH_INTERVAL_MS, 0L)
                .set(DLConfigKeys.SEGMENT_MAX_BYTES, 1024L).build();
    }

    private static Namespace viaRelay(ZkRelay relay, String name) throws Exception {
        URI direct = CLUSTER.namespaceUri(name);
        URI uri = new URI(direct.getScheme(), null, "127.0.0.1", relay.port(), direct.getPath(), null, null);
        return Namespace.builder().uri(uri).config(config()).build();
    }

    private static void expireSession(Namespace ns) throws Exception {
        SessionExpiry.inject(ns);
    }

    /** Writes records in the background, remembering the acknowledged ones; returns when n were acknowledged. */
    private static void write(AsyncLogWriter w, String prefix, int n, List<String> acked) throws Exception {
        for (int i = 0; i < n; i++) {
            String p = prefix + "-" + i + "-" + "x".repeat(100);
            w.write(LogRecord.of(p.getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS);
            acked.add(p);
        }
    }

    private static void writeAsync(AsyncLogWriter w, String prefix, int n, List<String> acked) {
        for (int i = 0; i < n; i++) {
            String p = prefix + "-" + i + "-" + "x".repeat(100);
            w.write(LogRecord.of(p.getBytes(StandardCharsets.UTF_8))).thenAccept(d -> acked.add(p));
        }
    }

    /** The checks after every fault, from a second namespace with its own session. */
    private static void assertRecovered(String namespace, List<String> acked) throws Exception {
        try (Namespace ns = CLUSTER.openNamespace(namespace, config()); LogManager log = ns.openLog("log")) {
            AsyncLogWriter next = log.openAsyncLogWriter().get(SESSION_MS + LOCK_MS, TimeUnit.MILLISECONDS);
            next.asyncClose().get(60, TimeUnit.SECONDS);
            List<String> read = RawLogReader.readAll(CLUSTER.cluster(), log).stream()
                    .map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
            assertThat(new HashSet<>(read)).as("no record twice").hasSize(read.size());
            Set<String> ackedSet = new HashSet<>(acked);
            List<String> ackedInLog = read.stream().filter(ackedSet::contains).toList();
            // Acknowledgements of one writer arrive in write order, so the acknowledged list is in log order.
            assertThat(ackedInLog).as("every acknowledged record, in order").containsExactlyElementsOf(acked);
            assertThat(ns.admin().audit().run().missingLedgers()).as("segments without their ledger").isEmpty();
        }
    }

    @Test
    void newWriterShouldRecoverEverythingWhenTheSessionExpiresDuringOpen() throws Exception {
        List<String> acked = new CopyOnWriteArrayList<>();
        for (int round = 0; round < 4; round++) {
            try (Namespace ns = CLUSTER.openNamespace("expiry-open", config()); LogManager log = ns.openLog("log")) {
                CompletableFuture<AsyncLogWriter> opening = log.openAsyncLogWriter();
                // Not synchronization: the moment of the fault, 0-15 ms into the open (the window).
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5L * round));
                expireSession(ns);
                AsyncLogWriter w = opening.handle((v, t) -> v).get(SESSION_MS + LOCK_MS, TimeUnit.MILLISECONDS);
                if (w != null) {
                    writeAsync(w, "open" + round, 20, acked);
                    w.asyncClose().handle((v, t) -> null).get(60, TimeUnit.SECONDS);
                }
            }
            assertRecovered("expiry-open", acked);
        }
    }

    @Test
    void newWriterShouldRecoverEverythingWhenTheSessionExpiresDuringARoll() throws Exception {
        List<String> acked = new CopyOnWriteArrayList<>();
        try (ZkRelay relay = new ZkRelay(CLUSTER.zkConnectString());
                Namespace ns = viaRelay(relay, "expiry-roll"); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            relay.hold(ZkRelay.OP_MULTI);
            writeAsync(w, "roll", 40, acked);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(relay::isHoldingRequest);
            expireSession(ns);
            relay.release();
            writeAsync(w, "late", 20, acked);
            w.asyncClose().handle((v, t) -> null).get(60, TimeUnit.SECONDS);
        }
        assertRecovered("expiry-roll", acked);
    }

    @Test
    void newWriterShouldRecoverEverythingWhenTheSessionExpiresDuringASeal() throws Exception {
        List<String> acked = new CopyOnWriteArrayList<>();
        try (ZkRelay relay = new ZkRelay(CLUSTER.zkConnectString());
                Namespace ns = viaRelay(relay, "expiry-seal"); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            write(w, "seal", 3, acked);
            relay.hold(ZkRelay.OP_MULTI);
            CompletableFuture<Void> sealed = w.markEndOfStream();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(relay::isHoldingRequest);
            expireSession(ns);
            relay.release();
            sealed.handle((v, t) -> null).get(60, TimeUnit.SECONDS);
            w.asyncClose().handle((v, t) -> null).get(60, TimeUnit.SECONDS);
        }
        assertRecovered("expiry-seal", acked);
    }

    @Test
    void newWriterShouldRecoverEverythingWhenTheSessionExpiresDuringClose() throws Exception {
        List<String> acked = new CopyOnWriteArrayList<>();
        try (ZkRelay relay = new ZkRelay(CLUSTER.zkConnectString());
                Namespace ns = viaRelay(relay, "expiry-close"); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            write(w, "close", 3, acked);
            relay.hold(ZkRelay.OP_MULTI);
            CompletableFuture<Void> closed = w.asyncClose();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(relay::isHoldingRequest);
            expireSession(ns);
            relay.release();
            closed.handle((v, t) -> null).get(60, TimeUnit.SECONDS);
        }
        assertRecovered("expiry-close", acked);
    }
}
