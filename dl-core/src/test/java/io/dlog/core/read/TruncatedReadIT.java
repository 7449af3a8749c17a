package io.dlog.core.read;

import static io.dlog.core.read.ReadTesting.failure;
import static io.dlog.core.read.ReadTesting.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.read.ReadTesting.Acked;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Readers and truncation (issue 12 items 2-5): an open reader never skips; one rule for starts below the point. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TruncatedReadIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofSeconds(4)).fsync(false).build();

    @Test
    void openReaderShouldFailLogTruncatedInsteadOfSkippingWhenTheSegmentsAheadOfItAreReleased() throws Exception {
        DLConfig config = DLConfig.builder()
                .set(DLConfigKeys.SEGMENT_MAX_BYTES, 16L * 1024)
                .set(DLConfigKeys.BATCH_MAX_BYTES, 4096)
                .set(DLConfigKeys.READAHEAD_MAX_BYTES, 65_536L)
                .build();
        try (Namespace ns = CLUSTER.openNamespace("trunc-open-reader", config); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<Acked> acked = write(w, 0, 1500, 1000);
            assertThat(acked.get(acked.size() - 1).dlsn().segmentSequenceNumber()).isGreaterThan(50);
            AsyncLogReader r = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            List<LogRecordWithDLSN> read = new ArrayList<>(ReadTesting.read(r, 20));
            DLSN point = acked.get(1000).dlsn();
            w.truncate(point).get(30, TimeUnit.SECONDS);
            assertEquals(500, log.getLogRecordCount(), "the records from the point on");

            DLException end = null;
            while (end == null && read.size() < acked.size()) {
                try {
                    read.addAll(r.readBulk(100).get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    end = Futures.toDLException(e);
                }
            }
            for (int i = 0; i < read.size(); i++) {
                assertEquals(acked.get(i).dlsn(), read.get(i).dlsn(), "record " + i + " (no record may be skipped)");
            }
            assertThat(end).as("the reader must stop before the released records, having read %d", read.size())
                    .isNotNull();
            assertThat(end.code()).isEqualTo(StatusCode.LOG_TRUNCATED);
            assertThat(end.getMessage()).contains(point.toString());
            assertThat(read.size()).isLessThan(1000);
            assertEquals(StatusCode.LOG_TRUNCATED, failure(r.readNext()), "every later read fails the same way");
            r.asyncClose().get(30, TimeUnit.SECONDS);
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void truncationInsideTheInProgressSegmentShouldBindReadersOpenedLaterByDlsnAndTxid() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("trunc-inprogress", DLConfig.defaults());
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<Acked> acked = write(w, 0, 100, 10);
            Acked cut = acked.get(50);
            w.truncate(cut.dlsn()).get(30, TimeUnit.SECONDS);
            assertThat(log.getLogSegments()).singleElement().satisfies(s -> assertThat(s.isInProgress()).isTrue());

            assertEquals(cut.dlsn(), log.getFirstDLSN());
            assertEquals(50, log.getLogRecordCount(), "the records from the point on, in the in-progress segment");
            assertTruncated(log.openAsyncLogReader(DLSN.INITIAL), cut.dlsn());
            assertTruncated(log.openAsyncLogReader(acked.get(49).dlsn()), cut.dlsn());
            assertTruncated(log.openAsyncLogReader(acked.get(49).txid()), cut.dlsn());
            assertTruncated(log.openAsyncLogReader(0L), cut.dlsn());
            assertStartsAt(log.openAsyncLogReader(cut.dlsn()), cut);
            assertStartsAt(log.openAsyncLogReader(cut.txid()), cut);
            assertStartsAt(log.openAsyncLogReader(log.getFirstDLSN()), cut);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            // Completed, the segment still holds the records below the point: the rule does not change.
            assertEquals(50, log.getLogRecordCount(), "the records from the point on, in the completed segment");
            assertTruncated(log.openAsyncLogReader(acked.get(10).txid()), cut.dlsn());
            assertStartsAt(log.openAsyncLogReader(cut.txid()), cut);
        }
    }

    @Test
    void openByTxidShouldResolveToTheRecordWhenTheTruncationPointIsInsideAnEntry() throws Exception {
        DLConfig batched = DLConfig.builder().set(DLConfigKeys.FLUSH_INTERVAL_MS, 10_000L).build();
        try (Namespace ns = CLUSTER.openNamespace("trunc-in-entry", batched); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<CompletableFuture<DLSN>> fs = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                fs.add(w.write(LogRecord.of(i * 10L, ReadTesting.payload(i, 8))));
            }
            w.flush().get(30, TimeUnit.SECONDS);
            List<DLSN> dlsns = new ArrayList<>();
            for (CompletableFuture<DLSN> f : fs) {
                dlsns.add(f.get(30, TimeUnit.SECONDS));
            }
            // Group commit sends the first record alone and gathers the ones written behind it into one entry:
            // the point is the first record that has a record of its own entry before it.
            int k = 1;
            while (k < 98 && dlsns.get(k).slotId() == 0) {
                k++;
            }
            assertThat(dlsns.get(k).slotId()).as("a record inside an entry").isPositive();
            DLSN point = dlsns.get(k); // txid (k + 1) * 10
            long txid = (k + 1) * 10L;
            w.truncate(point).get(30, TimeUnit.SECONDS);

            assertStartsAt(log.openAsyncLogReader(point), new Acked(point, txid, k + 1));
            assertStartsAt(log.openAsyncLogReader(txid), new Acked(point, txid, k + 1));
            assertStartsAt(log.openAsyncLogReader(txid - 9), new Acked(point, txid, k + 1));
            assertStartsAt(log.openAsyncLogReader(txid + 10), new Acked(dlsns.get(k + 1), txid + 10, k + 2));
            assertTruncated(log.openAsyncLogReader(txid - 10), point);
            assertTruncated(log.openAsyncLogReader(dlsns.get(k - 1)), point);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            // (Counted once closed: with a 10 s flush interval the last entry is not yet below the LAC before.)
            assertEquals(100 - k, log.getLogRecordCount(), "records from the one at the point, inside its entry");
        }
    }

    @Test
    void startsBelowASegmentBoundaryPointShouldFailLikeStartsBelowAnInSegmentPoint() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("trunc-boundary", ReadTesting.rolling(4096, 0));
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<Acked> acked = write(w, 0, 400, 100);
            long cutSeq = acked.get(200).dlsn().segmentSequenceNumber();
            Acked cut = acked.stream().filter(a -> a.dlsn().segmentSequenceNumber() == cutSeq).findFirst()
                    .orElseThrow();
            Acked before = acked.get((int) cut.index() - 1);
            w.truncate(cut.dlsn()).get(30, TimeUnit.SECONDS);

            assertEquals(cut.dlsn(), log.getFirstDLSN());
            assertEquals(400 - cut.index(), log.getLogRecordCount(), "the records from a segment's first one on");
            assertTruncated(log.openAsyncLogReader(DLSN.INITIAL), cut.dlsn());
            assertTruncated(log.openAsyncLogReader(before.dlsn()), cut.dlsn());
            assertTruncated(log.openAsyncLogReader(0L), cut.dlsn());
            assertTruncated(log.openAsyncLogReader(before.txid()), cut.dlsn());
            assertStartsAt(log.openAsyncLogReader(cut.dlsn()), cut);
            assertStartsAt(log.openAsyncLogReader(cut.txid()), cut);

            // The same starts after a point inside a segment give the same answers.
            Acked inside = acked.get((int) cut.index() + 3);
            assertThat(inside.dlsn().segmentSequenceNumber()).isEqualTo(cutSeq);
            w.truncate(inside.dlsn()).get(30, TimeUnit.SECONDS);
            assertEquals(inside.dlsn(), log.getFirstDLSN());
            assertEquals(400 - inside.index(), log.getLogRecordCount(), "the records from the point on");
            assertTruncated(log.openAsyncLogReader(DLSN.INITIAL), inside.dlsn());
            assertTruncated(log.openAsyncLogReader(cut.dlsn()), inside.dlsn());
            assertTruncated(log.openAsyncLogReader(0L), inside.dlsn());
            assertTruncated(log.openAsyncLogReader(cut.txid()), inside.dlsn());
            assertStartsAt(log.openAsyncLogReader(inside.dlsn()), inside);
            assertStartsAt(log.openAsyncLogReader(inside.txid()), inside);
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    private static void assertTruncated(CompletableFuture<AsyncLogReader> open, DLSN first) {
        try {
            AsyncLogReader r = open.get(30, TimeUnit.SECONDS);
            r.asyncClose();
            throw new AssertionError("opened at " + r.startPosition() + ", expected LOG_TRUNCATED naming " + first);
        } catch (ExecutionException e) {
            DLException dl = Futures.toDLException(e);
            assertThat(dl.code()).isEqualTo(StatusCode.LOG_TRUNCATED);
            assertThat(dl.getMessage()).contains("first readable position is " + first);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertStartsAt(CompletableFuture<AsyncLogReader> open, Acked expected) throws Exception {
        AsyncLogReader r = open.get(30, TimeUnit.SECONDS);
        try {
            LogRecordWithDLSN first = r.readNext().get(30, TimeUnit.SECONDS);
            assertEquals(expected.dlsn(), first.dlsn());
            assertEquals(expected.txid(), first.txid());
        } finally {
            r.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }
}
