package io.dlog.core.testing;

import io.dlog.core.LogManager;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.entry.DecodedEntry;
import io.dlog.protocol.entry.RecordSetReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.DigestType;
import org.apache.bookkeeper.client.api.LedgerEntries;
import org.apache.bookkeeper.client.api.LedgerEntry;
import org.apache.bookkeeper.client.api.ReadHandle;

/**
 * Reads a log's durable records straight from its ledgers, independently of dl-core's reader: completed
 * segments to their last entry, the in-progress one to its last-add-confirmed. Control records are dropped.
 * For tests only; opens ledgers without recovery, so it never fences a writer.
 */
public final class RawLogReader {
    private RawLogReader() {
    }

    /**
     * Reads every durable application record of a log.
     *
     * @param cluster the cluster
     * @param log a handle on the log (for its segment list)
     * @return the records in log order
     */
    public static List<LogRecordWithDLSN> readAll(LocalCluster cluster, LogManager log) throws Exception {
        List<LogRecordWithDLSN> out = new ArrayList<>();
        try (BookKeeper bk = BookKeeper.newBuilder(cluster.newClientConfiguration()).build()) {
            for (LogSegmentMetadata seg : log.getLogSegments()) {
                try (ReadHandle rh = bk.newOpenLedgerOp().withLedgerId(seg.ledgerId()).withRecovery(false)
                        .withDigestType(DigestType.CRC32C).withPassword(new byte[0]).execute().get()) {
                    long last = rh.getLedgerMetadata().isClosed() ? rh.getLedgerMetadata().getLastEntryId()
                            : rh.readLastAddConfirmed();
                    for (long first = 0; first <= last; first += 500) {
                        readRange(rh, seg.sequenceNumber(), first, Math.min(last, first + 499), out);
                    }
                }
            }
        }
        return out;
    }

    private static void readRange(ReadHandle rh, long seq, long first, long last, List<LogRecordWithDLSN> out)
            throws Exception {
        try (LedgerEntries entries = rh.read(first, last)) {
            for (LedgerEntry e : entries) {
                DecodedEntry d = RecordSetReader.decode(e.getEntryBuffer(), seq, e.getEntryId(), 64 << 20);
                for (LogRecordWithDLSN r : d.records()) {
                    if (!r.isControl()) {
                        out.add(r);
                    }
                }
            }
        }
    }
}
