package io.dlog.core.lifecycle;

import static io.dlog.core.lifecycle.LifecycleTesting.completed;
import static io.dlog.core.lifecycle.LifecycleTesting.namespace;
import static io.dlog.core.lifecycle.LifecycleTesting.readRaw;
import static io.dlog.core.lifecycle.LifecycleTesting.smallSegments;
import static io.dlog.core.lifecycle.LifecycleTesting.writeSegments;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.RetentionPolicy;
import io.dlog.core.RetentionRun;
import io.dlog.core.internal.NamespaceImpl;
import io.dlog.core.internal.retention.RetentionServiceImpl;
import io.dlog.core.internal.truncate.PurgeStep;
import io.dlog.core.internal.truncate.SegmentPurger;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.StatusCode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11 item 6: a metadata change planned from an earlier read never lands on a later incarnation of the log
 * (deleted and re-created under the same name between the plan and the change).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IncarnationIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofMillis(3_000)).fsync(false).build();

    @Test
    void staleRetentionPassShouldNotReleaseSegmentsOfARecreatedLog() throws Exception {
        try (Namespace ns = namespace(CLUSTER.namespaceUri("stale-retention"), smallSegments().build(),
                Clock.systemUTC()); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            writeSegments(w, log, 5);
            w.asyncClose().get(30, TimeUnit.SECONDS);

            CompletableFuture<Long> planned = new CompletableFuture<>();
            CompletableFuture<Void> resume = new CompletableFuture<>();
            SegmentPurger pausing = new SegmentPurger((step, name, seq) -> {
                if (step == PurgeStep.PLANNED && planned.complete(seq)) {
                    try {
                        resume.get(2, TimeUnit.MINUTES);
                    } catch (Exception e) {
                        throw new DLException(StatusCode.UNEXPECTED, "test pause failed: " + e);
                    }
                }
            });
            MetricRegistry metrics = new MetricRegistry();
            try (RetentionServiceImpl stale = new RetentionServiceImpl((NamespaceImpl) ns, Clock.systemUTC(),
                    metrics, pausing)) {
                stale.setPolicy("log", new RetentionPolicy(-1, 0));
                CompletableFuture<RetentionRun> pass = CompletableFuture.supplyAsync(() -> {
                    try {
                        return stale.runOnce();
                    } catch (DLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                long lastPlanned = planned.get(2, TimeUnit.MINUTES);
                assertThat(lastPlanned).isGreaterThanOrEqualTo(3);

                // Between the plan and its application: the log is deleted and re-created under the same name,
                // and written until it has more completed segments than the stale plan releases.
                ns.deleteLog("log");
                AsyncLogWriter w2 = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                List<DLSN> acked = writeSegments(w2, log, (int) lastPlanned + 1);
                w2.asyncClose().get(30, TimeUnit.SECONDS);
                assertThat(completed(log)).isGreaterThan(lastPlanned);

                resume.complete(null);
                RetentionRun run = pass.get(2, TimeUnit.MINUTES);
                assertThat(run.segmentsDeleted()).isZero();
                assertThat(metrics.counter("dlog.retention.segments.deleted").getCount()).isZero();
                assertThat(log.getLogSegments()).noneMatch(s -> s.state() == SegmentState.TRUNCATED);
                List<DLSN> read = readRaw(CLUSTER.cluster(), log).stream().map(LogRecordWithDLSN::dlsn).toList();
                assertThat(read).containsExactlyElementsOf(acked);
                assertThat(ns.admin().audit().run().isClean()).isTrue();
            }
        }
    }
}
