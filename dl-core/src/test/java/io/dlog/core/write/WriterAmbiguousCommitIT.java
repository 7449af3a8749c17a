package io.dlog.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.AuditReport;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.RawLogReader;
import io.dlog.core.testing.ZkRelay;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ZooKeeper transactions whose outcome the writer cannot know: a relay forwards the request, drops the committed
 * transaction's reply and cuts the connection, so Curator's retry fails (BadVersion or NodeExists) although the
 * first attempt committed. The writer must learn the outcome from the metadata, never delete a ledger the
 * metadata references, and leave a log that the next writer opens.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WriterAmbiguousCommitIT {
    private static final long SESSION_MS = 4_000;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofMillis(SESSION_MS)).fsync(false).build();

    private static DLConfig.Builder config() {
        return DLConfig.builder().set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, SESSION_MS)
                .set(DLConfigKeys.FLUSH_INTERVAL_MS, 0L).set(DLConfigKeys.SEGMENT_MAX_BYTES, 1024L);
    }

    private static Namespace viaRelay(ZkRelay relay, String name) throws Exception {
        URI direct = CLUSTER.namespaceUri(name);
        URI uri = new URI(direct.getScheme(), null, "127.0.0.1", relay.port(), direct.getPath(), null, null);
        return Namespace.builder().uri(uri).config(config().build()).build();
    }

    @Test
    void rollShouldContinueWhenItsCommittedTransactionLosesItsReply() throws Exception {
        try (ZkRelay relay = new ZkRelay(CLUSTER.zkConnectString());
                Namespace ns = viaRelay(relay, "ambiguous-roll"); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            CompletableFuture<Integer> dropped = relay.dropReplyAndCut(ZkRelay.OP_MULTI);
            List<String> acked = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String p = "r-" + i + "-" + "x".repeat(100);
                w.write(LogRecord.of(bytes(p))).get(60, TimeUnit.SECONDS);
                acked.add(p);
            }
            assertThat(dropped).as("a roll's transaction lost its reply").isCompleted();
            w.asyncClose().get(60, TimeUnit.SECONDS);
            assertReadableAndAudited(ns, log, acked);
        }
    }

    @Test
    void openShouldSucceedWhenTheNewSegmentsCommittedTransactionLosesItsReply() throws Exception {
        List<String> acked = new ArrayList<>();
        try (Namespace direct = CLUSTER.openNamespace("ambiguous-open", config().build());
                LogManager log = direct.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            w.write(LogRecord.of(bytes("before"))).get(60, TimeUnit.SECONDS);
            acked.add("before");
            w.asyncClose().get(60, TimeUnit.SECONDS);
        }
        try (ZkRelay relay = new ZkRelay(CLUSTER.zkConnectString());
                Namespace ns = viaRelay(relay, "ambiguous-open"); LogManager log = ns.openLog("log")) {
            CompletableFuture<Integer> dropped = relay.dropReplyAndCut(ZkRelay.OP_MULTI);
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            assertThat(dropped).as("the new segment's transaction lost its reply").isCompleted();
            DLSN d = w.write(LogRecord.of(bytes("after"))).get(60, TimeUnit.SECONDS);
            acked.add("after");
            assertThat(d.segmentSequenceNumber()).isEqualTo(2);
            w.asyncClose().get(60, TimeUnit.SECONDS);
            assertReadableAndAudited(ns, log, acked);
        }
    }

    @Test
    void sealShouldSucceedWhenItsCommittedTransactionLosesItsReply() throws Exception {
        try (ZkRelay relay = new ZkRelay(CLUSTER.zkConnectString());
                Namespace ns = viaRelay(relay, "ambiguous-seal"); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            w.write(LogRecord.of(bytes("only"))).get(60, TimeUnit.SECONDS);
            CompletableFuture<Integer> dropped = relay.dropReplyAndCut(ZkRelay.OP_MULTI);
            w.markEndOfStream().get(60, TimeUnit.SECONDS);
            assertThat(dropped).as("the seal's transaction lost its reply").isCompleted();
            w.asyncClose().get(60, TimeUnit.SECONDS);
            assertThat(log.getLogSegments()).hasSize(1);
            assertThat(log.getLogSegments().get(0).isInProgress()).isFalse();
            AsyncLogWriter next = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            assertThat(next.write(LogRecord.of(bytes("after"))).handle((v, t) -> t).get(60, TimeUnit.SECONDS))
                    .as("the log is sealed").isNotNull();
            next.asyncClose().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeShouldSucceedWhenItsCommittedTransactionLosesItsReply() throws Exception {
        try (ZkRelay relay = new ZkRelay(CLUSTER.zkConnectString());
                Namespace ns = viaRelay(relay, "ambiguous-close"); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            w.write(LogRecord.of(bytes("only"))).get(60, TimeUnit.SECONDS);
            CompletableFuture<Integer> dropped = relay.dropReplyAndCut(ZkRelay.OP_MULTI);
            w.asyncClose().get(60, TimeUnit.SECONDS);
            assertThat(dropped).as("the close's transaction lost its reply").isCompleted();
            assertReadableAndAudited(ns, log, List.of("only"));
        }
    }

    /** A new writer opens, every acknowledged record reads back once and in order, no segment lacks its ledger. */
    static void assertReadableAndAudited(Namespace ns, LogManager log, List<String> acked) throws Exception {
        AsyncLogWriter next = log.openAsyncLogWriter().get(SESSION_MS + 60_000, TimeUnit.MILLISECONDS);
        next.asyncClose().get(60, TimeUnit.SECONDS);
        List<String> read = RawLogReader.readAll(CLUSTER.cluster(), log).stream()
                .map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
        assertThat(read).containsExactlyElementsOf(acked);
        AuditReport report = ns.admin().audit().run();
        assertThat(report.missingLedgers()).as("segments without their ledger").isEmpty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
