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
 * The durable part of an in-progress segment as a reader sees it, read without recovery (so the writer is not
 * fenced): the last-add-confirmed, the application records up to it, and the last of them. Blocking: call from
 * a caller's thread or the metadata executor, never from the log executor.
 *
 * @param records the application records up to the last-add-confirmed
 * @param lastTxId the txid of the last of them, or -1
 * @param lastDLSN its position, or {@link DLSN#INVALID}
 */
record SegmentTail(long records, long lastTxId, DLSN lastDLSN) {

    static final SegmentTail EMPTY = new SegmentTail(0, -1, DLSN.INVALID);

    /**
     * Reads the durable tail of an in-progress segment: the entry at the last-add-confirmed gives the record
     * count (its {@code recordsBefore} plus its own application records); entries are scanned back from it to
     * the last application record.
     *
     * @param ctx the log
     * @param s the segment
     * @return the tail, {@link #EMPTY} if nothing is durable yet
     * @throws DLException if BookKeeper fails
     */
    static SegmentTail read(LogContext ctx, LogSegmentMetadata s) throws DLException {
        ReadHandle h = Await.await(Ledgers.open(ctx, s.ledgerId(), false));
        try {
            long lac = durableEnd(h, s);
            if (lac < 0) {
                return EMPTY;
            }
            DecodedEntry last = Ledgers.readEntry(ctx, h, s.sequenceNumber(), lac);
            long total = last.recordsBefore() + last.records().stream().filter(r -> !r.isControl()).count();
            if (total == 0) {
                return EMPTY;
            }
            for (long id = lac; id >= 0; id--) {
                DecodedEntry e = id == lac ? last : Ledgers.readEntry(ctx, h, s.sequenceNumber(), id);
                for (int i = e.records().size() - 1; i >= 0; i--) {
                    LogRecordWithDLSN r = e.records().get(i);
                    if (!r.isControl()) {
                        return new SegmentTail(total, r.txid(), r.dlsn());
                    }
                }
            }
            return EMPTY;
        } finally {
            h.closeAsync();
        }
    }

    /**
     * Returns the last durable entry of a segment's ledger: its last entry once closed, else the last-add-confirmed
     * asked of the bookies.
     *
     * @param h the ledger, opened without recovery
     * @param s the segment, for the message
     * @return the entry id, -1 if nothing is durable yet
     * @throws DLException if BookKeeper fails
     */
    static long durableEnd(ReadHandle h, LogSegmentMetadata s) throws DLException {
        return Ledgers.isClosed(h) ? Ledgers.lastReadableEntry(h)
                : Await.await(h.readLastAddConfirmedAsync().exceptionallyCompose(t -> Futures.failed(
                        Ledgers.toDL(t, "read last-add-confirmed of segment " + s.sequenceNumber()))));
    }
}
