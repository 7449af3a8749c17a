package io.dlog.core.lifecycle;

import static io.dlog.core.lifecycle.LifecycleTesting.namespace;
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
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.StatusCode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 11 item 6: {@code dlog.retention.segments.deleted} counts only ledgers this pass actually deleted. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RetentionAccountingIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofMillis(3_000)).fsync(false).build();

    @Test
    void retentionShouldNotCountALedgerThatWasAlreadyGoneAsDeleted() throws Exception {
        try (Namespace ns = namespace(CLUSTER.namespaceUri("retention-accounting"), smallSegments().build(),
                Clock.systemUTC()); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            writeSegments(w, log, 4);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            List<LogSegmentMetadata> before = log.getLogSegments();
            int released = before.size() - 1; // retention.bytes=0 keeps only the last completed segment

            // A pass that stops right after deleting the first ledger (a crash between the ledger and its znode).
            AtomicBoolean crashed = new AtomicBoolean();
            SegmentPurger crashing = new SegmentPurger((step, name, seq) -> {
                if (step == PurgeStep.LEDGER_DELETED && crashed.compareAndSet(false, true)) {
                    throw new DLException(StatusCode.UNEXPECTED, "simulated crash after the first ledger");
                }
            });
            try (RetentionServiceImpl first = new RetentionServiceImpl((NamespaceImpl) ns, Clock.systemUTC(), null,
                    crashing)) {
                first.setPolicy("log", new RetentionPolicy(-1, 0));
                assertThat(first.runOnce().logsFailed()).isEqualTo(1);
            }
            assertThat(log.getLogSegments()).filteredOn(s -> s.state() == SegmentState.TRUNCATED)
                    .hasSize(released);

            MetricRegistry metrics = new MetricRegistry();
            try (RetentionServiceImpl next = new RetentionServiceImpl((NamespaceImpl) ns, Clock.systemUTC(),
                    metrics, SegmentPurger.DEFAULT)) {
                RetentionRun run = next.runOnce();
                assertThat(run.segmentsDeleted()).isEqualTo(released - 1);
                assertThat(metrics.counter("dlog.retention.segments.deleted").getCount()).isEqualTo(released - 1);
            }
        }
    }
}
