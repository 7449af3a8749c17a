package io.dlog.core.internal.retention;

import io.dlog.core.RetentionPolicy;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import java.util.ArrayList;
import java.util.List;

/**
 * Which segments of a log retention releases, decided from its segment list and one clock. Stateless.
 *
 * <p>Candidates are the COMPLETED segments before the last COMPLETED one, oldest first; the first candidate that
 * neither limit releases ends the prefix. A segment's age is {@code now - max(completedAt, zkModified)}, where
 * {@code completedAt} is the writer's stamp and {@code zkModified} is when ZooKeeper committed the completion (on
 * the ZooKeeper leader's clock), looked up only for segments that look old by the writer's stamp.
 */
public final class RetentionDecision {
    private RetentionDecision() {
    }

    /** Looks up when ZooKeeper last changed a segment's znode (-1 if unknown). */
    @FunctionalInterface
    public interface ModifiedTime {
        /**
         * Returns the time.
         *
         * @param seq the segment
         * @return epoch milliseconds, or -1
         */
        long of(long seq) throws DLException;
    }

    /**
     * Decides what to release.
     *
     * @param segs the log's segments, oldest first
     * @param policy the limits
     * @param nowMillis the service's clock
     * @param modified the ZooKeeper modification time of a segment
     * @param skew receives segments whose writer stamp is more than a minute off ZooKeeper's or the service's
     * @return the segments to release, oldest first
     */
    public static List<Versioned<LogSegmentMetadata>> decide(List<Versioned<LogSegmentMetadata>> segs,
            RetentionPolicy policy, long nowMillis, ModifiedTime modified, SkewListener skew) throws DLException {
        return decide(segs, policy, nowMillis, modified, skew, null);
    }

    /**
     * Decides what to release, never a segment holding a record after {@code consumedUpTo}.
     *
     * @param segs the log's segments, oldest first
     * @param policy the limits
     * @param nowMillis the service's clock
     * @param modified the ZooKeeper modification time of a segment
     * @param skew receives segments whose writer stamp is more than a minute off ZooKeeper's or the service's
     * @param consumedUpTo the slowest subscription's committed position ({@link DLSN#INVALID}: nothing consumed),
     *     or null for no such bound
     * @return the segments to release, oldest first
     */
    public static List<Versioned<LogSegmentMetadata>> decide(List<Versioned<LogSegmentMetadata>> segs,
            RetentionPolicy policy, long nowMillis, ModifiedTime modified, SkewListener skew, DLSN consumedUpTo)
            throws DLException {
        List<Versioned<LogSegmentMetadata>> release = new ArrayList<>();
        if (!policy.isEnabled()) {
            return release;
        }
        int lastCompleted = -1;
        long total = 0;
        for (int i = 0; i < segs.size(); i++) {
            LogSegmentMetadata s = segs.get(i).value();
            if (s.state() == SegmentState.COMPLETED) {
                lastCompleted = i;
            }
            if (s.state() != SegmentState.TRUNCATED) {
                total += s.bytes();
            }
        }
        for (int i = 0; i < lastCompleted; i++) {
            Versioned<LogSegmentMetadata> v = segs.get(i);
            LogSegmentMetadata s = v.value();
            if (s.state() == SegmentState.TRUNCATED) {
                continue;
            }
            if (s.state() != SegmentState.COMPLETED) {
                break;
            }
            if (consumedUpTo != null && s.recordCount() > 0 && s.lastDLSN().compareTo(consumedUpTo) > 0) {
                break; // a subscription has not consumed this segment yet
            }
            boolean bySize = policy.retentionBytes() >= 0 && total > policy.retentionBytes();
            if (!bySize && !(policy.retentionMs() >= 0 && isOld(s, policy.retentionMs(), nowMillis, modified, skew))) {
                break;
            }
            release.add(v);
            total -= s.bytes();
        }
        return release;
    }

    private static boolean isOld(LogSegmentMetadata s, long retentionMs, long now, ModifiedTime modified,
            SkewListener skew) throws DLException {
        long stamped = s.completedAtMillis();
        if (stamped - now > SkewListener.THRESHOLD_MS) {
            skew.skewed(s, stamped - now);
        }
        if (now - stamped <= retentionMs) {
            return false; // young by the writer's own stamp (or stamped in our future): keep
        }
        long zkTime = modified.of(s.sequenceNumber());
        if (zkTime - stamped > SkewListener.THRESHOLD_MS) {
            skew.skewed(s, stamped - zkTime);
        }
        return now - Math.max(stamped, zkTime) > retentionMs;
    }
}
