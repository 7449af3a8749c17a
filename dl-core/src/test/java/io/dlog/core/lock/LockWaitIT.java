package io.dlog.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11 item 7: writer opens waiting for a lock hold no metadata thread, so opens, rolls and closes of other
 * logs of the namespace go on while they wait.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LockWaitIT {
    private static final long LOCK_TIMEOUT_MS = 60_000;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    @Test
    void otherLogsShouldOpenRollAndCloseWhileManyOpensWaitForHeldLocks() throws Exception {
        DLConfig config = DLConfig.builder().set(DLConfigKeys.LOCK_TIMEOUT_MS, LOCK_TIMEOUT_MS)
                .set(DLConfigKeys.SEGMENT_MAX_BYTES, 1024L).set(DLConfigKeys.FLUSH_INTERVAL_MS, 0L).build();
        MetricRegistry metrics = new MetricRegistry();
        try (Namespace holder = CLUSTER.openNamespace("lock-wait", config);
                Namespace ns = io.dlog.core.Namespace.builder().uri(CLUSTER.namespaceUri("lock-wait"))
                        .config(config).metrics(metrics).build()) {
            List<AsyncLogWriter> held = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                held.add(holder.openLog("held-" + i).openAsyncLogWriter().get(30, TimeUnit.SECONDS));
            }
            // More waiting opens than the namespace has metadata threads (4).
            List<CompletableFuture<AsyncLogWriter>> waiting = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                waiting.add(ns.openLog("held-" + (i % 4)).openAsyncLogWriter());
            }
            try (LogManager other = ns.openLog("other")) {
                AsyncLogWriter w = other.openAsyncLogWriter().get(LOCK_TIMEOUT_MS / 2, TimeUnit.MILLISECONDS);
                List<CompletableFuture<?>> acks = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    acks.add(w.write(LogRecord.of(new byte[100])));
                }
                CompletableFuture.allOf(acks.toArray(new CompletableFuture[0]))
                        .get(LOCK_TIMEOUT_MS / 2, TimeUnit.MILLISECONDS);
                w.asyncClose().get(LOCK_TIMEOUT_MS / 2, TimeUnit.MILLISECONDS);
                assertThat(metrics.counter("dlog.writer.rolls").getCount()).isGreaterThan(0);
            }
            // All of that happened while every contended open was still waiting for its lock.
            assertThat(waiting).noneMatch(CompletableFuture::isDone);
            for (AsyncLogWriter h : held) {
                h.asyncClose().get(30, TimeUnit.SECONDS);
            }
            // Released locks go to the waiters (one per log; the others keep waiting until their timeout).
            long opened = 0;
            for (CompletableFuture<AsyncLogWriter> f : waiting) {
                AsyncLogWriter w = f.handle((v, t) -> {
                    if (t != null) {
                        assertThat(Futures.toDLException(t).code()).isEqualTo(StatusCode.LOCKING_EXCEPTION);
                    }
                    return v;
                }).get(LOCK_TIMEOUT_MS * 2, TimeUnit.MILLISECONDS);
                if (w != null) {
                    opened++;
                    w.asyncClose().get(30, TimeUnit.SECONDS);
                }
            }
            assertThat(opened).isGreaterThanOrEqualTo(4);
        }
    }
}
