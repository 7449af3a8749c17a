package io.dlog.core.lock;

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
import io.dlog.protocol.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.data.Stat;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The write lock across ZooKeeper session expiries (issue 11 item 3): no lock znode is ever left unowned. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class WriteLockIT {
    private static final long SESSION_MS = 3_000;
    private static final long LOCK_TIMEOUT_MS = 10_000;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofMillis(SESSION_MS)).fsync(false).build();

    private static Namespace namespace(String name) throws Exception {
        return CLUSTER.openNamespace(name, DLConfig.builder().set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, SESSION_MS)
                .set(DLConfigKeys.LOCK_TIMEOUT_MS, LOCK_TIMEOUT_MS).build());
    }

    private static CuratorFramework curator(Namespace ns) {
        return ((NamespaceImpl) ns).store().curator();
    }

    /** The client sees its session expire at once; the server expires it later ({@link SessionExpiry}). */
    private static long expireSession(Namespace ns) throws Exception {
        return SessionExpiry.inject(ns);
    }

    @Test
    void acquireShouldOwnTheZnodeItCreatedWhenTheSessionExpiresJustBefore() throws Exception {
        try (Namespace ns = namespace("lock-expired-create")) {
            ns.createLog("log");
            String path = ((NamespaceImpl) ns).store().paths().lock("log");
            CuratorFramework zk = curator(ns);
            for (int round = 0; round < 20; round++) {
                expireSession(ns);
                // The create is sent while the client still has the expired session; Curator retries it in the
                // next one. The lock must belong to the session that owns the znode, and release must remove it.
                WriteLock lock = WriteLock.acquire(zk, path, "round-" + round, Duration.ofMillis(LOCK_TIMEOUT_MS),
                        () -> { });
                Stat stat = zk.checkExists().forPath(path);
                assertThat(stat).as("lock znode after acquire, round %d", round).isNotNull();
                assertThat(lock.isHeld()).as("lock held after acquire, round %d", round).isTrue();
                assertThat(lock.sessionId()).isEqualTo(stat.getEphemeralOwner());
                lock.release();
                assertThat(zk.checkExists().forPath(path)).as("lock znode after release, round %d", round)
                        .isNull();
            }
        }
    }

    @Test
    void sessionLostShouldKeepOnlyALockOwnedByTheLiveSession() throws Exception {
        try (Namespace ns = namespace("lock-session-lost")) {
            CuratorFramework zk = curator(ns);
            AtomicInteger losses = new AtomicInteger();
            WriteLock[] locks = new WriteLock[3];
            for (int i = 0; i < locks.length; i++) {
                ns.createLog("log" + i);
                locks[i] = WriteLock.acquire(zk, ((NamespaceImpl) ns).store().paths().lock("log" + i), "t" + i,
                        Duration.ofSeconds(5), losses::incrementAndGet);
            }
            long live = WriteLock.liveSession(zk);
            assertThat(live).as("live session").isNotZero().isEqualTo(locks[0].sessionId());
            // A late LOST of an earlier session: the lock taken in the live session stays held.
            locks[0].sessionLost(live, "test");
            // A lock owned by any other session, or read while no session is live, is lost.
            locks[1].sessionLost(live + 1, "test");
            locks[2].sessionLost(0, "test");
            assertThat(locks[0].isHeld()).isTrue();
            assertThat(locks[1].isHeld()).isFalse();
            assertThat(locks[2].isHeld()).isFalse();
            assertThat(losses).hasValue(2);
            for (WriteLock lock : locks) {
                lock.release();
            }
        }
    }

    @Test
    void liveSessionShouldBeZeroWhenTheClientIsClosed() throws Exception {
        CuratorFramework zk;
        try (Namespace ns = namespace("lock-live-closed")) {
            zk = curator(ns);
            assertThat(WriteLock.liveSession(zk)).isNotZero();
        }
        assertThat(WriteLock.liveSession(zk)).isZero();
    }

    @Test
    void releaseShouldDeleteTheZnodeWhenTheLockWasMarkedLostButTheZnodeSurvived() throws Exception {
        try (Namespace ns = namespace("lock-lost-release")) {
            ns.createLog("log");
            String path = ((NamespaceImpl) ns).store().paths().lock("log");
            CuratorFramework zk = curator(ns);
            WriteLock lock = WriteLock.acquire(zk, path, "t", Duration.ofSeconds(5), () -> { });
            long owner = lock.sessionId();
            expireSession(ns);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !lock.isHeld());
            // The server keeps the old session's znode until it expires there; release must not leave it.
            lock.release();
            Stat stat = zk.checkExists().forPath(path);
            assertThat(stat == null || stat.getEphemeralOwner() != owner).isTrue();
        }
    }

    @Test
    void writerShouldReopenAndWriteAfterEachOfFiftySessionExpiries() throws Exception {
        try (Namespace ns = namespace("lock-churn"); LogManager log = ns.openLog("log")) {
            List<String> expected = new ArrayList<>();
            Set<Long> expired = new HashSet<>();
            long bound = SESSION_MS + LOCK_TIMEOUT_MS + 30_000; // slack for a busy machine
            for (int round = 0; round < 50; round++) {
                AsyncLogWriter w = log.openAsyncLogWriter().get(bound, TimeUnit.MILLISECONDS);
                String payload = "round-" + round;
                w.write(LogRecord.of(payload.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
                expected.add(payload);
                // Every round must cost a session: the writer of this round took its lock in a session never
                // expired before, so fifty rounds are fifty expiries.
                assertThat(expired.add(expireSession(ns))).as("a new session in round %d", round).isTrue();
                // The reopen follows at once; the old writer is closed in the background (it fails or was fenced).
                w.asyncClose();
            }
            AsyncLogWriter last = log.openAsyncLogWriter().get(bound, TimeUnit.MILLISECONDS);
            last.write(LogRecord.of("last".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            expected.add("last");
            last.asyncClose().get(30, TimeUnit.SECONDS);
            List<String> read = RawLogReader.readAll(CLUSTER.cluster(), log).stream()
                    .map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
            assertThat(read).containsExactlyElementsOf(expected);
        }
    }
}
