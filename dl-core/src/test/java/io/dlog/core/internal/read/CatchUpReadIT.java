package io.dlog.core.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A reader catching up on a completed segment sizes its batch reads from the entries' sizes, whatever the segment's
 * length so far (issue 13: BookKeeper's {@code LedgerEntry.getLength()} is the ledger's length up to the entry, and
 * taken for the entry's size it shrank every read to one entry once a segment held a few reads' worth).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CatchUpReadIT {
    private static final int RECORDS = 4000;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofSeconds(10)).fsync(false).build();

    @Test
    void aCatchUpReaderShouldAskForManyEntriesPerReadDeepIntoALongSegment() throws Exception {
        // 16 KiB entries and reads of an eighth of a 2 MiB read-ahead: about 16 entries per read
        DLConfig config = DLConfig.builder().set(DLConfigKeys.BATCH_MAX_BYTES, 16 << 10)
                .set(DLConfigKeys.READAHEAD_MAX_BYTES, 2L << 20).build();
        try (Namespace writerNs = CLUSTER.openNamespace("catch-up", config);
                Namespace readerNs = CLUSTER.openNamespace("catch-up", config);
                LogManager wlog = writerNs.openLog("log");
                LogManager rlog = readerNs.openLog("log")) {
            AsyncLogWriter w = wlog.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<CompletableFuture<DLSN>> acks = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                acks.add(w.write(LogRecord.of(ByteBuffer.allocate(1024).putInt(i).array())));
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            w.asyncClose().get(30, TimeUnit.SECONDS);

            long readsBefore = ReadAhead.readsSent();
            AsyncLogReader r = rlog.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            Set<DLSN> entries = new HashSet<>();
            int next = 0;
            while (next < RECORDS) {
                for (LogRecordWithDLSN rec : r.readBulk(1000).get(30, TimeUnit.SECONDS)) {
                    assertThat(ByteBuffer.wrap(rec.payload()).getInt()).as("record in order").isEqualTo(next++);
                    entries.add(new DLSN(rec.dlsn().segmentSequenceNumber(), rec.dlsn().entryId(), 0));
                }
            }
            long reads = ReadAhead.readsSent() - readsBefore;
            r.asyncClose().get(30, TimeUnit.SECONDS);
            LoggerFactory.getLogger(CatchUpReadIT.class).info("{} entries read in {} batch reads", entries.size(),
                    reads);
            assertThat(entries.size()).as("entries written").isGreaterThan(100);
            // one entry per read, deep into the segment, before the fix
            assertThat(reads).as("batch reads for %d entries", entries.size()).isLessThan(entries.size() / 4);
        }
    }
}
