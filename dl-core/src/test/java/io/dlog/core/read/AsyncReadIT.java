package io.dlog.core.read;

import static io.dlog.core.read.ReadTesting.assertSame;
import static io.dlog.core.read.ReadTesting.failure;
import static io.dlog.core.read.ReadTesting.read;
import static io.dlog.core.read.ReadTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.LogReader;
import io.dlog.core.Namespace;
import io.dlog.core.read.ReadTesting.Acked;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AsyncReadIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofSeconds(4)).fsync(false).build();

    @Test
    void readersShouldStartExactlyAtRandomDLSNsAndTxidsOfAMultiSegmentLog() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("read-random", ReadTesting.rolling(24 * 1024, 0));
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<Acked> acked = write(w, 0, 4000, 100);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            long segments = acked.get(acked.size() - 1).dlsn().segmentSequenceNumber();
            assertTrue(segments >= 15, "expected a multi-segment log, got " + segments + " segments");
            Random rnd = new Random(42);
            for (int i = 0; i < 1000; i++) {
                int k = rnd.nextInt(acked.size());
                Acked expected = acked.get(k);
                AsyncLogReader r;
                if (i % 2 == 0) {
                    r = log.openAsyncLogReader(expected.dlsn()).get(30, TimeUnit.SECONDS);
                } else {
                    r = log.openAsyncLogReader(expected.txid()).get(30, TimeUnit.SECONDS);
                }
                try {
                    List<LogRecordWithDLSN> got = r.readBulk(3).get(30, TimeUnit.SECONDS);
                    assertEquals(expected.dlsn(), got.get(0).dlsn(), "open #" + i + " at " + expected);
                    assertEquals(expected.txid(), got.get(0).txid(), "open #" + i + " at " + expected);
                } finally {
                    r.asyncClose();
                }
            }
            // A position inside an entry but past its last slot starts at the next entry.
            Acked last = acked.get(acked.size() - 1);
            assertEquals(segments, log.getLogSegments().size());
            assertEquals(last.dlsn(), log.getLastDLSN());
            assertEquals(last.txid(), log.getLastTxId());
            assertEquals(acked.size(), log.getLogRecordCount());
            assertEquals(DLSN.INITIAL, log.getFirstDLSN());
        }
    }

    @Test
    void readerFromStartShouldReadAWholeLogAndInspectionShouldCountTheInProgressSegment() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("read-inprogress", ReadTesting.rolling(16 * 1024, 0));
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<Acked> acked = write(w, 0, 1000, 100);
            Acked last = acked.get(acked.size() - 1);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log.getLogRecordCount() == 1000);
            assertEquals(last.dlsn(), log.getLastDLSN());
            assertEquals(last.txid(), log.getLastTxId());
            try (AsyncLogReader r = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS)) {
                assertSame(acked, read(r, acked.size()));
            }
            try (AsyncLogReader r = log.openAsyncLogReader(0L).get(30, TimeUnit.SECONDS)) {
                assertSame(acked, read(r, acked.size()));
            }
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void openShouldFailWithClearCodesOnBadInput() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("read-bad-input", DLConfig.defaults());
                LogManager missing = ns.openLog("missing")) {
            assertEquals(StatusCode.LOG_NOT_FOUND, failure(missing.openAsyncLogReader(DLSN.INITIAL)));
            assertEquals(StatusCode.LOG_NOT_FOUND, failure(missing.openAsyncLogReader(5L)));
            assertEquals(StatusCode.INVALID_ARGUMENT, failure(missing.openAsyncLogReader(-1L)));
            ns.createLog("present");
            try (LogManager log = ns.openLog("present");
                    AsyncLogReader r = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS)) {
                assertEquals(StatusCode.INVALID_ARGUMENT, failure(r.readBulk(0)));
                assertEquals(StatusCode.INVALID_ARGUMENT, failure(r.readBulk(-3)));
            }
        }
    }

    @Test
    void readerPastTheEndShouldWaitThenReceiveTheNextRecord() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("read-past-end", DLConfig.defaults());
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<Acked> first = write(w, 0, 3, 10);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            long nextSeq = first.get(2).dlsn().segmentSequenceNumber() + 1;
            try (AsyncLogReader r = log.openAsyncLogReader(new DLSN(nextSeq, 0, 0)).get(30, TimeUnit.SECONDS)) {
                CompletableFuture<LogRecordWithDLSN> next = r.readNext();
                Awaitility.await().pollDelay(Duration.ofMillis(500)).until(() -> true);
                assertFalse(next.isDone(), "a reader past the end must wait");
                AsyncLogWriter w2 = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                List<Acked> second = write(w2, 3, 2, 10);
                LogRecordWithDLSN got = next.get(10, TimeUnit.SECONDS);
                assertEquals(second.get(0).dlsn(), got.dlsn());
                assertEquals(new DLSN(nextSeq, 0, 0), got.dlsn());
                w2.asyncClose().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void readerShouldFailEndOfStreamAfterTheLastRecordOfASealedLog() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("read-eos", DLConfig.defaults());
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            AsyncLogReader tail = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            List<Acked> acked = write(w, 0, 5, 10);
            w.markEndOfStream().get(30, TimeUnit.SECONDS);
            assertSame(acked, read(tail, 5));
            assertEquals(StatusCode.END_OF_STREAM, failure(tail.readNext()));
            assertEquals(StatusCode.END_OF_STREAM, failure(tail.readBulk(4)));
            tail.close();
            try (AsyncLogReader r = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS)) {
                assertSame(acked, read(r, 5));
                assertEquals(StatusCode.END_OF_STREAM, failure(r.readNext()));
            }
            try (AsyncLogReader r = log.openAsyncLogReader(100L).get(30, TimeUnit.SECONDS)) {
                assertEquals(StatusCode.END_OF_STREAM, failure(r.readNext()));
            }
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeShouldCancelPendingReadsAndRefuseNewOnes() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("read-close", DLConfig.defaults());
                LogManager log = ns.openLog("log")) {
            ns.createLog("log");
            AsyncLogReader r = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            CompletableFuture<LogRecordWithDLSN> pending = r.readNext();
            r.asyncClose().get(30, TimeUnit.SECONDS);
            assertEquals(StatusCode.READ_CANCELLED_EXCEPTION, failure(pending));
            assertEquals(StatusCode.ALREADY_CLOSED, failure(r.readNext()));
            r.close(); // idempotent
        }
    }

    @Test
    void pendingReadShouldFailLogNotFoundWhenTheLogIsDeleted() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("read-deleted", DLConfig.defaults());
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<Acked> acked = write(w, 0, 3, 10);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            AsyncLogReader r = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            assertSame(acked, read(r, 3));
            CompletableFuture<LogRecordWithDLSN> pending = r.readNext();
            ns.deleteLog("log");
            assertEquals(StatusCode.LOG_NOT_FOUND, failure(pending));
            assertEquals(StatusCode.LOG_NOT_FOUND, failure(r.readNext()));
            r.close();
        }
    }

    @Test
    void readerWaitingAtTheTailShouldBeReportedIdleOncePerWait() throws Exception {
        MetricRegistry metrics = new MetricRegistry();
        DLConfig config = DLConfig.builder().set(DLConfigKeys.READER_IDLE_WARN_MS, 300L).build();
        try (Namespace ns = Namespace.builder().uri(CLUSTER.namespaceUri("read-idle")).config(config)
                .metrics(metrics).build(); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            try (LogReader r = log.openLogReader(DLSN.INITIAL)) {
                assertNull(r.readNext(Duration.ofMillis(1500)));
                assertEquals(1, metrics.counter("dlog.reader.idle").getCount(), "one report per wait");
                List<Acked> acked = write(w, 0, 1, 10);
                assertEquals(acked.get(0).dlsn(), r.readNext(Duration.ofSeconds(10)).dlsn());
                assertNull(r.readNext(Duration.ofMillis(1000)));
                assertEquals(2, metrics.counter("dlog.reader.idle").getCount(), "a new wait is reported again");
            }
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }
}
