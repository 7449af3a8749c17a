package io.dlog.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.internal.NamespaceImpl;
import io.dlog.core.internal.lock.WriteLock;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.RawLogReader;
import io.dlog.core.testing.SessionExpiry;
import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.StatusCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.data.Stat;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Curator 5.9 can deliver the expired session's LOST after the new session's RECONNECTED. That LOST says an old
 * session is gone, not the live one: a writer whose lock belongs to the live session must keep writing, while a
 * writer whose lock belonged to the expired session is fenced.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WriterLateSessionLossIT {
    private static final long SESSION_MS = 3_000;
    private static final long LOCK_MS = 30_000;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofMillis(SESSION_MS)).fsync(false).build();

    private static DLConfig config() {
        return DLConfig.builder().set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, SESSION_MS)
                .set(DLConfigKeys.LOCK_TIMEOUT_MS, LOCK_MS).set(DLConfigKeys.FLUSH_INTERVAL_MS, 0L).build();
    }

    private static LogRecord record(String payload) {
        return LogRecord.of(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static StatusCode failureOf(CompletableFuture<?> f) throws Exception {
        Throwable t = f.handle((v, e) -> e).get(60, TimeUnit.SECONDS);
        assertThat(t).as("the write failed").isNotNull();
        Throwable cause = Futures.unwrap(t);
        assertThat(cause).isInstanceOf(DLException.class);
        return ((DLException) cause).code();
    }

    @Test
    void lateLostShouldFenceOnlyTheWriterWhoseLockBelongedToTheExpiredSession() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("late-lost", config()); LogManager oldLog = ns.openLog("old");
                LogManager freshLog = ns.openLog("fresh")) {
            CuratorFramework zk = ((NamespaceImpl) ns).store().curator();
            AsyncLogWriter old = oldLog.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            old.write(record("old-0")).get(30, TimeUnit.SECONDS);

            long expired = SessionExpiry.inject(ns);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                long live = WriteLock.liveSession(zk);
                return live != 0 && live != expired;
            });
            AsyncLogWriter fresh = freshLog.openAsyncLogWriter().get(SESSION_MS + LOCK_MS, TimeUnit.MILLISECONDS);
            fresh.write(record("fresh-0")).get(30, TimeUnit.SECONDS);
            long live = WriteLock.liveSession(zk);
            Stat lock = zk.checkExists().forPath(((NamespaceImpl) ns).store().paths().lock("fresh"));
            assertThat(lock).as("fresh writer's lock znode").isNotNull();
            assertThat(lock.getEphemeralOwner()).as("fresh writer's lock belongs to the live session")
                    .isEqualTo(live).isNotEqualTo(expired);

            // The expired session's LOST, arriving after the fresh writer took its lock in the live session.
            SessionExpiry.deliverLost(ns);

            fresh.write(record("fresh-1")).get(30, TimeUnit.SECONDS);
            fresh.write(record("fresh-2")).get(30, TimeUnit.SECONDS);
            fresh.asyncClose().get(60, TimeUnit.SECONDS);
            List<String> read = RawLogReader.readAll(CLUSTER.cluster(), freshLog).stream()
                    .map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
            assertThat(read).containsExactly("fresh-0", "fresh-1", "fresh-2");

            assertThat(failureOf(old.write(record("old-1")))).isEqualTo(StatusCode.WRITE_FENCED);
            old.asyncClose().handle((v, t) -> null).get(60, TimeUnit.SECONDS);
        }
    }
}
