package io.dlog.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The asynchronous metadata calls a server needs: they never block or throw on the caller's thread. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NamespaceAsyncIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    @Test
    void asyncMetadataCallsShouldCompleteOnNamespaceThreadsWithTheSyncAnswers() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("async-calls", DLConfig.defaults())) {
            AtomicReference<String> thread = new AtomicReference<>();
            ns.createLogAsync("a").thenRun(() -> thread.set(Thread.currentThread().getName()))
                    .get(30, TimeUnit.SECONDS);
            assertThat(thread.get()).startsWith("dlog-admin-");
            assertThat(ns.logExistsAsync("a").get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ns.logExistsAsync("b").get(30, TimeUnit.SECONDS)).isFalse();
            assertThat(ns.getLogsAsync().get(30, TimeUnit.SECONDS)).containsExactly("a");
            assertThat(code(ns.createLogAsync("a"))).isEqualTo(StatusCode.LOG_EXISTS);

            try (LogManager log = ns.openLog("a")) {
                assertThat(code(log.getLastDLSNAsync())).isEqualTo(StatusCode.LOG_EMPTY);
                AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                DLSN last = null;
                for (int i = 1; i <= 3; i++) {
                    last = w.write(LogRecord.of(i, ("r" + i).getBytes(StandardCharsets.UTF_8)))
                            .get(30, TimeUnit.SECONDS);
                }
                w.asyncClose().get(30, TimeUnit.SECONDS);
                assertThat(log.getLastDLSNAsync().get(30, TimeUnit.SECONDS)).isEqualTo(last);
                assertThat(log.getFirstDLSNAsync().get(30, TimeUnit.SECONDS)).isEqualTo(log.getFirstDLSN());
                assertThat(log.getLastTxIdAsync().get(30, TimeUnit.SECONDS)).isEqualTo(3L);
                assertThat(log.getLogRecordCountAsync().get(30, TimeUnit.SECONDS)).isEqualTo(3L);
                assertThat(log.getLogSegmentsAsync().get(30, TimeUnit.SECONDS)).isEqualTo(log.getLogSegments());
            }
            ns.deleteLogAsync("a").get(60, TimeUnit.SECONDS);
            assertThat(ns.logExistsAsync("a").get(30, TimeUnit.SECONDS)).isFalse();
            assertThat(code(ns.deleteLogAsync("a"))).isEqualTo(StatusCode.LOG_NOT_FOUND);
        }
    }

    @Test
    void badInputShouldFailTheFutureInsteadOfThrowing() throws Exception {
        Namespace ns = CLUSTER.openNamespace("async-bad", DLConfig.defaults());
        assertThat(code(ns.createLogAsync("../x"))).isEqualTo(StatusCode.INVALID_STREAM_NAME);
        assertThat(code(ns.logExistsAsync(""))).isEqualTo(StatusCode.INVALID_STREAM_NAME);
        ns.close();
        assertThat(code(ns.getLogsAsync())).isEqualTo(StatusCode.ALREADY_CLOSED);
        assertThat(code(ns.createLogAsync("ok"))).isEqualTo(StatusCode.ALREADY_CLOSED);
    }

    private static StatusCode code(CompletableFuture<?> f) throws Exception {
        Throwable t = f.handle((v, e) -> e).get(60, TimeUnit.SECONDS);
        assertThat(t).as("the future must fail").isNotNull();
        return Futures.toDLException(t).code();
    }
}
