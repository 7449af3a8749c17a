package io.dlog.core.internal.write;

import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LogSegmentMetadata;
import java.util.concurrent.CompletionException;
import org.apache.bookkeeper.client.api.WriteHandle;

/**
 * The metadata transactions that end a segment: at a roll, at sealing, at close. Each blocks on ZooKeeper, so
 * they run on the metadata executor; failures are rethrown as {@link CompletionException} for the future chain.
 * Every transaction checks the owner's log-znode version, so a deposed writer changes nothing.
 */
final class SegmentCommits {
    private SegmentCommits() {
    }

    /** Completes a segment and creates the next one (whose ledger is {@code h}) in one transaction. */
    static WriteHandle roll(LogContext ctx, LogSegmentMetadata completed, int segVersion, long maxTxId,
            LogSegmentMetadata next, int logVersion, WriteHandle h) {
        try {
            ctx.store().completeSegment(ctx.log(), completed, segVersion, maxTxId, next, logVersion);
            return h;
        } catch (DLException e) {
            Ledgers.delete(ctx, h.getId()); // never referenced by metadata: reclaim it now
            throw new CompletionException(e);
        }
    }

    /** Completes the last segment and marks the log sealed; returns the log znode's new version. */
    static int seal(LogContext ctx, LogSegmentMetadata completed, int segVersion, long maxTxId, LogInfo sealed,
            int logVersion) {
        try {
            ctx.store().completeSegment(ctx.log(), completed, segVersion, maxTxId, null, logVersion);
            return ctx.store().writeLog(ctx.log(), sealed, logVersion);
        } catch (DLException e) {
            throw new CompletionException(e);
        }
    }

    /**
     * Ends the writer's segment at close: completes it if it holds anything a reader must see, else removes it
     * (metadata first, then the ledger: a crash in between leaves an orphan ledger, never a dangling znode).
     */
    static void close(LogContext ctx, SegmentWriter seg, boolean keep, LogSegmentMetadata completed, long maxTxId,
            int logVersion) {
        try {
            if (keep) {
                ctx.store().completeSegment(ctx.log(), completed, seg.znodeVersion, maxTxId, null, logVersion);
            } else {
                ctx.store().deleteSegment(ctx.log(), seg.seq(), seg.znodeVersion, logVersion);
                // Waited for (on this metadata thread), so a process that exits after close leaves no orphan;
                // a failure is left to the audit.
                Ledgers.delete(ctx, seg.handle.getId()).exceptionally(t -> null).join();
            }
        } catch (DLException e) {
            throw new CompletionException(e);
        }
    }

    /** Returns the metadata with the ledger of a handle. */
    static LogSegmentMetadata withLedger(LogSegmentMetadata s, WriteHandle h) {
        return new LogSegmentMetadata(s.sequenceNumber(), h.getId(), s.state(), s.firstTxId(), s.lastTxId(),
                s.firstDLSN(), s.lastDLSN(), s.recordCount(), s.bytes(), s.createdAtMillis(), s.completedAtMillis(),
                s.minActiveDLSN());
    }
}
