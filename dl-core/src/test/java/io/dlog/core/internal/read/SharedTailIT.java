package io.dlog.core.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tailing readers of one log in one namespace share their segment's long-poll (issue 13): an entry costs about
 * one poll to the bookies whatever the number of readers, and every reader still gets every record, in order,
 * with a payload array of its own.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SharedTailIT {
    private static final int READERS = 20;
    private static final int RECORDS = 40;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofSeconds(10)).fsync(false).build();

    @Test
    void tailingReadersShouldShareOneLongPollPerEntryAndEachGetItsOwnRecords() throws Exception {
        try (Namespace writerNs = CLUSTER.openNamespace("shared-tail", DLConfig.builder().build());
                Namespace readerNs = CLUSTER.openNamespace("shared-tail", DLConfig.builder().build());
                LogManager wlog = writerNs.openLog("log");
                LogManager rlog = readerNs.openLog("log")) {
            AsyncLogWriter w = wlog.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            DLSN first = w.write(LogRecord.of(payload(-1))).get(30, TimeUnit.SECONDS);
            List<AsyncLogReader> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                AsyncLogReader r = rlog.openAsyncLogReader(first).get(30, TimeUnit.SECONDS);
                assertThat(r.readNext().get(30, TimeUnit.SECONDS).dlsn()).isEqualTo(first);
                readers.add(r);
            }
            long pollsBefore = SharedLedger.pollsSent();
            for (int i = 0; i < RECORDS; i++) {
                List<CompletableFuture<LogRecordWithDLSN>> next = new ArrayList<>();
                for (AsyncLogReader r : readers) {
                    next.add(r.readNext()); // every reader waits at the tail before the record is written
                }
                DLSN d = w.write(LogRecord.of(payload(i))).get(30, TimeUnit.SECONDS);
                List<LogRecordWithDLSN> got = new ArrayList<>();
                for (CompletableFuture<LogRecordWithDLSN> f : next) {
                    got.add(f.get(30, TimeUnit.SECONDS));
                }
                for (LogRecordWithDLSN rec : got) {
                    assertThat(rec.dlsn()).isEqualTo(d);
                    assertThat(ByteBuffer.wrap(rec.payload()).getInt()).isEqualTo(i);
                }
                assertThat(got.get(0).payload()).as("each reader owns its payload array")
                        .isNotSameAs(got.get(1).payload());
            }
            long polls = SharedLedger.pollsSent() - pollsBefore;
            // One poll per entry, one backup each when the first is slow, and the timed-out polls of the idle
            // moments: far below one poll per reader per entry (what each reader sent on its own before).
            assertThat(polls).as("long-polls for %d entries and %d readers", RECORDS, READERS)
                    .isLessThan((long) READERS * RECORDS / 4);
            for (AsyncLogReader r : readers) {
                r.asyncClose().get(30, TimeUnit.SECONDS);
            }
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLoneReaderShouldNotKeepASecondCopyOfTheTailEntriesItRead() throws Exception {
        // the shared tail keeps decoded entries for the log's other readers; with no other reader, what the reader
        // took is its read-ahead's alone (one reader per log: a read proxy's streams, a service reading many logs)
        try (Namespace writerNs = CLUSTER.openNamespace("lone-reader", DLConfig.builder().build());
                Namespace readerNs = CLUSTER.openNamespace("lone-reader", DLConfig.builder().build());
                LogManager wlog = writerNs.openLog("log");
                LogManager rlog = readerNs.openLog("log")) {
            AsyncLogWriter w = wlog.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            DLSN first = w.write(LogRecord.of(payload(-1))).get(30, TimeUnit.SECONDS);
            AsyncLogReader r = rlog.openAsyncLogReader(first).get(30, TimeUnit.SECONDS);
            assertThat(r.readNext().get(30, TimeUnit.SECONDS).dlsn()).isEqualTo(first);
            for (int i = 0; i < RECORDS; i++) {
                CompletableFuture<LogRecordWithDLSN> next = r.readNext(); // waits at the tail
                List<CompletableFuture<DLSN>> burst = new ArrayList<>();
                for (int k = 0; k < 3; k++) { // a few at once: the poll brings one, a shared fill the others
                    burst.add(w.write(LogRecord.of(payload(i * 3 + k))));
                }
                assertThat(ByteBuffer.wrap(next.get(30, TimeUnit.SECONDS).payload()).getInt()).isEqualTo(i * 3);
                for (int k = 1; k < 3; k++) {
                    assertThat(ByteBuffer.wrap(r.readNext().get(30, TimeUnit.SECONDS).payload()).getInt())
                            .isEqualTo(i * 3 + k);
                }
                CompletableFuture.allOf(burst.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            }
            long ledgerId = rlog.getLogSegments().get(rlog.getLogSegments().size() - 1).ledgerId();
            assertThat(SharedLedger.recentBytesOf(ledgerId)).as("decoded entries kept for nobody").isZero();
            r.asyncClose().get(30, TimeUnit.SECONDS);
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theTailCacheShouldStillKeepEntriesOnceTheSegmentHoldsMoreThanItsByteLimit() throws Exception {
        // Kept entries are counted by their own size; counted by the ledger's length up to them (BookKeeper's
        // LedgerEntry.getLength()), each entry past the first 4 MiB of a segment overflowed the cache alone.
        int records = 6000;
        try (Namespace writerNs = CLUSTER.openNamespace("tail-cache", DLConfig.builder().build());
                Namespace readerNs = CLUSTER.openNamespace("tail-cache", DLConfig.builder().build());
                LogManager wlog = writerNs.openLog("log");
                LogManager rlog = readerNs.openLog("log")) {
            AsyncLogWriter w = wlog.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            DLSN first = w.write(LogRecord.of(payload(-1))).get(30, TimeUnit.SECONDS);
            List<AsyncLogReader> readers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                readers.add(rlog.openAsyncLogReader(first).get(30, TimeUnit.SECONDS));
            }
            for (int i = 0; i < records; i += 100) { // bursts: the readers wait at the tail between them
                List<CompletableFuture<DLSN>> burst = new ArrayList<>();
                for (int k = i; k < i + 100; k++) {
                    burst.add(w.write(LogRecord.of(ByteBuffer.allocate(1024).putInt(k).array())));
                }
                CompletableFuture.allOf(burst.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            }
            for (AsyncLogReader r : readers) {
                int next = -1;
                while (next < records) {
                    for (LogRecordWithDLSN rec : r.readBulk(500).get(30, TimeUnit.SECONDS)) {
                        assertThat(ByteBuffer.wrap(rec.payload()).getInt()).isEqualTo(next++);
                    }
                }
            }
            assertThat(wlog.getLogSegments()).as("one segment of more than 4 MiB").hasSize(1);
            long ledgerId = rlog.getLogSegments().get(0).ledgerId();
            assertThat(SharedLedger.recentBytesOf(ledgerId)).as("decoded tail entries kept for two readers")
                    .isPositive().isLessThanOrEqualTo(4L << 20);
            for (AsyncLogReader r : readers) {
                r.asyncClose().get(30, TimeUnit.SECONDS);
            }
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] payload(int i) {
        return ByteBuffer.allocate(16).putInt(i).array();
    }
}
