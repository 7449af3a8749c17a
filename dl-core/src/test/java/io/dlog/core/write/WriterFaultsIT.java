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
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
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

/** A writer that loses its ZooKeeper session, and a writer whose bookies fall below the ack quorum. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WriterFaultsIT {
    private static final long SESSION_MS = 3_000;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofMillis(SESSION_MS)).fsync(false).build();

    private static Namespace namespace(String name, DLConfig.Builder config) throws Exception {
        return CLUSTER.openNamespace(name, config.set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, SESSION_MS).build());
    }

    /**
     * Expires A's session with ZooKeeper's own test hook ({@link SessionExpiry}): A's client learns at once and
     * drops its connection, and the server expires the session (and its lock znode) one session timeout later.
     * (Closing the session from a second client with the same id is racy: the session moves back if A reconnects
     * first.)
     */
    private static void expireSession(Namespace ns) throws Exception {
        SessionExpiry.inject(ns);
    }

    @Test
    void writerShouldStopAcknowledgingWhenItsSessionExpiresAndAnotherWriterTakesOver() throws Exception {
        try (Namespace a = namespace("session-expiry", DLConfig.builder());
                Namespace b = namespace("session-expiry", DLConfig.builder().set(DLConfigKeys.LOCK_TIMEOUT_MS, 30_000L));
                LogManager la = a.openLog("log"); LogManager lb = b.openLog("log")) {
            AsyncLogWriter wa = la.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<String> expected = new ArrayList<>();
            DLSN lastAck = null;
            for (int i = 0; i < 100; i++) {
                lastAck = wa.write(LogRecord.of(bytes("A-" + i))).get(30, TimeUnit.SECONDS);
                expected.add("A-" + i);
            }
            expireSession(a);
            // Until A learns that its session is gone its writes are still acknowledged (nobody fenced it yet,
            // and B's recovery will keep them); once it knows, it refuses every write with WRITE_FENCED.
            List<DLSN> lateAcks = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                String payload = "late-" + lateAcks.size();
                Throwable t = wa.write(LogRecord.of(bytes(payload))).handle((v, e) -> {
                    if (e == null) {
                        lateAcks.add(v);
                        expected.add(payload);
                    }
                    return e;
                }).join();
                return t != null && Futures.toDLException(t).code() == StatusCode.WRITE_FENCED;
            });
            if (!lateAcks.isEmpty()) {
                lastAck = lateAcks.get(lateAcks.size() - 1);
            }
            assertThat(wa.write(LogRecord.of(bytes("after"))).handle((v, e) -> Futures.toDLException(e).code())
                    .get(30, TimeUnit.SECONDS)).isEqualTo(StatusCode.WRITE_FENCED);
            AsyncLogWriter wb = lb.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            assertThat(wb.getLastDLSN()).isEqualTo(lastAck);
            wb.write(LogRecord.of(bytes("B-0"))).get(30, TimeUnit.SECONDS);
            wb.asyncClose().get(30, TimeUnit.SECONDS);
            List<String> payloads = RawLogReader.readAll(CLUSTER.cluster(), lb).stream()
                    .map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
            expected.add("B-0");
            assertThat(payloads).isEqualTo(expected);
        }
    }

    @Test
    void everyPendingWriteShouldFailPromptlyWhenBookiesFallBelowTheAckQuorum() throws Exception {
        DLConfig.Builder config = DLConfig.builder().set(DLConfigKeys.BK_TIMEOUT_MS, 3_000L);
        try (Namespace ns = namespace("below-quorum", config); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<CompletableFuture<DLSN>> before = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                before.add(w.write(LogRecord.of(bytes("ok-" + i))));
            }
            CompletableFuture.allOf(before.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
            CLUSTER.cluster().stopBookie(1);
            CLUSTER.cluster().stopBookie(2);
            try {
                List<CompletableFuture<DLSN>> after = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    after.add(w.write(LogRecord.of(bytes("lost-" + i))));
                }
                // Never a silent hang: every future completes, with BookKeeper's cause in the message. A record
                // that was sent (or came after the writer failed) gets that cause; one still waiting in the open
                // set when the writer failed was never sent and gets WRITE_CANCELLED_EXCEPTION (AsyncLogWriter's
                // contract); which ones depends on when BookKeeper gives up. A write made after all of them gets
                // the writer's failure, which is BookKeeper's.
                for (CompletableFuture<DLSN> f : after) {
                    Throwable t = f.handle((v, e) -> e).get(60, TimeUnit.SECONDS);
                    assertThat(t).as("write below the ack quorum must fail").isNotNull();
                    assertThat(Futures.toDLException(t).code())
                            .isIn(StatusCode.BK_TRANSMIT_ERROR, StatusCode.WRITE_CANCELLED_EXCEPTION);
                    assertThat(Futures.toDLException(t).getMessage()).contains("bk code");
                }
                assertThat(w.write(LogRecord.of(bytes("late"))).handle((v, e) -> Futures.toDLException(e).code())
                        .get(30, TimeUnit.SECONDS)).isEqualTo(StatusCode.BK_TRANSMIT_ERROR);
            } finally {
                CLUSTER.cluster().startBookie(1);
                CLUSTER.cluster().startBookie(2);
            }
            w.asyncClose().get(30, TimeUnit.SECONDS);
            // The failed writer released its lock: a new writer takes over and recovers the acknowledged prefix.
            AsyncLogWriter next = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            assertThat(next.getLastDLSN()).isEqualTo(before.get(before.size() - 1).join());
            next.asyncClose().get(30, TimeUnit.SECONDS);
            List<LogRecordWithDLSN> read = RawLogReader.readAll(CLUSTER.cluster(), log);
            assertThat(read.subList(0, 50)).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(before.stream().map(f -> "ok-" + before.indexOf(f)).toList());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
