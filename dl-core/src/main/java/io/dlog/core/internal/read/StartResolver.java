package io.dlog.core.internal.read;

import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogSegmentMetadata;
import java.util.List;

/**
 * Resolves where a new reader starts: checks that the log exists and the position is not truncated, and turns
 * a txid into a position. Blocking: runs on the metadata executor.
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
        List<LogSegmentMetadata> segs = segments(ctx);
        ReadPositions.checkNotTruncated(ctx.fullName(), segs, from);
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
        LogSegmentMetadata s = ReadPositions.segmentForTxId(segs, txid);
        DLSN position = s == null ? ReadPositions.afterLast(segs) : TxIdSearch.search(ctx, s, txid);
        ReadPositions.checkNotTruncated(ctx.fullName(), segs, position);
        return new ResolvedStart(position, txid);
    }

    private static List<LogSegmentMetadata> segments(LogContext ctx) throws DLException {
        return ctx.store().readSegments(ctx.log()).stream().map(Versioned::value).toList();
    }
}
