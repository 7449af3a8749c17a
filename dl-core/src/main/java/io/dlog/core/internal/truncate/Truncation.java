package io.dlog.core.internal.truncate;

import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.metadata.IncarnationGuard;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Truncation of a log before a position (the first position to keep).
 *
 * <p>Steps, each of which may be interrupted by a crash:
 * <ol>
 *   <li>the point is recorded (monotonically) in {@code <log>/truncation}, so a later run can resume it;</li>
 *   <li>the segments wholly before it are marked TRUNCATED and, in the same transaction, the completed segment
 *       holding it records {@code minActiveDLSN = point};</li>
 *   <li>their ledgers are deleted, then their znodes ({@link SegmentPurger}).</li>
 * </ol>
 * The log znode is never written (its version fences writers), the in-progress segment and the last segment are
 * never released or rewritten, and every change is checked against the znode version it was read at. When the
 * point lies in the in-progress segment, the earlier segments are released at once and the point is recorded in
 * that segment after it completes, by the next truncation or retention run. Blocking methods run on a metadata
 * thread. Thread-safe.
 */
public final class Truncation {
    private static final Logger LOG = LoggerFactory.getLogger(Truncation.class);
    private static final int ATTEMPTS = 20;

    private final SegmentPurger purger;

    /**
     * Makes a truncation with a purger (tests pass one with a hook).
     *
     * @param purger the purger
     */
    public Truncation(SegmentPurger purger) {
        this.purger = purger;
    }

    /**
     * Truncates a log before a position, on the namespace's admin executor (it deletes ledgers and waits for
     * BookKeeper: kept off the metadata threads that commit rolls). Called by the writer, which has checked that
     * the point is not past its last acknowledged record.
     *
     * @param ctx the log
     * @param dlsn the first position to keep
     * @return completes when the truncation point is recorded and the earlier segments are deleted; fails with
     *     INVALID_ARGUMENT if the point is past the log's end, or a ZooKeeper/BookKeeper error
     */
    public static CompletableFuture<Void> truncate(LogContext ctx, DLSN dlsn) {
        return CompletableFuture.runAsync(() -> {
            try {
                new Truncation(SegmentPurger.DEFAULT).truncateNow(ctx, dlsn, true);
            } catch (DLException e) {
                throw new CompletionException(e);
            }
        }, ctx.adminExecutor());
    }

    /**
     * Truncates a log before a position. Blocking.
     *
     * @param ctx the log
     * @param point the first position to keep
     * @param inProgressAllowed whether the point may lie in the in-progress segment (only the writer, which knows
     *     its last acknowledged record, may say so)
     * @return the number of ledgers deleted
     * @throws InvalidArgumentException if the point is past the end of the log or the log has no segments
     * @throws DLException a ZooKeeper or BookKeeper failure; running it again resumes
     */
    public int truncateNow(LogContext ctx, DLSN point, boolean inProgressAllowed) throws DLException {
        // Guarded before the first read: nothing validated or planned here can land on a later incarnation.
        IncarnationGuard guard = ctx.store().guard(ctx.log());
        try {
            validate(ctx, ctx.store().readSegments(ctx.log()), point, inProgressAllowed);
            DLSN recorded = ctx.store().raiseTruncationPoint(ctx.log(), point, guard);
            purger.hook().after(PurgeStep.POINT_RECORDED, ctx.log(), point.segmentSequenceNumber());
            apply(ctx, recorded, guard);
            int deleted = purger.finish(ctx, "truncation", guard);
            LOG.info("log truncated log={} point={} ledgersDeleted={}", ctx.fullName(), recorded, deleted);
            return deleted;
        } finally {
            ctx.store().dropGuard(guard);
        }
    }

    /**
     * Applies an already recorded (validated) truncation point: marks the segments wholly before it and records
     * it in the completed segment holding it. Does not delete anything ({@link SegmentPurger#finish} does).
     *
     * @param ctx the log
     * @param point the recorded point
     * @return true if metadata changed
     */
    public boolean apply(LogContext ctx, DLSN point) throws DLException {
        return apply(ctx, point, null);
    }

