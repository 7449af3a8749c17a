package io.dlog.core.lifecycle;

import static io.dlog.core.lifecycle.LifecycleTesting.ledgerExists;
import static io.dlog.core.lifecycle.LifecycleTesting.namespace;
import static io.dlog.core.lifecycle.LifecycleTesting.readRaw;
import static io.dlog.core.lifecycle.LifecycleTesting.smallSegments;
import static io.dlog.core.lifecycle.LifecycleTesting.writeMany;
import static io.dlog.core.lifecycle.LifecycleTesting.writeSegments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.StatusCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Truncation by DLSN (writer) and by txid (admin): invariant 5 and RELIABILITY R-16. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TruncationIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    @Test
    void truncateShouldDeleteEarlierLedgersAndRecordThePointInItsSegment() throws Exception {
        try (Namespace ns = namespace(CLUSTER.namespaceUri("trunc-mid"), smallSegments().build(), Clock.systemUTC());
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<DLSN> acked = new ArrayList<>(writeSegments(w, log, 10));
            List<LogSegmentMetadata> before = log.getLogSegments();
            LogSegmentMetadata fifth = before.get(4);
            List<DLSN> inFifth = acked.stream()
                    .filter(d -> d.segmentSequenceNumber() == fifth.sequenceNumber()).toList();
            assertThat(inFifth).hasSizeGreaterThan(2);
            DLSN point = inFifth.get(inFifth.size() / 2);

            w.truncate(point).get(30, TimeUnit.SECONDS);

            for (LogSegmentMetadata s : before.subList(0, 4)) {
                assertThat(ledgerExists(CLUSTER.cluster(), s.ledgerId())).as("ledger of seg %s", s).isFalse();
            }
            List<LogSegmentMetadata> after = log.getLogSegments();
            LogSegmentMetadata firstLive = after.stream().filter(s -> s.state() != SegmentState.TRUNCATED)
                    .findFirst().orElseThrow();
            assertThat(firstLive.sequenceNumber()).isEqualTo(fifth.sequenceNumber());
            assertThat(firstLive.minActiveDLSN()).isEqualTo(point);
            assertThat(firstLive.state()).isEqualTo(SegmentState.COMPLETED);
            assertThat(after).filteredOn(s -> s.state() == SegmentState.TRUNCATED)
                    .singleElement().satisfies(m -> assertThat(m.ledgerId()).isEqualTo(-1));
            assertThat(ledgerExists(CLUSTER.cluster(), fifth.ledgerId())).isTrue();

            // The writer was not fenced: it keeps writing and rolling.
            List<CompletableFuture<DLSN>> more = writeMany(w, 40, acked.size() + 1);
            for (CompletableFuture<DLSN> f : more) {
                acked.add(f.get(30, TimeUnit.SECONDS));
            }
            w.asyncClose().get(30, TimeUnit.SECONDS);

            Set<DLSN> raw = readRaw(CLUSTER.cluster(), log).stream().map(LogRecordWithDLSN::dlsn)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(raw).containsAll(acked.stream().filter(d -> d.compareTo(point) >= 0).toList());
            assertThat(raw).allSatisfy(d -> assertThat(d.segmentSequenceNumber())
                    .isGreaterThanOrEqualTo(fifth.sequenceNumber()));

            assertReadersSeeTheCut(log, point, acked);
        }
    }

    /** Readers below the point fail LOG_TRUNCATED; a reader at the point reads it and everything after it. */
    private static void assertReadersSeeTheCut(LogManager log, DLSN point, List<DLSN> acked) throws Exception {
        Throwable t = catchThrowable(() -> {
            AsyncLogReader r = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            try {
                r.readNext().get(30, TimeUnit.SECONDS);
            } finally {
                r.close();
            }
        });
        assertThat(t).isNotNull();
        assertThat(Futures.toDLException(t).code()).isEqualTo(StatusCode.LOG_TRUNCATED);

        List<DLSN> expected = acked.stream().filter(d -> d.compareTo(point) >= 0).toList();
        AsyncLogReader r = log.openAsyncLogReader(point).get(30, TimeUnit.SECONDS);
        try {
            List<DLSN> read = new ArrayList<>();
            while (read.size() < expected.size()) {
                read.add(r.readNext().get(30, TimeUnit.SECONDS).dlsn());
            }
            assertThat(read).isEqualTo(expected);
        } finally {
            r.close();
        }
    }

    @Test
    void truncateShouldFailWithInvalidArgumentPastTheLastAcknowledgedRecord() throws Exception {
        try (Namespace ns = namespace(CLUSTER.namespaceUri("trunc-past"), smallSegments().build(),
                Clock.systemUTC()); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<DLSN> acked = writeSegments(w, log, 3);
            DLSN last = acked.get(acked.size() - 1);
            DLSN beyond = new DLSN(last.segmentSequenceNumber() + 3, 0, 0);
            Throwable t = catchThrowable(() -> w.truncate(beyond).get(30, TimeUnit.SECONDS));
            assertThat(Futures.toDLException(t).code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
            // Without a writer, only completed segments may be cut into.
            List<LogSegmentMetadata> live = log.getLogSegments();
            DLSN inProgress = live.get(live.size() - 1).firstDLSN();
            assertThat(live.get(live.size() - 1).state()).isEqualTo(SegmentState.INPROGRESS);
            assertThatThrownBy(() -> ns.admin().truncation().truncate("log", inProgress))
                    .isInstanceOf(DLException.class)
                    .satisfies(e -> assertThat(((DLException) e).code()).isEqualTo(StatusCode.INVALID_ARGUMENT));
            List<LogSegmentMetadata> segs = log.getLogSegments();
            assertThat(segs).noneMatch(s -> s.state() == SegmentState.TRUNCATED);
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void truncateBeforeTxIdShouldKeepEveryRecordFromThatTxIdOn() throws Exception {
        try (Namespace ns = namespace(CLUSTER.namespaceUri("trunc-txid"), smallSegments().build(),
                Clock.systemUTC()); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            int n = writeSegments(w, log, 6).size();
            w.asyncClose().get(30, TimeUnit.SECONDS);
            long txid = n / 2;
            DLSN point = ns.admin().truncation().truncateBeforeTxId("log", txid);
            List<LogRecordWithDLSN> raw = readRaw(CLUSTER.cluster(), log);
            Set<Long> txids = raw.stream().map(LogRecordWithDLSN::txid).collect(Collectors.toSet());
            for (long t = txid; t <= n; t++) {
                assertThat(txids).contains(t);
            }
            assertThat(raw.get(0).dlsn()).isEqualTo(point);
            assertThat(raw.get(0).txid()).isLessThanOrEqualTo(txid);
            assertThat(log.getLogSegments()).anyMatch(s -> s.state() == SegmentState.TRUNCATED);
            // The next writer opens cleanly after a truncation and continues the txids.
            AsyncLogWriter w2 = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            assertThat(w2.getLastTxId()).isEqualTo(n);
            w2.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }
}
