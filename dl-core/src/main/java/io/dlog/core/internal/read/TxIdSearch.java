package io.dlog.core.internal.read;

import io.dlog.core.internal.Await;
import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.entry.DecodedEntry;
import org.apache.bookkeeper.client.api.ReadHandle;

/**
 * Finds, by binary search over a segment's durable entries, the first record whose txid is at least a given one:
 * the entry, then the record within it (an entry holds many records, and a truncation point can lie between
 * them). An entry's key is the txid of its last record: txids never decrease along a log (control
 * records carry the last txid written before them), so the keys are sorted. Blocking: runs on the metadata
 * executor.
 */
final class TxIdSearch {
    private TxIdSearch() {
    }

    /**
     * Searches a segment.
     *
     * @param ctx the log
     * @param s the segment
     * @param txid the txid asked for
     * @return the position of the first application record whose txid is at least {@code txid}, or the position
     *     just after the segment's durable entries if there is none
     * @throws DLException if BookKeeper fails
     */
    static DLSN search(LogContext ctx, LogSegmentMetadata s, long txid) throws DLException {
        ReadHandle h = Await.await(Ledgers.open(ctx, s.ledgerId(), false));
        try {
            long last = Ledgers.isClosed(h) ? Ledgers.lastReadableEntry(h)
                    : Await.await(h.readLastAddConfirmedAsync().exceptionallyCompose(t -> Futures.failed(
                            Ledgers.toDL(t, "read last-add-confirmed of segment " + s.sequenceNumber()))));
            long lo = 0;
            long hi = last + 1;
            while (lo < hi) {
                long mid = (lo + hi) >>> 1;
                if (lastTxId(ctx, h, s.sequenceNumber(), mid) >= txid) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo > last ? new DLSN(s.sequenceNumber(), lo, 0) : recordIn(ctx, h, s.sequenceNumber(), lo, txid);
        } finally {
            h.closeAsync();
        }
    }

    /** Returns the first application record of entry {@code entryId} with a txid at least {@code txid}. */
    private static DLSN recordIn(LogContext ctx, ReadHandle h, long seq, long entryId, long txid) throws DLException {
        for (LogRecordWithDLSN r : Ledgers.readEntry(ctx, h, seq, entryId).records()) {
            if (!r.isControl() && r.txid() >= txid) {
                return r.dlsn();
            }
        }
        // Only a control record reached the txid (it repeats the last txid written): the record is after it.
        return new DLSN(seq, entryId + 1, 0);
    }

    private static long lastTxId(LogContext ctx, ReadHandle h, long seq, long entryId) throws DLException {
        DecodedEntry e = Ledgers.readEntry(ctx, h, seq, entryId);
        return e.records().isEmpty() ? -1 : e.records().get(e.records().size() - 1).txid();
    }
}
