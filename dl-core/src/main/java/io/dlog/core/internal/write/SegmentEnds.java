package io.dlog.core.internal.write;

import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.lock.WriteLock;
import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogSegmentMetadata;
import java.util.concurrent.CompletableFuture;
import org.apache.bookkeeper.client.api.WriteHandle;

/**
 * The asynchronous chains that end a segment (close its ledger, then commit its metadata on the metadata
 * executor) at a roll, at sealing and at close, and the pre-allocated next ledger's clean-up. The writer starts a
 * chain once the segment has settled and handles its result on its own executor.
 */
final class SegmentEnds {
    private SegmentEnds() {
    }

    /**
     * Rolls: closes the segment's ledger, then completes the segment and creates the next one, whose ledger is
     * the pre-allocated one (or a new one if pre-allocation failed).
     *
     * @return the next segment's ledger
     */
    static CompletableFuture<WriteHandle> roll(LogContext ctx, SegmentWriter seg, LogSegmentMetadata completed,
            LogSegmentMetadata next, long maxTxId, int logVersion, CompletableFuture<WriteHandle> preallocated) {
        CompletableFuture<WriteHandle> ledger = preallocated != null ? preallocated
                : Ledgers.create(ctx, next.sequenceNumber());
        return closeLedger(ctx, seg)
                .thenCompose(v -> ledger.exceptionallyCompose(t -> Ledgers.create(ctx, next.sequenceNumber())))
                .thenApplyAsync(h -> SegmentCommits.roll(ctx, completed, seg.znodeVersion, maxTxId,
                        SegmentCommits.withLedger(next, h), logVersion, h), ctx.metadataExecutor());
    }

    /**
     * Seals: closes the segment's ledger, then completes the segment and marks the log sealed in one transaction.
     *
     * @return the log znode's new version
     */
    static CompletableFuture<Integer> seal(LogContext ctx, SegmentWriter seg, LogSegmentMetadata completed,
            long maxTxId, LogInfo sealed, int logVersion) {
        return closeLedger(ctx, seg).thenApplyAsync(v -> SegmentCommits.seal(ctx, completed, seg.znodeVersion,
                maxTxId, sealed, logVersion), ctx.metadataExecutor());
    }

    /**
     * Closes: closes the segment's ledger, then completes the segment (or removes it if empty). Releases the lock
     * whatever happened; completes with the failure, or null.
     */
    static CompletableFuture<Throwable> close(LogContext ctx, WriteLock lock, SegmentWriter seg, boolean keep,
            LogSegmentMetadata completed, long maxTxId, int logVersion) {
        return closeLedger(ctx, seg)
                .thenRunAsync(() -> SegmentCommits.close(ctx, seg, keep, completed, maxTxId, logVersion),
                        ctx.metadataExecutor())
                .handleAsync((v, t) -> {
                    lock.release();
                    return t;
                }, ctx.metadataExecutor());
    }

    /** Releases the lock on the metadata executor, then completes. */
    static CompletableFuture<Void> releaseLock(LogContext ctx, WriteLock lock) {
        return CompletableFuture.runAsync(lock::release, ctx.metadataExecutor());
    }

    /** Deletes a pre-allocated ledger no segment references; never fails (the audit reclaims what is left). */
    static CompletableFuture<Void> deletePreallocated(LogContext ctx, CompletableFuture<WriteHandle> pre) {
        if (pre == null) {
            return CompletableFuture.completedFuture(null);
        }
        return pre.thenCompose(h -> h.closeAsync().handle((v, t) -> h.getId()))
                .thenCompose(id -> Ledgers.delete(ctx, id))
                .handle((v, t) -> null);
    }

    private static CompletableFuture<Void> closeLedger(LogContext ctx, SegmentWriter seg) {
        return seg.handle.closeAsync().exceptionallyCompose(t -> Futures.failed(Ledgers.toDL(t,
                "close ledger of segment " + seg.seq() + " of " + ctx.fullName())));
    }
}
