package io.dlog.core.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.LogReader;
import io.dlog.core.Namespace;
import io.dlog.core.internal.NamespaceImpl;
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
 * Completed segments are read through the namespace's v2 client ({@code bookkeeper.read.v2.protocol}), which has
 * no long-poll; a reader that catches up through them goes on tailing the in-progress segment on the main (v3)
 * client, and the sync reader does too. With the key off, no second client starts.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CompletedSegmentV2ReadIT {
    private static final int RECORDS = 3000;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofSeconds(10)).fsync(false).build();

    /** 8 KiB entries, 64 KiB segments: a few dozen completed segments for 3,000 records of 1 KiB. */
    private static DLConfig.Builder config() {
        return DLConfig.builder().set(DLConfigKeys.BATCH_MAX_BYTES, 8 << 10)
                .set(DLConfigKeys.SEGMENT_MAX_BYTES, 64L << 10);
    }

    @Test
    void aReaderShouldCatchUpOnTheV2ClientAndGoOnTailingTheInProgressSegment() throws Exception {
        try (Namespace writerNs = CLUSTER.openNamespace("v2-read", config().build());
                Namespace readerNs = CLUSTER.openNamespace("v2-read", config().build());
                LogManager wlog = writerNs.openLog("log");
                LogManager rlog = readerNs.openLog("log")) {
            AsyncLogWriter w = wlog.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            write(w, 0, RECORDS);
            assertThat(wlog.getLogSegments()).as("completed segments and the writer's open one").hasSizeGreaterThan(10);
            assertThat(wlog.getLogSegments().get(wlog.getLogSegments().size() - 1).isInProgress()).isTrue();
            assertThat(v2Started(readerNs)).as("nothing read yet").isFalse();

            AsyncLogReader r = rlog.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            int next = readInOrder(r, 0, RECORDS);
            assertThat(v2Started(readerNs)).as("completed segments read through the v2 client").isTrue();
            assertThat(v2Started(writerNs)).as("the writer's namespace read nothing").isFalse();

            // The tail: records written now reach the reader through the v3 client's long-poll.
            CompletableFuture<List<LogRecordWithDLSN>> waiting = r.readBulk(10);
            write(w, RECORDS, 200);
            List<LogRecordWithDLSN> first = waiting.get(30, TimeUnit.SECONDS);
            assertThat(index(first.get(0))).isEqualTo(next);
            next += first.size();
            next = readInOrder(r, next, RECORDS + 200 - next);
            assertThat(next).isEqualTo(RECORDS + 200);
            r.asyncClose().get(30, TimeUnit.SECONDS);

            try (LogReader sync = rlog.openLogReader(DLSN.INITIAL)) {
                for (int i = 0; i < RECORDS + 200; i++) {
                    LogRecordWithDLSN rec = sync.readNext(Duration.ofSeconds(30));
                    assertThat(rec).as("sync record " + i).isNotNull();
                    assertThat(index(rec)).isEqualTo(i);
                }
            }
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void withTheV2ProtocolOffNoSecondClientShouldStartAndReadsShouldBeTheSame() throws Exception {
        DLConfig off = config().set(DLConfigKeys.BK_READ_V2_PROTOCOL, false).build();
        try (Namespace ns = CLUSTER.openNamespace("v3-read", off);
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            write(w, 0, RECORDS);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            AsyncLogReader r = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            assertThat(readInOrder(r, 0, RECORDS)).isEqualTo(RECORDS);
            r.asyncClose().get(30, TimeUnit.SECONDS);
            assertThat(v2Started(ns)).isFalse();
        }
    }

    private static boolean v2Started(Namespace ns) {
        return ((NamespaceImpl) ns).contextFor("log").completedReads().isStarted();
    }

    private static void write(AsyncLogWriter w, int from, int n) throws Exception {
        List<CompletableFuture<DLSN>> acks = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            acks.add(w.write(LogRecord.of(ByteBuffer.allocate(1024).putInt(i).array())));
        }
        CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
    }

    /** Reads {@code n} records, checking that they are {@code from, from + 1, ...}; returns the next index. */
    private static int readInOrder(AsyncLogReader r, int from, int n) throws Exception {
        int next = from;
        while (next < from + n) {
            for (LogRecordWithDLSN rec : r.readBulk(500).get(30, TimeUnit.SECONDS)) {
                assertThat(index(rec)).as("record in order").isEqualTo(next++);
            }
        }
        return next;
    }

    private static int index(LogRecordWithDLSN rec) {
        return ByteBuffer.wrap(rec.payload()).getInt();
    }
}
