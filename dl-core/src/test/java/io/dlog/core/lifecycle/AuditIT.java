package io.dlog.core.lifecycle;

import static io.dlog.core.lifecycle.LifecycleTesting.context;
import static io.dlog.core.lifecycle.LifecycleTesting.ledgerExists;
import static io.dlog.core.lifecycle.LifecycleTesting.namespace;
import static io.dlog.core.lifecycle.LifecycleTesting.smallSegments;
import static io.dlog.core.lifecycle.LifecycleTesting.writeSegments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.AuditReport;
import io.dlog.core.LogAudit;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.OrphanLedger;
import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.NamespaceImpl;
import io.dlog.core.internal.truncate.LogDeleter;
import io.dlog.core.internal.truncate.PurgeStep;
import io.dlog.core.internal.truncate.SegmentPurger;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.StatusCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.DigestType;
import org.apache.bookkeeper.client.api.WriteHandle;
import org.apache.bookkeeper.conf.ClientConfiguration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deletion without orphans and the audit that proves it. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AuditIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    @Test
    void auditShouldReportNoOrphansAfterLogsAreCreatedWrittenAndDeleted() throws Exception {
        try (Namespace ns = namespace(CLUSTER.namespaceUri("audit-clean"), smallSegments().build(),
                Clock.systemUTC())) {
            for (int i = 0; i < 5; i++) {
                try (LogManager log = ns.openLog("log-" + i)) {
                    AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                    writeSegments(w, log, 3);
                    if (i == 4) {
                        // Deleting under an open writer is refused, unless forced; the forced writer is fenced.
                        assertThatThrownBy(() -> ns.deleteLog("log-4")).isInstanceOf(DLException.class)
                                .satisfies(e -> assertThat(((DLException) e).code())
                                        .isEqualTo(StatusCode.LOCKING_EXCEPTION));
                        ns.forceDeleteLog("log-4");
                        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> writeSegments(w, log, 6));
                        assertThat(t).isNotNull();
                        w.asyncClose().handle((v, e) -> null).get(30, TimeUnit.SECONDS);
                    } else {
                        w.asyncClose().get(30, TimeUnit.SECONDS);
                    }
                }
            }
            ns.deleteLog("log-1");
            ns.deleteLog("log-3");
            assertThat(ns.getLogs()).containsExactly("log-0", "log-2");
            LogAudit audit = ns.admin().audit();
            // Closing writers delete their pre-allocated ledgers asynchronously.
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                AuditReport r = audit.run();
                assertThat(r.orphans()).isEmpty();
                assertThat(r.missingLedgers()).isEmpty();
                assertThat(r.unfinishedTruncations()).isEmpty();
                assertThat(r.logs()).isEqualTo(2);
                assertThat(r.ledgers()).isEqualTo(r.segments());
            });
        }
    }

    @Test
    void plantedOrphanShouldBeReportedAndDeletedOnlyAfterTheGracePeriod() throws Exception {
        try (Namespace ns = namespace(CLUSTER.namespaceUri("audit-orphan"), smallSegments().build(),
                Clock.systemUTC()); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            writeSegments(w, log, 2);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            String nsPath = ((NamespaceImpl) ns).store().paths().namespacePath();
            long orphan = plantLedger(nsPath, "log", 99);
            long orphanOfDeletedLog = plantLedger(nsPath, "gone", 1);

            AuditReport r = ns.admin().audit().run();
            assertThat(r.orphans()).extracting(OrphanLedger::ledgerId).containsExactly(orphan, orphanOfDeletedLog);
            assertThat(r.orphans()).allSatisfy(o -> assertThat(o.createdAtMillis()).isPositive());
            assertThat(r.missingLedgers()).isEmpty();

            assertThat(ns.admin().audit().deleteOrphans(Duration.ofHours(1))).isEmpty();
            assertThat(ledgerExists(CLUSTER.cluster(), orphan)).isTrue();

            LogAudit later = ns.admin().audit(new MutableClock(Duration.ofHours(2)));
            assertThat(later.deleteOrphans(Duration.ofHours(1))).extracting(OrphanLedger::ledgerId)
                    .containsExactly(orphan, orphanOfDeletedLog);
            assertThat(ledgerExists(CLUSTER.cluster(), orphan)).isFalse();
            assertThat(ledgerExists(CLUSTER.cluster(), orphanOfDeletedLog)).isFalse();
            assertThat(ns.admin().audit().run().isClean()).isTrue();
            // The log itself is untouched.
            assertThat(log.getLogSegments()).allSatisfy(s -> assertThat(ledgerExists(CLUSTER.cluster(),
                    s.ledgerId())).isTrue());
        }
    }

    @Test
    void auditShouldReportASegmentWhoseLedgerIsMissing() throws Exception {
        try (Namespace ns = namespace(CLUSTER.namespaceUri("audit-missing"), smallSegments().build(),
                Clock.systemUTC()); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            writeSegments(w, log, 2);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            LogSegmentMetadata first = log.getLogSegments().get(0);
            Ledgers.delete(context(ns, "log"), first.ledgerId()).get(30, TimeUnit.SECONDS);
            AuditReport r = ns.admin().audit().run();
            assertThat(r.missingLedgers()).singleElement().satisfies(m -> {
                assertThat(m.log()).isEqualTo("log");
                assertThat(m.segment()).isEqualTo(first.sequenceNumber());
                assertThat(m.ledgerId()).isEqualTo(first.ledgerId());
            });
        }
    }

    @Test
    void deletionInterruptedAfterEachStepShouldBeFinishedByTheNextDeletion() throws Exception {
        for (PurgeStep step : List.of(PurgeStep.SEGMENTS_MARKED, PurgeStep.LEDGER_DELETED)) {
            String nsName = "audit-delete-" + step.name().toLowerCase();
            try (Namespace ns = namespace(CLUSTER.namespaceUri(nsName), smallSegments().build(), Clock.systemUTC())) {
                try (LogManager log = ns.openLog("log")) {
                    AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                    writeSegments(w, log, 3);
                    w.asyncClose().get(30, TimeUnit.SECONDS);
                }
                SegmentPurger crashing = new SegmentPurger((s, l, q) -> {
                    if (s == step) {
                        throw new DLException(StatusCode.UNEXPECTED, "simulated crash after " + s);
                    }
                });
                assertThatThrownBy(() -> LogDeleter.delete(context(ns, "log"), false, crashing))
                        .hasMessageContaining("simulated crash");
                AuditReport mid = ns.admin().audit().run();
                assertThat(mid.missingLedgers()).isEmpty(); // every segment is TRUNCATED before any ledger goes
                assertThat(mid.orphans()).isEmpty();
                assertThat(mid.unfinishedTruncations()).isNotEmpty();
                ns.deleteLog("log");
                assertThat(ns.logExists("log")).isFalse();
                Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> ns.admin().audit().run().isClean());
            }
        }
    }

    private static long plantLedger(String nsPath, String log, long seq) throws Exception {
        ClientConfiguration conf = CLUSTER.cluster().newClientConfiguration();
        conf.setStoreSystemtimeAsLedgerCreationTime(true);
        try (BookKeeper bk = BookKeeper.newBuilder(conf).build()) {
            WriteHandle h = bk.newCreateLedgerOp().withEnsembleSize(3).withWriteQuorumSize(3).withAckQuorumSize(2)
                    .withDigestType(DigestType.CRC32C).withPassword(new byte[0])
                    .withCustomMetadata(Map.of(
                            Ledgers.META_NAMESPACE, nsPath.getBytes(StandardCharsets.UTF_8),
                            Ledgers.META_LOG, log.getBytes(StandardCharsets.UTF_8),
                            Ledgers.META_SEGMENT, Long.toString(seq).getBytes(StandardCharsets.UTF_8)))
                    .execute().get(30, TimeUnit.SECONDS);
            return h.getId(); // left open and empty, like a crashed writer's pre-allocated ledger
        }
    }
}
