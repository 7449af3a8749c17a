package io.dlog.core.internal.read;

import io.dlog.core.internal.Await;
import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.entry.DecodedEntry;
import java.util.List;
import org.apache.bookkeeper.client.api.ReadHandle;

/**
 * Answers questions about a log from its metadata and, for the in-progress segment, from BookKeeper: its
 * durable part (up to the last-add-confirmed, read without fencing the writer) counts. Truncated segments do
 * not. Blocking: called from the application's thread by the synchronous {@code LogManager} methods.
 */
public final class LogInspector {
    private LogInspector() {
    }

    private static List<LogSegmentMetadata> segments(LogContext ctx) throws DLException {
        return ctx.store().readSegments(ctx.log()).stream().map(Versioned::value)
                .filter(s -> s.state() != SegmentState.TRUNCATED).toList();
    }

    /**
     * Returns the first readable position: the first record of the first segment that holds one, or the
     * truncation point if it lies further on (a point recorded in the in-progress segment counts at once). A
     * reader opened there never fails LOG_TRUNCATED, unless the log is truncated again meanwhile.
     */
    public static DLSN firstDLSN(LogContext ctx) throws DLException {
        List<LogSegmentMetadata> all = ctx.store().readSegments(ctx.log()).stream().map(Versioned::value).toList();
        DLSN truncatedAt = StartResolver.firstReadable(ctx, all);
        for (LogSegmentMetadata s : all) {
            if (s.state() != SegmentState.TRUNCATED && (s.isInProgress() || s.recordCount() > 0)) {
                DLSN first = s.minActiveDLSN();
                return truncatedAt != null && truncatedAt.compareTo(first) > 0 ? truncatedAt : first;
            }
        }
        throw empty(ctx);
    }

    /** Returns the position of the last durable record. */
    public static DLSN lastDLSN(LogContext ctx) throws DLException {
        List<LogSegmentMetadata> segs = segments(ctx);
        for (int i = segs.size() - 1; i >= 0; i--) {
            LogSegmentMetadata s = segs.get(i);
            if (s.isInProgress()) {
                SegmentTail tail = SegmentTail.read(ctx, s);
                if (tail.records() > 0) {
                    return tail.lastDLSN();
                }
            } else if (s.recordCount() > 0) {
                return s.lastDLSN();
            }
        }
        throw empty(ctx);
    }

    /** Returns the txid of the last durable record. */
    public static long lastTxId(LogContext ctx) throws DLException {
        List<LogSegmentMetadata> segs = segments(ctx);
        for (int i = segs.size() - 1; i >= 0; i--) {
            LogSegmentMetadata s = segs.get(i);
            if (s.isInProgress()) {
                SegmentTail tail = SegmentTail.read(ctx, s);
                if (tail.records() > 0) {
                    return tail.lastTxId();
                }
            } else if (s.recordCount() > 0) {
                return s.lastTxId();
            }
        }
        throw empty(ctx);
    }

    /**
     * Returns the number of durable application records a reader can still read: those at or after the first
     * readable position. Records below a truncation point do not count, whether their segments are released yet
     * or not, nor do those before the point inside its own segment (read from the entry at the point).
     */
    public static long recordCount(LogContext ctx) throws DLException {
        List<LogSegmentMetadata> all = ctx.store().readSegments(ctx.log()).stream().map(Versioned::value).toList();
        DLSN first = StartResolver.firstReadable(ctx, all);
        long count = 0;
        for (LogSegmentMetadata s : all) {
            if (s.state() == SegmentState.TRUNCATED
                    || first != null && s.sequenceNumber() < first.segmentSequenceNumber()) {
                continue;
            }
            long records = s.isInProgress() ? SegmentTail.read(ctx, s).records() : s.recordCount();
            if (first != null && s.sequenceNumber() == first.segmentSequenceNumber() && records > 0) {
                records -= Math.min(records, recordsBefore(ctx, s, first));
            }
            count += records;
        }
        return count;
    }

    /** Returns the durable application records of a segment that lie before a position in it. */
    private static long recordsBefore(LogContext ctx, LogSegmentMetadata s, DLSN position) throws DLException {
        if (position.entryId() == 0 && position.slotId() == 0) {
            return 0;
        }
        ReadHandle h = Await.await(Ledgers.open(ctx, s.ledgerId(), false));
        try {
            if (position.entryId() > SegmentTail.durableEnd(h, s)) {
                return Long.MAX_VALUE; // every durable record of the segment lies before it
            }
            DecodedEntry e = Ledgers.readEntry(ctx, h, s.sequenceNumber(), position.entryId());
            return e.recordsBefore() + e.records().stream()
                    .filter(r -> !r.isControl() && r.dlsn().slotId() < position.slotId()).count();
        } finally {
            h.closeAsync();
        }
    }

    private static DLException empty(LogContext ctx) {
        return new DLException(StatusCode.LOG_EMPTY, "log " + ctx.fullName() + " is empty");
    }
}
