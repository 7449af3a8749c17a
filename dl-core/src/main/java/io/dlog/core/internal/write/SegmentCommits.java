package io.dlog.core.internal.write;

import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.core.internal.write.AmbiguousCommits.Outcome;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LogSegmentMetadata;
import java.util.concurrent.CompletionException;
import org.apache.bookkeeper.client.api.WriteHandle;

/**
 * The metadata transactions that end a segment: at a roll, at sealing, at close. Each blocks on ZooKeeper, so
 * they run on the metadata executor; failures are rethrown as {@link CompletionException} for the future chain.
 * Every transaction checks the owner's log-znode version, so a deposed writer changes nothing. A failed
 * transaction may still have committed (see {@link AmbiguousCommits}): each one re-reads the metadata before it
 * believes a failure, and a ledger is deleted only when the metadata is known not to reference it.
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
            // The next segment is created in the same transaction as the completion: if it references the new
            // ledger, the whole transaction committed.
            Outcome o = AmbiguousCommits.learn(ctx, "roll to segment " + next.sequenceNumber(), e,
                    () -> AmbiguousCommits.segmentReferences(ctx, next.sequenceNumber(), h.getId()));
            if (o == Outcome.COMMITTED) {
                return h;
            }
            if (o == Outcome.NOT_COMMITTED) {
                Ledgers.delete(ctx, h.getId()); // known to be referenced by no segment: reclaim it now
            }
            throw new CompletionException(e);
        }
    }

    /**
     * Completes the last segment and marks the log sealed, in one transaction; returns the log znode's new
     * version.
     */
    static int seal(LogContext ctx, LogSegmentMetadata completed, int segVersion, long maxTxId, LogInfo sealed,
            int logVersion) {
        try {
            return ctx.store().completeSegmentAndSeal(ctx.log(), completed, segVersion, maxTxId, sealed, logVersion);
        } catch (DLException e) {
            int[] version = {-1};
            Outcome o = AmbiguousCommits.learn(ctx, "seal", e, () -> {
                version[0] = AmbiguousCommits.logWrittenAs(ctx, sealed, logVersion + 1);
                return version[0] >= 0 && AmbiguousCommits.segmentCompletedAs(ctx, completed);
            });
            if (o == Outcome.COMMITTED) {
                return version[0];
            }
            throw new CompletionException(e);
        }
    }

    /**
     * Ends the writer's segment at close: completes it if it holds anything a reader must see, else removes it
     * (metadata first, then the ledger: a crash in between leaves an orphan ledger, never a dangling znode).
     */
    static void close(LogContext ctx, SegmentWriter seg, boolean keep, LogSegmentMetadata completed, long maxTxId,
            int logVersion) {
        if (keep) {
            try {
                ctx.store().completeSegment(ctx.log(), completed, seg.znodeVersion, maxTxId, null, logVersion);
            } catch (DLException e) {
                if (AmbiguousCommits.learn(ctx, "complete segment " + seg.seq() + " at close", e,
                        () -> AmbiguousCommits.segmentCompletedAs(ctx, completed)) != Outcome.COMMITTED) {
                    throw new CompletionException(e);
                }
            }
            return;
        }
        try {
            ctx.store().deleteSegment(ctx.log(), seg.seq(), seg.znodeVersion, logVersion);
        } catch (DLException e) {
            if (AmbiguousCommits.learn(ctx, "delete empty segment " + seg.seq() + " at close", e,
                    () -> AmbiguousCommits.segmentGone(ctx, seg.seq())) != Outcome.COMMITTED) {
                throw new CompletionException(e);
            }
        }
        // Waited for (on this metadata thread), so a process that exits after close leaves no orphan; a failure
        // is left to the audit.
        Ledgers.delete(ctx, seg.handle.getId()).exceptionally(t -> null).join();
    }

    /** Returns the metadata with the ledger of a handle. */
    static LogSegmentMetadata withLedger(LogSegmentMetadata s, WriteHandle h) {
        return new LogSegmentMetadata(s.sequenceNumber(), h.getId(), s.state(), s.firstTxId(), s.lastTxId(),
                s.firstDLSN(), s.lastDLSN(), s.recordCount(), s.bytes(), s.createdAtMillis(), s.completedAtMillis(),
                s.minActiveDLSN());
    }
}
