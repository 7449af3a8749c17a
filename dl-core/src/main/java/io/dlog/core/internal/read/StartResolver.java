package io.dlog.core.internal.read;

import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.core.internal.metadata.ZkErrors;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.zookeeper.KeeperException;

/**
 * Resolves where a new reader starts: checks that the log exists and the start is not truncated, and turns a
 * txid into a position. Blocking: runs on the metadata executor.
 *
 * <p>One rule for both kinds of start: a start names a record (the first one at or after the DLSN, or the first
 * one whose txid is at least the txid); if that record lies below the truncation point, opening fails
 * LOG_TRUNCATED naming the first readable position, whether the point is a segment boundary or inside a segment
 * (even the in-progress one, before any segment shows it).
 */
final class StartResolver {
    private StartResolver() {
    }

    /**
     * Resolves a start position.
     *
     * @param ctx the log
     * @param from the position asked for
     * @return the start
     * @throws DLException LOG_NOT_FOUND, LOG_TRUNCATED, or a ZooKeeper failure
     */
    static ResolvedStart resolve(LogContext ctx, DLSN from) throws DLException {
        ctx.store().readLog(ctx.log());
        List<LogSegmentMetadata> segs = leadingSegments(ctx);
        ReadPositions.checkNotTruncated(ctx.fullName(), firstReadable(ctx, segs), from);
        return new ResolvedStart(from, -1);
    }

    /**
     * Resolves a start txid to the position of the first record whose txid is at least it.
     *
     * @param ctx the log
     * @param txid the txid asked for, not negative
     * @return the start
     * @throws DLException LOG_NOT_FOUND, LOG_TRUNCATED, or a ZooKeeper or BookKeeper failure
     */
    static ResolvedStart resolve(LogContext ctx, long txid) throws DLException {
        ctx.store().readLog(ctx.log());
        List<LogSegmentMetadata> segs = segments(ctx);
        DLSN first = firstReadable(ctx, segs);
        // A released segment whose last txid reaches the txid held the record asked for: it is gone.
        LogSegmentMetadata released = ReadPositions.lastReleased(segs);
        if (first != null && released != null && released.recordCount() > 0 && released.lastTxId() >= txid) {
            throw ReadPositions.truncated(ctx.fullName(), "txid " + txid + " (released with segment "
                    + released.sequenceNumber() + ")", first);
        }
        LogSegmentMetadata s = ReadPositions.segmentForTxId(segs, txid);
        DLSN position = s == null ? ReadPositions.afterLast(segs) : TxIdSearch.search(ctx, s, txid);
        if (first != null && position.compareTo(first) < 0) {
            throw ReadPositions.truncated(ctx.fullName(), "txid " + txid + " (at " + position + ")", first);
        }
        return new ResolvedStart(position, txid);
    }

    /** Returns the first readable position (null if nothing was truncated), from the segments and the record. */
    static DLSN firstReadable(LogContext ctx, List<LogSegmentMetadata> segs) throws DLException {
        Versioned<DLSN> recorded = ctx.store().readTruncationPoint(ctx.log());
        return ReadPositions.firstReadable(segs, recorded == null ? null : recorded.value());
    }

    /**
     * Reads the oldest segments up to the first one not released: all that the truncation point depends on
     * ({@link ReadPositions#truncationPoint}). One listing and a read or two, instead of a read per segment: a log
     * may have thousands of segments and many readers opening at once (issue 13).
     */
    private static List<LogSegmentMetadata> leadingSegments(LogContext ctx) throws DLException {
        String dir = ctx.store().paths().segments(ctx.log());
        List<Long> seqs = new ArrayList<>();
        try {
            for (String child : ctx.store().curator().getChildren().forPath(dir)) {
                try {
                    seqs.add(Long.parseLong(child));
                } catch (NumberFormatException e) {
                    // not a segment: SharedLogWatch logs it
                }
            }
        } catch (KeeperException.NoNodeException e) {
            throw new LogNotFoundException("log " + ctx.fullName() + " does not exist");
        } catch (Exception e) {
            throw ZkErrors.map(e, "list segments of " + ctx.fullName());
        }
        Collections.sort(seqs);
        List<LogSegmentMetadata> out = new ArrayList<>();
        for (long seq : seqs) {
            Versioned<LogSegmentMetadata> v = ctx.store().readSegment(ctx.log(), seq, null);
            if (v != null) { // else deleted since the listing
                out.add(v.value());
                if (v.value().state() != SegmentState.TRUNCATED) {
                    break;
                }
            }
        }
        return out;
    }

    private static List<LogSegmentMetadata> segments(LogContext ctx) throws DLException {
        return ctx.store().readSegments(ctx.log()).stream().map(Versioned::value).toList();
    }
}
