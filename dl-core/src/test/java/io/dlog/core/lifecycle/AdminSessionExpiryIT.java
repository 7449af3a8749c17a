package io.dlog.core.lifecycle;

import static io.dlog.core.lifecycle.LifecycleTesting.context;
import static io.dlog.core.lifecycle.LifecycleTesting.namespace;
import static io.dlog.core.lifecycle.LifecycleTesting.payload;
import static io.dlog.core.lifecycle.LifecycleTesting.readRaw;
import static io.dlog.core.lifecycle.LifecycleTesting.writeSegments;
import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.AuditReport;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.RetentionPolicy;
import io.dlog.core.RetentionService;
import io.dlog.core.internal.NamespaceImpl;
import io.dlog.core.internal.retention.RetentionServiceImpl;
import io.dlog.core.internal.truncate.PurgeStep;
import io.dlog.core.internal.truncate.SegmentPurger;
import io.dlog.core.internal.truncate.Truncation;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.SessionExpiry;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11: the ZooKeeper session of a namespace expires in the middle of a truncation and of a retention pass
 * (after the plan, after the marks, after a ledger deletion), while a writer of the same namespace holds the log.
 * Afterwards a new writer opens within session timeout + lock timeout, every acknowledged record at or after the
 * kept position reads back once and in order, and the audit finds no segment without its ledger.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class AdminSessionExpiryIT {
    private static final long SESSION_MS = 3_000;
    /** Generous: on a loaded machine the server may take well over the session timeout to expire the session. */
    private static final long LOCK_TIMEOUT_MS = 30_000;
    private static final List<PurgeStep> STEPS = List.of(PurgeStep.PLANNED, PurgeStep.SEGMENTS_MARKED,
            PurgeStep.LEDGER_DELETED);

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofMillis(SESSION_MS)).fsync(false).build();

    private static DLConfig config() {
        return LifecycleTesting.smallSegments().set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, SESSION_MS)
                .set(DLConfigKeys.LOCK_TIMEOUT_MS, LOCK_TIMEOUT_MS).build();
    }

    /** A purger that expires the namespace's session ({@link SessionExpiry}) once, after the given step. */
    private static SegmentPurger expiringAt(Namespace ns, PurgeStep step) {
        AtomicBoolean done = new AtomicBoolean();
        return new SegmentPurger((s, log, seq) -> {
            if (s == step && done.compareAndSet(false, true)) {
                try {
                    SessionExpiry.inject(ns);
                } catch (Exception e) {
                    throw new DLException(io.dlog.protocol.StatusCode.UNEXPECTED, "cannot expire: " + e);
                }
            }
        });
    }

    @Test
    void truncationShouldLeaveAWritableConsistentLogWhenTheSessionExpiresMidway() throws Exception {
        for (PurgeStep step : STEPS) {
            String name = "expiry-trunc-" + step.name().toLowerCase().replace('_', '-');
            try (Namespace ns = namespace(CLUSTER.namespaceUri(name), config(), Clock.systemUTC());
                    LogManager log = ns.openLog("log")) {
                AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                List<DLSN> acked = new ArrayList<>(writeSegments(w, log, 5));
                DLSN point = log.getLogSegments().get(3).firstDLSN();
                try {
                    new Truncation(expiringAt(ns, step)).truncateNow(context(ns, "log"), point, false);
                } catch (DLException e) {
                    // Failing is allowed (the session went away under it); what it leaves behind is checked below.
                }
                checkAfterExpiry(ns, log, w, acked, point);
            }
        }
    }

    @Test
    void retentionShouldLeaveAWritableConsistentLogWhenTheSessionExpiresMidway() throws Exception {
        for (PurgeStep step : STEPS) {
            String name = "expiry-ret-" + step.name().toLowerCase().replace('_', '-');
            try (Namespace ns = namespace(CLUSTER.namespaceUri(name), config(), Clock.systemUTC());
                    LogManager log = ns.openLog("log")) {
                AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                List<DLSN> acked = new ArrayList<>(writeSegments(w, log, 5));
                List<LogSegmentMetadata> completed = log.getLogSegments().stream()
                        .filter(s -> s.state() == SegmentState.COMPLETED).toList();
                DLSN keptFrom = completed.get(completed.size() - 1).firstDLSN();
                try (RetentionService service = new RetentionServiceImpl((NamespaceImpl) ns, Clock.systemUTC(),
                        null, expiringAt(ns, step))) {
                    service.setPolicy("log", new RetentionPolicy(-1, 0));
                    service.runOnce();
                } catch (DLException e) {
                    // as above
                }
                // The follow-up pass of checkAfterExpiry only finishes this one; it must not release more.
                try (RetentionService service = ns.admin().retentionService()) {
                    service.clearPolicy("log");
                }
                checkAfterExpiry(ns, log, w, acked, keptFrom);
            }
        }
    }

    private static void checkAfterExpiry(Namespace ns, LogManager log, AsyncLogWriter old, List<DLSN> acked,
            DLSN keptFrom) throws Exception {
        old.asyncClose().handle((v, t) -> null).get(60, TimeUnit.SECONDS);
        long started = System.nanoTime();
        AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(tookMs).as("reopen after the expiry").isLessThanOrEqualTo(SESSION_MS + LOCK_TIMEOUT_MS + 5_000);
        acked.add(w.write(LogRecord.of(payload(-1))).get(30, TimeUnit.SECONDS));
        w.asyncClose().get(30, TimeUnit.SECONDS);
        // A later pass finishes whatever the interrupted one left (resumes the recorded point).
        try (RetentionService service = ns.admin().retentionService()) {
            service.runOnce();
        }
        AuditReport r = ns.admin().audit().run();
        assertThat(r.missingLedgers()).as("segments without their ledger").isEmpty();
        List<DLSN> read = readRaw(CLUSTER.cluster(), log).stream().map(LogRecordWithDLSN::dlsn).toList();
        assertThat(read).isNotEmpty();
        int from = acked.indexOf(read.get(0));
        assertThat(from).as("first record read is an acknowledged one").isGreaterThanOrEqualTo(0);
        assertThat(read.get(0)).as("nothing at or after the kept position is lost").isLessThanOrEqualTo(keptFrom);
        assertThat(read).as("acknowledged records, once each, in order").containsExactlyElementsOf(
                acked.subList(from, acked.size()));
    }
}
