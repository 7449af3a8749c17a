package io.dlog.core.lifecycle;

import static io.dlog.core.lifecycle.LifecycleTesting.context;
import static io.dlog.core.lifecycle.LifecycleTesting.ledgerExists;
import static io.dlog.core.lifecycle.LifecycleTesting.namespace;
import static io.dlog.core.lifecycle.LifecycleTesting.readRaw;
import static io.dlog.core.lifecycle.LifecycleTesting.smallSegments;
import static io.dlog.core.lifecycle.LifecycleTesting.writeMany;
import static io.dlog.core.lifecycle.LifecycleTesting.writeSegments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.AuditReport;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogAudit;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.RetentionService;
import io.dlog.core.internal.NamespaceImpl;
import io.dlog.core.internal.retention.RetentionServiceImpl;
import io.dlog.core.internal.truncate.PurgeStep;
import io.dlog.core.internal.truncate.SegmentPurger;
import io.dlog.core.internal.truncate.Truncation;
import io.dlog.core.testing.ChildJvm;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.StatusCode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RELIABILITY R-02: a crash at each metadata step of truncation and retention (test seams), and writers killed
 * with {@code kill -9} in the middle of a roll- and truncation-heavy workload, leave a namespace the next writer
 * opens cleanly, with every acknowledged record at or after the truncation point, and at worst orphan ledgers
 * that the audit reclaims.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class CrashSafetyIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofMillis(3_000)).fsync(false).build();

    private static SegmentPurger crashAt(PurgeStep step) {
        return new SegmentPurger((s, log, seq) -> {
            if (s == step) {
                throw new DLException(StatusCode.UNEXPECTED, "simulated crash after " + s + " seq=" + seq);
            }
        });
    }

    @Test
    void truncationInterruptedAtEachStepShouldBeResumedAndLoseNoAcknowledgedRecord() throws Exception {
        for (PurgeStep step : PurgeStep.values()) {
            String nsName = "crash-trunc-" + step.name().toLowerCase().replace('_', '-');
            try (Namespace ns = namespace(CLUSTER.namespaceUri(nsName), smallSegments().build(), Clock.systemUTC());
                    LogManager log = ns.openLog("log")) {
                AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                List<DLSN> acked = new ArrayList<>(writeSegments(w, log, 6));
                LogSegmentMetadata holder = log.getLogSegments().get(3);
                List<DLSN> inHolder = acked.stream()
                        .filter(d -> d.segmentSequenceNumber() == holder.sequenceNumber()).toList();
                DLSN point = inHolder.get(inHolder.size() / 2);

                Truncation crashing = new Truncation(crashAt(step));
                assertThatThrownBy(() -> crashing.truncateNow(context(ns, "log"), point, true))
                        .hasMessageContaining("simulated crash");
                assertNoSegmentPointsAtAMissingLedger(ns);

                // The writer was not disturbed; a new writer opens cleanly afterwards.
                for (CompletableFuture<DLSN> f : writeMany(w, 20, 1000)) {
                    acked.add(f.get(30, TimeUnit.SECONDS));
                }
                w.asyncClose().get(30, TimeUnit.SECONDS);
                AsyncLogWriter w2 = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                acked.add(w2.write(io.dlog.protocol.LogRecord.of(LifecycleTesting.payload(0))).get(30,
                        TimeUnit.SECONDS));
                w2.asyncClose().get(30, TimeUnit.SECONDS);

                // The next retention pass resumes the recorded truncation.
                try (RetentionService service = ns.admin().retentionService(Clock.systemUTC(), null)) {
                    service.runOnce();
                }
                List<LogSegmentMetadata> segs = log.getLogSegments();
                LogSegmentMetadata firstLive = segs.stream().filter(s -> s.state() != SegmentState.TRUNCATED)
                        .findFirst().orElseThrow();
                assertThat(firstLive.sequenceNumber()).isEqualTo(holder.sequenceNumber());
                assertThat(firstLive.minActiveDLSN()).isEqualTo(point);
                assertAckedPresent(log, acked, point);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ns.admin().audit().run().isClean());
            }
        }
    }

    @Test
    void retentionInterruptedAtEachStepShouldBeFinishedByTheNextPass() throws Exception {
        for (PurgeStep step : List.of(PurgeStep.SEGMENTS_MARKED, PurgeStep.LEDGER_DELETED, PurgeStep.ZNODE_DELETED)) {
            String nsName = "crash-ret-" + step.name().toLowerCase().replace('_', '-');
            try (Namespace ns = namespace(CLUSTER.namespaceUri(nsName), smallSegments().build(), Clock.systemUTC());
                    LogManager log = ns.openLog("log")) {
                AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                List<DLSN> acked = writeSegments(w, log, 5);
                w.asyncClose().get(30, TimeUnit.SECONDS);
                List<LogSegmentMetadata> before = log.getLogSegments();
                RetentionService crashing = new RetentionServiceImpl((NamespaceImpl) ns, Clock.systemUTC(), null,
                        crashAt(step));
                crashing.setPolicy("log", new io.dlog.core.RetentionPolicy(-1, 0));
                assertThat(crashing.runOnce().logsFailed()).isEqualTo(1);
                crashing.close();
                assertNoSegmentPointsAtAMissingLedger(ns);
                AsyncLogWriter w2 = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                w2.asyncClose().get(30, TimeUnit.SECONDS);
                try (RetentionService service = ns.admin().retentionService(Clock.systemUTC(), null)) {
                    service.runOnce();
                }
                LogSegmentMetadata last = before.get(before.size() - 1);
                assertThat(log.getLogSegments()).filteredOn(s -> s.state() != SegmentState.TRUNCATED)
                        .containsExactly(last);
                assertAckedPresent(log, acked, last.firstDLSN());
                for (LogSegmentMetadata s : before.subList(0, before.size() - 1)) {
                    assertThat(ledgerExists(CLUSTER.cluster(), s.ledgerId())).isFalse();
                }
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ns.admin().audit().run().isClean());
            }
        }
    }

    @Test
    void killedWritersShouldLeaveOnlyOrphansThatTheAuditReclaims() throws Exception {
        String nsName = "crash-kill";
        Random random = new Random(42);
        List<DLSN> acked = new ArrayList<>();
        AtomicInteger iterations = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        DLConfig config = smallSegments().set(DLConfigKeys.LOCK_TIMEOUT_MS, 60_000L).build();
        try (Namespace ns = namespace(CLUSTER.namespaceUri(nsName), config, Clock.systemUTC());
                LogManager log = ns.openLog("log")) {
            while (iterations.get() < 6 && System.nanoTime() < deadline) {
                int killAfter = 30 + random.nextInt(300);
                try (ChildJvm child = ChildJvm.start(LifecycleWriterMain.class,
                        CLUSTER.namespaceUri(nsName).toString(), "log")) {
                    Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> child.count("ACK") >= killAfter);
                    child.kill();
                    for (String line : child.lines()) {
                        if (line.startsWith("ACK ")) {
                            acked.add(DLSN.parse(line.substring(4)));
                        }
                    }
                }
                // The next writer opens cleanly (recovering the killed one's segment) and writes.
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                acked.add(w.write(io.dlog.protocol.LogRecord.of(LifecycleTesting.payload(-1))).get(30,
                        TimeUnit.SECONDS));
                w.asyncClose().get(30, TimeUnit.SECONDS);
                assertNoSegmentPointsAtAMissingLedger(ns);
                assertAckedPresent(log, acked, firstReadable(log));
                iterations.incrementAndGet();
            }
            assertThat(iterations.get()).isGreaterThanOrEqualTo(2);
            try (RetentionService service = ns.admin().retentionService(Clock.systemUTC(), null)) {
                service.runOnce(); // finishes any truncation a kill interrupted
            }
            LogAudit later = ns.admin().audit(new MutableClock(Duration.ofHours(2)));
            later.deleteOrphans(Duration.ofHours(1));
            AuditReport r = ns.admin().audit().run();
            assertThat(r.orphans()).isEmpty();
            assertThat(r.missingLedgers()).isEmpty();
            assertThat(r.unfinishedTruncations()).isEmpty();
            assertAckedPresent(log, acked, firstReadable(log));
        }
    }

    private static DLSN firstReadable(LogManager log) throws Exception {
        LogSegmentMetadata first = log.getLogSegments().stream().filter(s -> s.state() != SegmentState.TRUNCATED)
                .findFirst().orElseThrow();
        return first.minActiveDLSN();
    }

    private static void assertNoSegmentPointsAtAMissingLedger(Namespace ns) throws Exception {
        AuditReport r = ns.admin().audit().run();
        assertThat(r.missingLedgers()).as("segments whose ledger is missing").isEmpty();
    }

    private static void assertAckedPresent(LogManager log, List<DLSN> acked, DLSN from) throws Exception {
        Set<DLSN> raw = readRaw(CLUSTER.cluster(), log).stream().map(LogRecordWithDLSN::dlsn)
                .collect(Collectors.toCollection(TreeSet::new));
        List<DLSN> expected = acked.stream().filter(d -> d.compareTo(from) >= 0).toList();
        assertThat(expected).isNotEmpty();
        assertThat(raw).containsAll(expected);
    }
}
