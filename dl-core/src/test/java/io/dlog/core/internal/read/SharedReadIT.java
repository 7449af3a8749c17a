package io.dlog.core.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Many readers of one log in one namespace (issue 13): readers behind the tail share their batch reads, a read asked
 * for from a delivered read's callback is served without a hop and never ahead of a close asked for before it, and
 * every open reader gets every record once, in order, while others close in the middle of deliveries.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SharedReadIT {
    private static final int READERS = 10;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofSeconds(10)).fsync(false).build();

    /** Small segments and batches, and the smallest read-ahead: a reader is behind the tail most of the time. */
    private static DLConfig config() {
        return DLConfig.builder().set(DLConfigKeys.SEGMENT_MAX_BYTES, 256L << 10)
                .set(DLConfigKeys.BATCH_MAX_BYTES, 4096).set(DLConfigKeys.READAHEAD_MAX_BYTES, 65_536L).build();
    }

    @Test
    void readersBehindTheTailShouldShareBatchReadsAndEachGetEveryRecordOnceInOrder() throws Exception {
        int records = 1500;
        try (Namespace writerNs = CLUSTER.openNamespace("shared-read", config());
                Namespace readerNs = CLUSTER.openNamespace("shared-read", config());
                LogManager wlog = writerNs.openLog("log");
                LogManager rlog = readerNs.openLog("log")) {
            AsyncLogWriter w = wlog.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            write(w, 0, records, 1024);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            assertThat(wlog.getLogSegments().size()).as("segments").isGreaterThan(3);

            long alone = readsSent();
            AsyncLogReader lone = rlog.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            assertInOrder(collect(List.of(lone), records).get(0), records);
            lone.asyncClose().get(30, TimeUnit.SECONDS);
            alone = readsSent() - alone;

            long before = readsSent();
            List<AsyncLogReader> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                readers.add(rlog.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS));
            }
            List<List<LogRecordWithDLSN>> got = collect(readers, records);
            long together = readsSent() - before;
            LoggerFactory.getLogger(SharedReadIT.class).info("batch reads of {} records: 1 reader {}, {} readers {}",
                    records, alone, READERS, together);
            for (List<LogRecordWithDLSN> one : got) {
                assertInOrder(one, records);
            }
            assertThat(got.get(0).get(0).payload()).as("each reader owns its payload array")
                    .isNotSameAs(got.get(1).get(0).payload());
            // Before, each reader read every entry itself: READERS times the lone reader's reads. Now readers that
            // want the same entries wait for one read; what is left are the reads of readers that drifted apart.
            assertThat(together).as("batch reads of %d readers (one reader alone: %d)", READERS, alone)
                    .isLessThan(READERS * alone / 2);
            for (AsyncLogReader r : readers) {
                r.asyncClose().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aReadAskedForAfterACloseFromACallbackShouldNotBeServed() throws Exception {
        try (Namespace writerNs = CLUSTER.openNamespace("close-in-callback", config());
                Namespace readerNs = CLUSTER.openNamespace("close-in-callback", config());
                LogManager wlog = writerNs.openLog("log");
                LogManager rlog = readerNs.openLog("log")) {
            AsyncLogWriter w = wlog.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            DLSN start = w.write(LogRecord.of(payload(-1, 16))).get(30, TimeUnit.SECONDS);
            AsyncLogReader r = rlog.openAsyncLogReader(start).get(30, TimeUnit.SECONDS);
            assertThat(index(r.readNext().get(30, TimeUnit.SECONDS))).isEqualTo(-1);
            CompletableFuture<String> ranOn = new CompletableFuture<>();
            CompletableFuture<CompletableFuture<LogRecordWithDLSN>> afterClose = new CompletableFuture<>();
            // Waits at the tail, so its callback runs where the reader hands the burst below over, with the burst's
            // other records cached: the read asked for after the close could be served at once, ahead of it.
            CompletableFuture<LogRecordWithDLSN> first = r.readNext().whenComplete((rec, t) -> {
                ranOn.complete(Thread.currentThread().getName());
                r.asyncClose();
                afterClose.complete(r.readNext());
            });
            write(w, 0, 20, 100);
            assertThat(index(first.get(30, TimeUnit.SECONDS))).isZero();
            assertThat(ranOn.get(30, TimeUnit.SECONDS)).as("the callback's thread").startsWith("dlog-log");
            assertThat(failure(afterClose.get(30, TimeUnit.SECONDS))).isIn(StatusCode.ALREADY_CLOSED,
                    StatusCode.READ_CANCELLED_EXCEPTION);
            ((AsyncLogReaderImpl) r).closed().get(30, TimeUnit.SECONDS);
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void tailingReadersShouldEachGetEveryRecordOnceInOrderWhileOthersCloseDuringDeliveries() throws Exception {
        int readers = 30;
        int records = 600;
        try (Namespace writerNs = CLUSTER.openNamespace("close-race", config());
                Namespace readerNs = CLUSTER.openNamespace("close-race", config());
                LogManager wlog = writerNs.openLog("log");
                LogManager rlog = readerNs.openLog("log")) {
            AsyncLogWriter w = wlog.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            DLSN start = w.write(LogRecord.of(payload(-1, 16))).get(30, TimeUnit.SECONDS);
            List<AsyncLogReader> all = new ArrayList<>();
            List<List<LogRecordWithDLSN>> got = new ArrayList<>();
            List<CompletableFuture<StatusCode>> ended = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                AsyncLogReader r = rlog.openAsyncLogReader(start).get(30, TimeUnit.SECONDS);
                assertThat(index(r.readNext().get(30, TimeUnit.SECONDS))).isEqualTo(-1);
                List<LogRecordWithDLSN> out = Collections.synchronizedList(new ArrayList<>());
                CompletableFuture<StatusCode> end = new CompletableFuture<>();
                readOneByOne(r, out, end);
                all.add(r);
                got.add(out);
                ended.add(end);
            }
            List<CompletableFuture<DLSN>> acks = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                acks.add(w.write(LogRecord.of(payload(i, 100))));
                if (i % 40 == 20 && i / 40 < readers / 2) {
                    all.get(i / 40).asyncClose(); // while the records before it are being delivered
                }
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            for (int i = readers / 2; i < readers; i++) {
                List<LogRecordWithDLSN> out = got.get(i);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> out.size() >= records);
                assertInOrder(out, records);
            }
            for (int i = 0; i < readers / 2; i++) {
                ((AsyncLogReaderImpl) all.get(i)).closed().get(30, TimeUnit.SECONDS);
                assertThat(ended.get(i).get(30, TimeUnit.SECONDS)).as("reader %d's last read", i)
                        .isIn(StatusCode.ALREADY_CLOSED, StatusCode.READ_CANCELLED_EXCEPTION);
                List<LogRecordWithDLSN> out = got.get(i);
                assertInOrder(out, out.size()); // a prefix, in order, nothing twice
            }
            for (int i = readers / 2; i < readers; i++) {
                all.get(i).asyncClose().get(30, TimeUnit.SECONDS);
                assertThat(ended.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(StatusCode.READ_CANCELLED_EXCEPTION);
                assertThat(got.get(i)).as("nothing more after the close").hasSize(records);
            }
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads with readNext from each read's callback (the chain a tailing application makes) until a read fails. */
    private static void readOneByOne(AsyncLogReader r, List<LogRecordWithDLSN> out, CompletableFuture<StatusCode> end) {
        r.readNext().whenComplete((rec, t) -> {
            if (t != null) {
                Throwable c = Futures.unwrap(t);
                end.complete(c instanceof DLException e ? e.code() : StatusCode.UNEXPECTED);
                return;
            }
            out.add(rec);
            readOneByOne(r, out, end);
        });
    }

    /** Reads {@code records} records with each reader at once, each from its previous read's callback. */
    private static List<List<LogRecordWithDLSN>> collect(List<AsyncLogReader> readers, int records)
            throws Exception {
        List<List<LogRecordWithDLSN>> got = new ArrayList<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (AsyncLogReader r : readers) {
            List<LogRecordWithDLSN> out = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> d = new CompletableFuture<>();
            bulk(r, out, records, d);
            got.add(out);
            done.add(d);
        }
        CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
        return got;
    }

    private static void bulk(AsyncLogReader r, List<LogRecordWithDLSN> out, int records, CompletableFuture<Void> d) {
        r.readBulk(Math.min(100, records - out.size())).whenComplete((batch, t) -> {
            if (t != null) {
                d.completeExceptionally(t);
                return;
            }
            out.addAll(batch);
            if (out.size() >= records) {
                d.complete(null);
            } else {
                bulk(r, out, records, d);
            }
        });
    }

    private static void assertInOrder(List<LogRecordWithDLSN> out, int records) {
        List<LogRecordWithDLSN> copy;
        synchronized (out) {
            copy = new ArrayList<>(out);
        }
        assertThat(copy).hasSize(records);
        for (int i = 0; i < records; i++) {
            assertThat(index(copy.get(i))).as("record %d", i).isEqualTo(i);
        }
    }

    private static void write(AsyncLogWriter w, int from, int n, int size) throws Exception {
        List<CompletableFuture<DLSN>> acks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            acks.add(w.write(LogRecord.of(payload(from + i, size))));
        }
        CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
    }

    private static StatusCode failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return ((DLException) Futures.unwrap(e)).code();
        }
        throw new AssertionError("the read succeeded: " + f.join());
    }

    private static long readsSent() {
        return SharedLedger.readsSent() + ReadAhead.readsSent();
    }

    private static byte[] payload(int index, int size) {
        return ByteBuffer.allocate(Math.max(16, size)).putInt(index).array();
    }

    private static int index(LogRecordWithDLSN r) {
        return ByteBuffer.wrap(r.payload()).getInt();
    }
}
