package io.dlog.core.internal.truncate;

import io.dlog.core.internal.Await;
import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.lock.WriteLock;
import io.dlog.core.internal.metadata.IncarnationGuard;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LockingException;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.StatusCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.bookkeeper.client.api.ReadHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a log without leaving orphans or dangling metadata:
 * <ol>
 *   <li>take the write lock (refusing with LOCKING_EXCEPTION while a writer holds it), or, when forced, bump the
 *       log's epoch so the writer's next metadata transaction fails with WRITE_FENCED;</li>
 *   <li>fence every in-progress segment's ledger (BookKeeper recovery), so a stale writer can get no
 *       acknowledgement for a ledger that is about to disappear;</li>
 *   <li>mark every segment TRUNCATED (readers stop using them);</li>
 *   <li>delete every ledger, then every znode of the log.</li>
 * </ol>
 * A crash after any step leaves a log whose remaining segments are either intact or TRUNCATED; deleting it again
 * finishes the job, and a writer that opens it instead starts after the last sequence number. Blocking: call from
 * an application thread. Thread-safe.
 */
public final class LogDeleter {
    private static final Logger LOG = LoggerFactory.getLogger(LogDeleter.class);
    private static final int ATTEMPTS = 20;

    private LogDeleter() {
    }

    /**
     * Deletes a log. Blocking; call from an application thread.
     *
     * @param ctx the log
     * @param force delete even while a writer holds the lock (that writer is fenced)
     * @throws LockingException if a writer holds it and force is false
     */
    public static void delete(LogContext ctx, boolean force) throws DLException {
        delete(ctx, force, SegmentPurger.DEFAULT);
    }

    /**
     * Deletes a log, with a purger whose hook may stop the deletion between steps (crash tests).
     *
     * @param ctx the log
     * @param force delete even while a writer holds the lock
     * @param purger the purger
     */
    public static void delete(LogContext ctx, boolean force, SegmentPurger purger) throws DLException {
        // The guard pins this incarnation of the log: if it is deleted and re-created while this deletion runs,
        // the re-created log is not touched (LOG_NOT_FOUND instead).
        IncarnationGuard guard;
        try {
            guard = ctx.store().guard(ctx.log());
        } catch (LogNotFoundException e) {
            throw new LogNotFoundException("log " + ctx.fullName() + " does not exist");
        }
        String lockPath = ctx.store().paths().lock(ctx.log());
        WriteLock lock = null;
        try {
            if (!force) {
                lock = takeLock(ctx, lockPath);
            } else {
                ctx.store().fenceWriterForDeletion(ctx.log());
            }
            List<Versioned<LogSegmentMetadata>> segments = markAll(ctx, purger, guard);
            int deleted = 0;
            for (Versioned<LogSegmentMetadata> s : segments) {
                if (s.value().ledgerId() >= 0 && SegmentPurger.deleteLedger(ctx, s.value().ledgerId())) {
                    deleted++;
                }
                purger.hook().after(PurgeStep.LEDGER_DELETED, ctx.log(), s.value().sequenceNumber());
            }
            // The lock znode is a child of the log znode, so it goes with the metadata: no writer can slip in.
            if (lock != null) {
                lock.abandon();   // its znode's deletion below is ours, not a lost lock
            }
            ctx.store().deleteLogMetadata(ctx.log(), guard);
            purger.hook().after(PurgeStep.ZNODE_DELETED, ctx.log(), -1);
            LOG.info("log deleted log={} segments={} ledgersDeleted={} forced={}", ctx.fullName(), segments.size(),
                    deleted, force);
        } finally {
            if (lock != null) {
                lock.release();
            }
            ctx.store().dropGuard(guard);
        }
    }

    /** Takes the write lock without waiting: a log with a writer (of any process or namespace) is not deleted. */
    private static WriteLock takeLock(LogContext ctx, String lockPath) throws DLException {
        try {
            return WriteLock.acquire(ctx.store().curator(), lockPath, ctx.owner() + " (delete)", Duration.ZERO,
                    () -> { });
        } catch (LockingException e) {
            throw new LockingException("log " + ctx.fullName() + " has a writer; not deleted: " + e.getMessage());
        }
    }

    /** Fences in-progress ledgers and marks every segment TRUNCATED; returns the segments as marked. */
    private static List<Versioned<LogSegmentMetadata>> markAll(LogContext ctx, SegmentPurger purger,
            IncarnationGuard guard) throws DLException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<Versioned<LogSegmentMetadata>> segments = ctx.store().readSegments(ctx.log());
            List<Versioned<LogSegmentMetadata>> release = new ArrayList<>();
            for (Versioned<LogSegmentMetadata> v : segments) {
                if (v.value().state() == SegmentState.INPROGRESS) {
                    fence(ctx, v.value());
                }
                if (v.value().state() != SegmentState.TRUNCATED) {
                    release.add(v);
                }
            }
            purger.hook().after(PurgeStep.PLANNED, ctx.log(), -1);
            if (purger.mark(ctx, release, null, guard)) {
                return segments;
            }
        }
        throw new DLException(StatusCode.METADATA_EXCEPTION, "deletion of " + ctx.fullName()
                + " kept racing with concurrent metadata changes; try again");
    }

    private static void fence(LogContext ctx, LogSegmentMetadata s) throws DLException {
        if (s.ledgerId() < 0) {
            return;
        }
        try {
            ReadHandle rh = Await.await(Ledgers.open(ctx, s.ledgerId(), true));
            rh.closeAsync();
        } catch (DLException e) {
            if (e.code() != StatusCode.METADATA_EXCEPTION) { // METADATA_EXCEPTION: the ledger is already gone
                throw e;
            }
        }
    }
}
