package io.dlog.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.ChildJvm;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.RawLogReader;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Invariant 1 (one writer) and 2 (durable ack) under a second writer, a paused writer whose ZooKeeper session
 * expires (SIGSTOP in a separate JVM) and a writer killed with {@code kill -9}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WriterFencingIT {
    private static final long SESSION_MS = 3_000;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofMillis(SESSION_MS)).fsync(false).build();

    private static Namespace namespace(String name, long lockTimeoutMs) throws Exception {
        DLConfig config = DLConfig.builder()
                .set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, SESSION_MS)
                .set(DLConfigKeys.LOCK_TIMEOUT_MS, lockTimeoutMs)
                .build();
        return CLUSTER.openNamespace(name, config);
    }

    @Test
    void secondWriterShouldFailWithLockingExceptionWhileFirstHoldsTheLog() throws Exception {
        try (Namespace a = namespace("two-writers", 500); Namespace b = namespace("two-writers", 500);
                LogManager la = a.openLog("log"); LogManager lb = b.openLog("log")) {
            AsyncLogWriter wa = la.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            DLSN first = wa.write(LogRecord.of(bytes("a-1"))).get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> lb.openAsyncLogWriter().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(Futures.toDLException(e).code()).isEqualTo(StatusCode.LOCKING_EXCEPTION))
                    .hasMessageContaining("held by");
            // A is unaffected and keeps writing; B gets the log once A closes.
            DLSN second = wa.write(LogRecord.of(bytes("a-2"))).get(30, TimeUnit.SECONDS);
            assertThat(second).isGreaterThan(first);
            wa.asyncClose().get(30, TimeUnit.SECONDS);
            AsyncLogWriter wb = lb.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            assertThat(wb.getLastTxId()).isEqualTo(2);
            assertThat(wb.write(LogRecord.of(bytes("b-1"))).get(30, TimeUnit.SECONDS)).isGreaterThan(second);
            wb.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void secondWriterOfTheSameNamespaceShouldFailWithLockingException() throws Exception {
        try (Namespace ns = namespace("same-session", 300); LogManager log = ns.openLog("log")) {
            AsyncLogWriter first = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            // Both writers share one ZooKeeper session: the lock must still tell them apart.
            assertThatThrownBy(() -> log.openAsyncLogWriter().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(Futures.toDLException(e).code()).isEqualTo(StatusCode.LOCKING_EXCEPTION));
            first.write(LogRecord.of(bytes("still-mine"))).get(30, TimeUnit.SECONDS);
            first.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void pausedWriterShouldBeFencedAndLoseNothingAcknowledged() throws Exception {
        String nsName = "paused-writer";
        try (ChildJvm a = ChildJvm.start(WriterProcessMain.class, CLUSTER.namespaceUri(nsName).toString(), "log",
                Long.toString(SESSION_MS), "1000000")) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> a.count("ACK") >= 300);
            a.signal("STOP");
            List<CompletableFuture<DLSN>> bAcks = new ArrayList<>();
            try (Namespace ns = namespace(nsName, 60_000); LogManager log = ns.openLog("log")) {
                // B waits for A's session to expire, then recovers (fences) A's segment.
                AsyncLogWriter b = log.openAsyncLogWriter().get(90, TimeUnit.SECONDS);
                for (int i = 0; i < 100; i++) {
                    bAcks.add(b.write(LogRecord.of(bytes("B-" + i))));
                }
                CompletableFuture.allOf(bAcks.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
                a.signal("CONT");
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> a.count("FAIL") >= 50);
                a.kill();
                b.asyncClose().get(30, TimeUnit.SECONDS);
                History h = History.of(a.lines());
                // Fenced; records that had not been sent yet when the writer learnt it fail WRITE_CANCELLED.
                assertThat(h.failCodes).as(String.join("\n", h.failLines)).contains(StatusCode.WRITE_FENCED.name())
                        .isSubsetOf(StatusCode.WRITE_FENCED.name(), StatusCode.WRITE_CANCELLED_EXCEPTION.name());
                // Every write after the first fenced one failed: the acknowledged writes are a prefix.
                assertThat(h.acked.last()).isLessThan(h.failed.first());
                assertFinalLog(RawLogReader.readAll(CLUSTER.cluster(), log), h, 100);
            }
        }
    }

    @Test
    void killedWriterShouldBeRecoveredWithEveryAcknowledgedRecord() throws Exception {
        String nsName = "killed-writer";
        try (ChildJvm a = ChildJvm.start(WriterProcessMain.class, CLUSTER.namespaceUri(nsName).toString(), "log",
                Long.toString(SESSION_MS), "1000000")) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> a.count("ACK") >= 300);
            a.kill();
            History h = History.of(a.lines());
            try (Namespace ns = namespace(nsName, 60_000); LogManager log = ns.openLog("log")) {
                AsyncLogWriter b = log.openAsyncLogWriter().get(90, TimeUnit.SECONDS);
                List<CompletableFuture<DLSN>> bAcks = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    bAcks.add(b.write(LogRecord.of(bytes("B-" + i))));
                }
                CompletableFuture.allOf(bAcks.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
                b.asyncClose().get(30, TimeUnit.SECONDS);
                assertFinalLog(RawLogReader.readAll(CLUSTER.cluster(), log), h, 50);
            }
        }
    }

    /**
     * The final log must be: A's records, a gap-free prefix A-0..A-k holding every acknowledged one and only
     * records A sent, then exactly B's records in order.
     */
    private static void assertFinalLog(List<LogRecordWithDLSN> log, History h, int bCount) {
        List<String> payloads = log.stream().map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
        int firstB = payloads.indexOf("B-0");
        assertThat(firstB).as("B's first record is present").isGreaterThanOrEqualTo(0);
        List<String> aPart = payloads.subList(0, firstB);
        for (int i = 0; i < aPart.size(); i++) {
            assertThat(aPart.get(i)).isEqualTo("A-" + i);
        }
        assertThat(aPart.size()).as("every acknowledged A record survives").isGreaterThan(h.acked.last());
        assertThat(h.sent).as("nothing unsent is visible").contains(aPart.size() - 1);
        int unacked = aPart.size() - h.acked.size();
        assertThat(unacked).as("records present whose ack never reached A (in flight at the pause or kill)")
                .isLessThanOrEqualTo(64);
        List<String> bPart = payloads.subList(firstB, payloads.size());
        assertThat(bPart).hasSize(bCount);
        for (int i = 0; i < bCount; i++) {
            assertThat(bPart.get(i)).isEqualTo("B-" + i);
        }
        DLSN prev = DLSN.INVALID;
        for (LogRecordWithDLSN r : log) {
            assertThat(r.dlsn()).isGreaterThan(prev);
            prev = r.dlsn();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The child writer's reported history. */
    private static final class History {
        final TreeSet<Integer> sent = new TreeSet<>();
        final TreeSet<Integer> acked = new TreeSet<>();
        final TreeSet<Integer> failed = new TreeSet<>();
        final Set<String> failCodes = new TreeSet<>();
        final List<String> failLines = new ArrayList<>();

        static History of(List<String> lines) {
            History h = new History();
            for (String line : lines) {
                String[] p = line.split(" ");
                switch (p[0]) {
                    case "SENT" -> h.sent.add(Integer.parseInt(p[1]));
                    case "ACK" -> h.acked.add(Integer.parseInt(p[1]));
                    case "FAIL" -> {
                        h.failed.add(Integer.parseInt(p[1]));
                        boolean fresh = !h.failCodes.contains(p[2]);
                        h.failCodes.add(p[2]);
                        if (!fresh) {
                            break;
                        }
                        if (h.failCodes.size() > h.failLines.size()) {
                            h.failLines.add(line);
                        }
                    }
                    default -> {
                    }
                }
            }
            assertThat(h.acked).as("A acknowledged writes").isNotEmpty();
            return h;
        }
    }
}
