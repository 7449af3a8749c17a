package io.dlog.core.internal.truncate;

import io.dlog.core.internal.Await;
import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.metadata.IncarnationGuard;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.bookkeeper.client.api.BKException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases segments in the crash-safe order shared by truncation, retention and log deletion:
 * <ol>
 *   <li>mark them TRUNCATED with versioned {@code setData} (readers skip them from now on);</li>
 *   <li>delete each one's ledger;</li>
 *   <li>delete each one's znode, except the newest TRUNCATED znode of the log, which stays as the truncation
 *       marker (with ledger {@code -1}) so that readers below it get LOG_TRUNCATED instead of a silent skip.</li>
 * </ol>
 * A crash after any step leaves TRUNCATED znodes that {@link #finish} completes later; never a COMPLETED znode
 * that points at a missing ledger. Blocking (ZooKeeper and BookKeeper): call from a metadata thread. Thread-safe;
 * every change is a compare-and-set on the znode's own version, so concurrent purgers only duplicate work.
 */
public final class SegmentPurger {
    /** The purger without test hooks. */
    public static final SegmentPurger DEFAULT = new SegmentPurger(PurgeHook.NONE);

    private static final Logger LOG = LoggerFactory.getLogger(SegmentPurger.class);
    /** Segments marked per ZooKeeper transaction, well under {@code jute.maxbuffer}. */
    private static final int BATCH = 200;

    private final PurgeHook hook;

    /**
     * Makes a purger.
     *
     * @param hook called after each step (tests); {@link PurgeHook#NONE} in production
     */
    public SegmentPurger(PurgeHook hook) {
        this.hook = hook;
    }

    /** Returns the hook. */
    public PurgeHook hook() {
        return hook;
    }

    /**
     * Marks a prefix of a log TRUNCATED, oldest first, in batches; the last batch also rewrites the holder.
     *
     * @param ctx the log
     * @param release the segments to release, oldest first, with the versions they were read at
     * @param holder the new value of the segment that holds the truncation point, or null
     * @return false if a znode changed since it was read (the caller reads again); earlier batches stay marked
     */
    public boolean mark(LogContext ctx, List<Versioned<LogSegmentMetadata>> release,
            Versioned<LogSegmentMetadata> holder) throws DLException {
        return mark(ctx, release, holder, null);
    }

    /**
     * As {@link #mark(LogContext, List, Versioned)}, in the incarnation of the log a guard was taken on (before
     * the segments were read).
     *
     * @param guard the guard, or null for no incarnation check
     * @return false if a znode changed since it was read
     * @throws io.dlog.protocol.LogNotFoundException if the guard is gone: nothing of a later incarnation changes
     */
    public boolean mark(LogContext ctx, List<Versioned<LogSegmentMetadata>> release,
            Versioned<LogSegmentMetadata> holder, IncarnationGuard guard) throws DLException {
        int from = 0;
        do {
            int to = Math.min(release.size(), from + BATCH);
            boolean last = to == release.size();
            if (!ctx.store().markTruncated(ctx.log(), release.subList(from, to), last ? holder : null, guard)) {
                return false;
            }
            hook.after(PurgeStep.SEGMENTS_MARKED, ctx.log(), to > from ? release.get(to - 1).value().sequenceNumber()
                    : -1);
            from = to;
        } while (from < release.size());
        return true;
    }

    /**
     * Finishes every TRUNCATED segment of a log: deletes its ledger, then its znode (the newest stays as the
     * marker, with ledger -1). Idempotent.
     *
     * @param ctx the log
     * @param reason why the segments were released, for the log line
     * @return the number of ledgers deleted
     */
    public int finish(LogContext ctx, String reason) throws DLException {
        IncarnationGuard guard = ctx.store().guard(ctx.log());
        try {
            return finish(ctx, reason, guard);
        } finally {
            ctx.store().dropGuard(guard);
        }
    }

    /**
     * As {@link #finish(LogContext, String)}, in the incarnation of the log a guard was taken on. Ledgers are
     * deleted only for segments read as TRUNCATED (released in whatever incarnation); their znodes only in the
     * guard's incarnation.
     *
     * @param guard the guard
     * @return the number of ledgers deleted (a ledger that was already gone does not count)
     * @throws io.dlog.protocol.LogNotFoundException if the guard is gone
     */
    public int finish(LogContext ctx, String reason, IncarnationGuard guard) throws DLException {
        List<Versioned<LogSegmentMetadata>> truncated = new ArrayList<>();
        for (Versioned<LogSegmentMetadata> v : ctx.store().readSegments(ctx.log())) {
            if (v.value().state() == SegmentState.TRUNCATED) {
                truncated.add(v);
            }
        }
        int deleted = 0;
        for (int i = 0; i < truncated.size(); i++) {
            Versioned<LogSegmentMetadata> v = truncated.get(i);
            LogSegmentMetadata s = v.value();
            if (s.ledgerId() >= 0 && deleteLedger(ctx, s.ledgerId())) {
                deleted++;
                LOG.info("segment deleted log={} seg={} ledger={} records={} bytes={} reason={}", ctx.fullName(),
                        s.sequenceNumber(), s.ledgerId(), s.recordCount(), s.bytes(), reason);
            }
            hook.after(PurgeStep.LEDGER_DELETED, ctx.log(), s.sequenceNumber());
            if (i < truncated.size() - 1) {
                ctx.store().deleteTruncatedSegment(ctx.log(), s.sequenceNumber(), v.version(), guard);
            } else if (s.ledgerId() >= 0) {
                ctx.store().markTruncated(ctx.log(), List.of(), new Versioned<>(withoutLedger(s), v.version()),
                        guard);
            }
            hook.after(PurgeStep.ZNODE_DELETED, ctx.log(), s.sequenceNumber());
        }
        return deleted;
    }

    /**
     * Says whether {@link #finish} has work to do on a segment list.
     *
     * @param segments the log's segments, oldest first
     * @return true if a TRUNCATED segment still has a ledger, or more than one TRUNCATED znode remains
     */
    public static boolean needsFinish(List<Versioned<LogSegmentMetadata>> segments) {
        int truncated = 0;
        for (Versioned<LogSegmentMetadata> v : segments) {
            if (v.value().state() == SegmentState.TRUNCATED) {
                truncated++;
                if (v.value().ledgerId() >= 0) {
                    return true;
                }
            }
        }
        return truncated > 1;
    }

    /**
     * Deletes a ledger; returns false if it was already gone. BookKeeper reports success for deleting a ledger
     * whose metadata is missing, so its metadata is read first: a ledger that was already gone (an interrupted
     * earlier run deleted it) is not counted as deleted again.
     */
    static boolean deleteLedger(LogContext ctx, long ledgerId) throws DLException {
        CompletableFuture<Boolean> f = ctx.bk().getLedgerMetadata(ledgerId)
                .thenCompose(m -> ctx.bk().newDeleteLedgerOp().withLedgerId(ledgerId).execute())
                .thenApply(v -> true)
                .exceptionallyCompose(t -> {
                    Throwable c = Futures.unwrap(t);
                    if (c instanceof BKException bk && (bk.getCode() == BKException.Code.NoSuchLedgerExistsException
                            || bk.getCode() == BKException.Code.NoSuchLedgerExistsOnMetadataServerException)) {
                        return CompletableFuture.completedFuture(false);
                    }
                    return Futures.failed(Ledgers.toDL(c, "delete ledger " + ledgerId + " of " + ctx.fullName()));
                });
        return Await.await(f);
    }

    private static LogSegmentMetadata withoutLedger(LogSegmentMetadata s) {
        return new LogSegmentMetadata(s.sequenceNumber(), -1, s.state(), s.firstTxId(), s.lastTxId(), s.firstDLSN(),
                s.lastDLSN(), s.recordCount(), s.bytes(), s.createdAtMillis(), s.completedAtMillis(),
                s.minActiveDLSN());
    }
}
