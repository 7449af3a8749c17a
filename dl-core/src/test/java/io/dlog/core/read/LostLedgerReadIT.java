package io.dlog.core.read;

import static io.dlog.core.read.ReadTesting.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.LogReader;
import io.dlog.core.Namespace;
import io.dlog.core.read.ReadTesting.Acked;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.StatusCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A segment whose ledger was deleted under its metadata (issue 11 item 1, the reader's half): readers fail
 * LOG_SEGMENT_NOT_FOUND after the records before it, sync and async alike, and never wait silently.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LostLedgerReadIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofSeconds(4)).fsync(false).build();

    @Test
    void readersShouldFailLogSegmentNotFoundWhenACompletedSegmentsLedgerIsDeleted() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("lost-completed", ReadTesting.rolling(4096, 0));
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<Acked> acked = write(w, 0, 300, 100);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            LogSegmentMetadata second = log.getLogSegments().get(1);
            deleteLedger(second.ledgerId());
            List<Acked> before = acked.stream()
                    .filter(a -> a.dlsn().segmentSequenceNumber() < second.sequenceNumber()).toList();

            AsyncLogReader r = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            List<LogRecordWithDLSN> read = new ArrayList<>();
            DLException end = null;
            while (end == null) {
                try {
                    read.addAll(r.readBulk(100).get(60, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    end = Futures.toDLException(e);
                }
            }
            assertThat(end.code()).isEqualTo(StatusCode.LOG_SEGMENT_NOT_FOUND);
            assertThat(end.getMessage()).contains(Long.toString(second.ledgerId()));
            assertEquals(before.size(), read.size(), "the records before the lost segment are delivered");
            r.asyncClose().get(30, TimeUnit.SECONDS);

            try (LogReader sync = log.openLogReader(DLSN.INITIAL)) {
                assertEquals(StatusCode.LOG_SEGMENT_NOT_FOUND, readUntilFailure(sync, before.size()));
            }
        }
    }

    @Test
    void tailingReadersShouldFailLogSegmentNotFoundWhenTheInProgressSegmentsLedgerIsDeleted() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("lost-inprogress", ReadTesting.rolling(1 << 20, 0));
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<Acked> acked = write(w, 0, 24, 100);
            AsyncLogReader async = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            LogReader sync = log.openLogReader(DLSN.INITIAL);
            assertEquals(24, ReadTesting.read(async, 24).size());
            LogSegmentMetadata seg = log.getLogSegments().get(0);
            assertThat(seg.isInProgress()).isTrue();
            deleteLedger(seg.ledgerId());

            try {
                async.readNext().get(90, TimeUnit.SECONDS);
                throw new AssertionError("a read past the lost ledger returned a record");
            } catch (ExecutionException e) {
                assertThat(Futures.toDLException(e).code()).isEqualTo(StatusCode.LOG_SEGMENT_NOT_FOUND);
            }
            assertEquals(StatusCode.LOG_SEGMENT_NOT_FOUND, readUntilFailure(sync, acked.size()));
            async.asyncClose().get(30, TimeUnit.SECONDS);
            sync.close();
            w.asyncClose().handle((v, t) -> null).get(60, TimeUnit.SECONDS);
        }
    }

    /** Reads with the sync reader until it throws; returns the code, after checking how many records came. */
    private static StatusCode readUntilFailure(LogReader sync, int expectedRecords) throws Exception {
        int n = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (sync.readNext(Duration.ofSeconds(1)) != null) {
                    n++;
                }
            } catch (DLException e) {
                assertEquals(expectedRecords, n, "records before the failure");
                return e.code();
            }
        }
        throw new AssertionError("the sync reader waited 90 s without failing, after " + n + " records");
    }

    private static void deleteLedger(long ledgerId) throws Exception {
        try (BookKeeper bk = BookKeeper.newBuilder(CLUSTER.cluster().newClientConfiguration()).build()) {
            bk.newDeleteLedgerOp().withLedgerId(ledgerId).execute().get(30, TimeUnit.SECONDS);
        }
    }
}
