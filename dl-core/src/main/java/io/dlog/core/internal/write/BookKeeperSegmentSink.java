package io.dlog.core.internal.write;

import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.lock.WriteLock;
import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogSegmentMetadata;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.api.WriteHandle;

/**
 * The writer's {@link SegmentSink} on BookKeeper and ZooKeeper: each chain closes the segment's ledger, then
 * commits the metadata on the metadata executor.
 */
final class BookKeeperSegmentSink implements SegmentSink {
    /** How long a lock release waits for ZooKeeper's answer before it is left to the session's end. */
    private static final Duration RELEASE_LIMIT = Duration.ofMinutes(2);

    private final LogContext ctx;
    private final WriteLock lock;

    BookKeeperSegmentSink(LogContext ctx, WriteLock lock) {
        this.ctx = ctx;
        this.lock = lock;
    }

    @Override
    public CompletableFuture<WriteHandle> createLedger(long seq) {
        return Ledgers.create(ctx, seq);
    }

    @Override
    public void sessionLost(long liveSession, String why) {
        lock.sessionLost(liveSession, why);
    }

    @Override
    public CompletableFuture<WriteHandle> roll(SegmentWriter seg, LogSegmentMetadata completed,
            LogSegmentMetadata next, long maxTxId, int logVersion, CompletableFuture<WriteHandle> preallocated) {
        CompletableFuture<WriteHandle> ledger = preallocated != null ? preallocated
                : Ledgers.create(ctx, next.sequenceNumber());
        return closeLedger(seg)
                .thenCompose(v -> ledger.exceptionallyCompose(t -> Ledgers.create(ctx, next.sequenceNumber())))
                .thenApplyAsync(h -> SegmentCommits.roll(ctx, completed, seg.znodeVersion, maxTxId,
                        SegmentCommits.withLedger(next, h), logVersion, h), ctx.metadataExecutor());
    }

    @Override
    public CompletableFuture<Integer> seal(SegmentWriter seg, LogSegmentMetadata completed,
            long maxTxId, LogInfo sealed, int logVersion) {
        return closeLedger(seg).thenApplyAsync(v -> SegmentCommits.seal(ctx, completed, seg.znodeVersion,
                maxTxId, sealed, logVersion), ctx.metadataExecutor());
    }

    @Override
    public CompletableFuture<Throwable> close(SegmentWriter seg, boolean keep, LogSegmentMetadata completed,
            long maxTxId, int logVersion) {
        return closeLedger(seg)
                .thenRunAsync(() -> SegmentCommits.close(ctx, seg, keep, completed, maxTxId, logVersion),
                        ctx.metadataExecutor())
                .handle((v, t) -> t)
                .thenCompose(t -> releaseLock().thenApply(v -> t));
    }

    /**
     * Releases the lock without holding a metadata thread while ZooKeeper answers (issue 11 item 7); completes on
     * the metadata executor, never on ZooKeeper's event thread, so what follows may block. A release that gets no
     * answer is given up after {@link #RELEASE_LIMIT}: the session's end removes the znode then.
     */
    @Override
    public CompletableFuture<Void> releaseLock() {
        return lock.releaseAsync().completeOnTimeout(null, RELEASE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync((v, t) -> null, ctx.metadataExecutor());
    }

    @Override
    public CompletableFuture<Void> deletePreallocated(CompletableFuture<WriteHandle> pre) {
        if (pre == null) {
            return CompletableFuture.completedFuture(null);
        }
        return pre.thenCompose(h -> h.closeAsync().handle((v, t) -> h.getId()))
                .thenCompose(id -> Ledgers.delete(ctx, id))
                .handle((v, t) -> null);
    }

    private CompletableFuture<Void> closeLedger(SegmentWriter seg) {
        return seg.handle.closeAsync().exceptionallyCompose(t -> Futures.failed(Ledgers.toDL(t,
                "close ledger of segment " + seg.seq() + " of " + ctx.fullName())));
    }
}
