package io.dlog.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.internal.NamespaceImpl;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.RawLogReader;
import io.dlog.core.testing.ZkRelay;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.StatusCode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Close, seal and failure while a transition's metadata transaction is under way. A relay in front of ZooKeeper
 * holds the transaction (the request reaches no server) until the test releases it, so the writer is caught
 * mid-roll or mid-close deterministically.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WriterTransitionRaceIT {
    private static final long SESSION_MS = 4_000;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofMillis(SESSION_MS)).fsync(false).build();

    private static Namespace viaRelay(ZkRelay relay, String name) throws Exception {
        URI direct = CLUSTER.namespaceUri(name);
        URI uri = new URI(direct.getScheme(), null, "127.0.0.1", relay.port(), direct.getPath(), null, null);
        DLConfig config = DLConfig.builder().set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, SESSION_MS)
                .set(DLConfigKeys.FLUSH_INTERVAL_MS, 0L).set(DLConfigKeys.SEGMENT_MAX_BYTES, 1024L).build();
        return Namespace.builder().uri(uri).config(config).build();
    }

    private static StatusCode codeOf(CompletableFuture<?> f) throws Exception {
        return f.handle((v, t) -> t == null ? StatusCode.SUCCESS : Futures.toDLException(t).code())
                .get(60, TimeUnit.SECONDS);
    }

    @Test
    void recordsQueuedBehindARollShouldFailWriteCancelledAndStayUnwrittenWhenTheWriterFails() throws Exception {
        try (ZkRelay relay = new ZkRelay(CLUSTER.zkConnectString());
                Namespace ns = viaRelay(relay, "cancelled"); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            relay.hold(ZkRelay.OP_MULTI);
            for (int i = 0; !relay.isHoldingRequest(); i++) {
                assertThat(i).isLessThan(200);
                CompletableFuture<DLSN> f = w.write(LogRecord.of(bytes("r-" + i + "-" + "x".repeat(100))));
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> f.isDone() || relay.isHoldingRequest());
            }
            // the roll's transaction is held: these records queue for the next segment and are never sent
            List<CompletableFuture<DLSN>> unsent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                unsent.add(w.write(LogRecord.of(bytes("u-" + i))));
            }
            deleteLock("cancelled");
            for (CompletableFuture<DLSN> f : unsent) {
                assertThat(codeOf(f)).isEqualTo(StatusCode.WRITE_CANCELLED_EXCEPTION);
                Throwable cause = f.handle((v, t) -> Futures.unwrap(t).getCause()).join();
                assertThat(Futures.toDLException(cause).code()).as("the cause says why")
                        .isEqualTo(StatusCode.WRITE_FENCED);
            }
            relay.release();
            w.asyncClose().handle((v, t) -> null).get(60, TimeUnit.SECONDS);
            AsyncLogWriter next = log.openAsyncLogWriter().get(SESSION_MS + 60_000, TimeUnit.MILLISECONDS);
            next.asyncClose().get(60, TimeUnit.SECONDS);
            List<String> read = RawLogReader.readAll(CLUSTER.cluster(), log).stream()
                    .map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
            assertThat(read).as("never sent, so not written").noneMatch(p -> p.startsWith("u-"));
        }
    }

    @Test
    void writerShouldNeverAcknowledgeAgainWhenItFailsWhileItsRollCommits() throws Exception {
        try (ZkRelay relay = new ZkRelay(CLUSTER.zkConnectString());
                Namespace ns = viaRelay(relay, "fail-during-roll"); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            // While a request is held, nothing else may use the relayed session: ZooKeeper answers in order, and a
            // reply overtaking the held one makes the client drop the connection. So the segments are read from
            // another session.
            long segmentsBefore = segmentCount("fail-during-roll");
            relay.hold(ZkRelay.OP_MULTI);
            for (int i = 0; !relay.isHoldingRequest(); i++) {
                assertThat(i).isLessThan(200);
                CompletableFuture<DLSN> f = w.write(LogRecord.of(bytes("r-" + i + "-" + "x".repeat(100))));
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> f.isDone() || relay.isHoldingRequest());
            }
            deleteLock("fail-during-roll");
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> codeOf(w.write(LogRecord.of(bytes("probe")))) == StatusCode.WRITE_FENCED);
            relay.release(); // the roll's transaction now commits: the owner's epoch is unchanged
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> segmentCount("fail-during-roll") > segmentsBefore);
            for (int i = 0; i < 20; i++) {
                assertThat(codeOf(w.write(LogRecord.of(bytes("late-" + i))))).as("write after the failure")
                        .isEqualTo(StatusCode.WRITE_FENCED);
            }
            assertThat(codeOf(w.flush())).isEqualTo(StatusCode.WRITE_FENCED);
            w.asyncClose().handle((v, t) -> null).get(60, TimeUnit.SECONDS);
            AsyncLogWriter next = log.openAsyncLogWriter().get(SESSION_MS + 60_000, TimeUnit.MILLISECONDS);
            next.asyncClose().get(60, TimeUnit.SECONDS);
            List<String> read = RawLogReader.readAll(CLUSTER.cluster(), log).stream()
                    .map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
            assertThat(read).noneMatch(p -> p.startsWith("late-") || p.equals("probe"));
        }
    }

    @Test
    void writesShouldFailAlreadyClosedWhenCloseIsCalledDuringARoll() throws Exception {
        try (ZkRelay relay = new ZkRelay(CLUSTER.zkConnectString());
                Namespace ns = viaRelay(relay, "close-during-roll"); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            relay.hold(ZkRelay.OP_MULTI);
            List<CompletableFuture<DLSN>> before = new ArrayList<>();
            for (int i = 0; !relay.isHoldingRequest(); i++) {
                assertThat(i).isLessThan(200);
                CompletableFuture<DLSN> f = w.write(LogRecord.of(bytes("b-" + i + "-" + "x".repeat(100))));
                before.add(f);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> f.isDone() || relay.isHoldingRequest());
            }
            for (int i = 0; i < 3; i++) {
                before.add(w.write(LogRecord.of(bytes("queued-" + i))));
            }
            CompletableFuture<Void> closed = w.asyncClose();
            CompletableFuture<DLSN> after = w.write(LogRecord.of(bytes("after-close")));
            assertThat(after).as("refused at once, whatever the writer is doing").isCompletedExceptionally();
            assertThat(codeOf(after)).isEqualTo(StatusCode.ALREADY_CLOSED);
            assertThat(closed).as("close waits for the roll and the queued writes").isNotDone();
            relay.release();
            closed.get(60, TimeUnit.SECONDS);
            for (CompletableFuture<DLSN> f : before) {
                assertThat(f).as("every write accepted before the close is written").isCompleted();
                f.join();
            }
            List<String> read = RawLogReader.readAll(CLUSTER.cluster(), log).stream()
                    .map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
            assertThat(read).hasSize(before.size()).doesNotContain("after-close");
        }
    }

    @Test
    void writesShouldFailEndOfStreamWhenMarkEndOfStreamIsCalledDuringARoll() throws Exception {
        try (ZkRelay relay = new ZkRelay(CLUSTER.zkConnectString());
                Namespace ns = viaRelay(relay, "seal-during-roll"); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            relay.hold(ZkRelay.OP_MULTI);
            List<CompletableFuture<DLSN>> before = new ArrayList<>();
            for (int i = 0; !relay.isHoldingRequest(); i++) {
                assertThat(i).isLessThan(200);
                CompletableFuture<DLSN> f = w.write(LogRecord.of(bytes("b-" + i + "-" + "x".repeat(100))));
                before.add(f);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> f.isDone() || relay.isHoldingRequest());
            }
            before.add(w.write(LogRecord.of(bytes("queued"))));
            CompletableFuture<Void> sealed = w.markEndOfStream();
            CompletableFuture<DLSN> after = w.write(LogRecord.of(bytes("AFTER-EOS")));
            assertThat(codeOf(after)).isEqualTo(StatusCode.END_OF_STREAM);
            relay.release();
            sealed.get(60, TimeUnit.SECONDS);
            assertThat(codeOf(w.write(LogRecord.of(bytes("AFTER-EOS-2"))))).isEqualTo(StatusCode.END_OF_STREAM);
            w.asyncClose().get(60, TimeUnit.SECONDS);
            before.forEach(CompletableFuture::join);
            List<String> read = RawLogReader.readAll(CLUSTER.cluster(), log).stream()
                    .map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
            assertThat(read).hasSize(before.size()).noneMatch(p -> p.startsWith("AFTER-EOS"));
        }
    }

    @Test
    void closeShouldCompleteExceptionallyAndReleaseTheLockWhenTheWriterFailsDuringClose() throws Exception {
        try (ZkRelay relay = new ZkRelay(CLUSTER.zkConnectString());
                Namespace ns = viaRelay(relay, "fail-during-close"); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            DLSN last = w.write(LogRecord.of(bytes("one"))).get(60, TimeUnit.SECONDS);
            relay.hold(ZkRelay.OP_MULTI);
            CompletableFuture<Void> closed = w.asyncClose();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(relay::isHoldingRequest);
            deleteLock("fail-during-close");
            assertThat(codeOf(closed)).as("a failure during close fails the close").isEqualTo(StatusCode.WRITE_FENCED);
            relay.release();
            // The lock is free: a new writer opens within the lock timeout and sees the acknowledged record.
            AsyncLogWriter next = log.openAsyncLogWriter().get(SESSION_MS + 60_000, TimeUnit.MILLISECONDS);
            assertThat(next.getLastDLSN()).isEqualTo(last);
            next.asyncClose().get(60, TimeUnit.SECONDS);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Deletes the log's lock znode from another session: the writer's lock watch reports the lock lost. */
    private static void deleteLock(String namespace) throws Exception {
        try (Namespace direct = CLUSTER.openNamespace(namespace, DLConfig.builder().build())) {
            NamespaceImpl impl = (NamespaceImpl) direct;
            impl.store().curator().delete().forPath(impl.store().paths().lock("log"));
        }
    }

    /** Counts the log's segments from a session of its own. */
    private static long segmentCount(String namespace) throws Exception {
        try (Namespace direct = CLUSTER.openNamespace(namespace, DLConfig.builder().build());
                LogManager log = direct.openLog("log")) {
            return log.getLogSegments().size();
        }
    }
}