    /**
     * As {@link #apply(LogContext, DLSN)}, in the incarnation of the log a guard was taken on.
     *
     * @param guard the guard taken before the point was read, or null for no incarnation check
     * @return true if metadata changed
     */
    public boolean apply(LogContext ctx, DLSN point, IncarnationGuard guard) throws DLException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<Versioned<LogSegmentMetadata>> segs = ctx.store().readSegments(ctx.log());
            Plan plan = plan(segs, point);
            if (plan.release().isEmpty() && plan.holder() == null) {
                return false;
            }
            purger.hook().after(PurgeStep.PLANNED, ctx.log(), plan.release().isEmpty() ? -1
                    : plan.release().get(plan.release().size() - 1).value().sequenceNumber());
            if (purger.mark(ctx, plan.release(), plan.holder(), guard)) {
                return true;
            }
        }
        throw new DLException(StatusCode.METADATA_EXCEPTION, "truncation of " + ctx.fullName() + " at " + point
                + " kept racing with concurrent metadata changes; try again");
    }

    /**
     * What truncating at a point changes in a segment list.
     *
     * @param release the segments to mark TRUNCATED, oldest first
     * @param holder the rewritten segment that holds the point, or null
     */
    record Plan(List<Versioned<LogSegmentMetadata>> release, Versioned<LogSegmentMetadata> holder) {
    }

    /**
     * Decides which segments a point releases: the completed segments wholly before it, as a prefix of the log,
     * never the in-progress or the last segment.
     *
     * @param segs the log's segments, oldest first
     * @param point the first position to keep
     * @return the plan
     */
    static Plan plan(List<Versioned<LogSegmentMetadata>> segs, DLSN point) {
        List<Versioned<LogSegmentMetadata>> release = new ArrayList<>();
        for (int i = 0; i < segs.size(); i++) {
            Versioned<LogSegmentMetadata> v = segs.get(i);
            LogSegmentMetadata s = v.value();
            if (s.state() == SegmentState.TRUNCATED) {
                continue;
            }
            boolean last = i == segs.size() - 1;
            if (!last && s.state() == SegmentState.COMPLETED && whollyBefore(s, point)) {
                release.add(v);
                continue;
            }
            Versioned<LogSegmentMetadata> holder = null;
            if (s.state() == SegmentState.COMPLETED && point.segmentSequenceNumber() == s.sequenceNumber()
                    && point.compareTo(s.minActiveDLSN()) > 0) {
                holder = new Versioned<>(s.withMinActiveDLSN(point), v.version());
            }
            return new Plan(release, holder);
        }
        return new Plan(release, null);
    }

    /**
     * Says whether applying a recorded point would change a segment list.
     *
     * @param segs the log's segments, oldest first
     * @param point the recorded point
     * @return true if a segment would be released or the holder rewritten
     */
    public static boolean pending(List<Versioned<LogSegmentMetadata>> segs, DLSN point) {
        Plan plan = plan(segs, point);
        return !plan.release().isEmpty() || plan.holder() != null;
    }

    private static boolean whollyBefore(LogSegmentMetadata s, DLSN point) {
        if (s.sequenceNumber() < point.segmentSequenceNumber()) {
            return true;
        }
        return s.sequenceNumber() == point.segmentSequenceNumber() && s.lastDLSN().compareTo(point) < 0;
    }

    /**
     * Rejects a point past the log's end: beyond the last segment, or past the last record of a completed last
     * segment. A point inside the in-progress segment is accepted only from the writer, which checks it against
     * its last acknowledged record; anyone else must stay within the completed segments.
     */
    static void validate(LogContext ctx, List<Versioned<LogSegmentMetadata>> segs, DLSN point,
            boolean inProgressAllowed) throws InvalidArgumentException {
        if (point.segmentSequenceNumber() < 1) {
            throw new InvalidArgumentException("cannot truncate " + ctx.fullName() + " at " + point
                    + ": not a record position");
        }
        if (segs.isEmpty()) {
            throw new InvalidArgumentException("cannot truncate " + ctx.fullName() + " at " + point
                    + ": the log has no segments");
        }
        LogSegmentMetadata last = segs.get(segs.size() - 1).value();
        if (!inProgressAllowed && last.state() == SegmentState.INPROGRESS) {
            last = segs.size() > 1 ? segs.get(segs.size() - 2).value() : null;
            if (last == null || last.state() != SegmentState.COMPLETED) {
                throw new InvalidArgumentException("cannot truncate " + ctx.fullName() + " at " + point
                        + ": no completed segment; truncate through the writer");
            }
        }
        boolean pastEnd = point.segmentSequenceNumber() > last.sequenceNumber()
                || (last.state() != SegmentState.INPROGRESS && point.compareTo(last.lastDLSN()) > 0);
        if (pastEnd) {
            throw new InvalidArgumentException("cannot truncate " + ctx.fullName() + " at " + point
                    + ": past the last record of the log (last segment " + last.sequenceNumber() + " ends at "
                    + last.lastDLSN() + ")");
        }
    }
}
