package io.dlog.core.internal.read;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.LogTruncatedException;
import io.dlog.protocol.SegmentState;
import java.util.List;
import java.util.Set;

/**
 * Where a reader starts and which segment it reads next, decided from a segment list alone (no I/O). Stateless.
 */
public final class ReadPositions {
    private ReadPositions() {
    }

    /**
     * Returns the first readable position when something was truncated, or null when nothing was. Truncation is
     * known from TRUNCATED segments or a first segment whose {@code minActiveDLSN} is past its first DLSN; a log
     * whose first segment is not number 1 because an empty segment was deleted was not truncated.
     *
     * @param segments the log's segments, oldest first
     * @return the truncation point, or null
     */
    public static DLSN truncationPoint(List<LogSegmentMetadata> segments) {
        boolean truncated = false;
        long lastSeq = 0;
        for (LogSegmentMetadata s : segments) {
            lastSeq = s.sequenceNumber();
            if (s.state() == SegmentState.TRUNCATED) {
                truncated = true;
                continue;
            }
            if (truncated || s.minActiveDLSN().compareTo(s.firstDLSN()) > 0) {
                return s.minActiveDLSN();
            }
            return null;
        }
        return truncated ? new DLSN(lastSeq + 1, 0, 0) : null;
    }

    /**
     * Returns the first readable position: the later of the point the segments show and the point recorded in
     * {@code <log>/truncation} (which can lie in the in-progress segment before any segment shows it).
     *
     * @param segments the log's segments, oldest first
     * @param recorded the recorded truncation point, or null
     * @return the truncation point, or null if nothing was truncated
     */
    public static DLSN firstReadable(List<LogSegmentMetadata> segments, DLSN recorded) {
        DLSN shown = truncationPoint(segments);
        if (shown == null) {
            return recorded;
        }
        return recorded == null || shown.compareTo(recorded) >= 0 ? shown : recorded;
    }

    /**
     * Fails if a position lies below the truncation point.
     *
     * @param logName the log, for the message
     * @param first the first readable position, or null if nothing was truncated
     * @param position the position asked for
     * @throws LogTruncatedException naming the first readable position
     */
    public static void checkNotTruncated(String logName, DLSN first, DLSN position) throws LogTruncatedException {
        if (first != null && position.compareTo(first) < 0) {
            throw truncated(logName, "position " + position, first);
        }
    }

    /** Returns the LOG_TRUNCATED failure for something below the first readable position. */
    static LogTruncatedException truncated(String logName, String what, DLSN first) {
        return new LogTruncatedException(what + " of log " + logName + " is truncated; the first readable "
                + "position is " + first);
    }

    /**
     * Returns the newest TRUNCATED segment: truncation and retention release a prefix of the log, so every
     * segment at or below it was released, and its last txid is the last txid released.
     *
     * @param segments the log's segments, oldest first
     * @return the segment, or null if none is TRUNCATED
     */
    static LogSegmentMetadata lastReleased(List<LogSegmentMetadata> segments) {
        LogSegmentMetadata found = null;
        for (LogSegmentMetadata s : segments) {
            if (s.state() == SegmentState.TRUNCATED) {
                found = s;
            }
        }
        return found;
    }

    /**
     * Says whether segment {@code seq} or a later one was released (truncation and retention release a prefix, so
     * a released segment at or above {@code seq} means segment {@code seq}, if it had records, is gone).
     */
    static boolean releasedFrom(List<LogSegmentMetadata> segments, long seq) {
        LogSegmentMetadata r = lastReleased(segments);
        return r != null && r.sequenceNumber() >= seq;
    }

    /**
     * Chooses the segment to read next: the first one with a sequence number at or above {@code fromSeq} that
     * the reader has not finished. Released (TRUNCATED) segments are never chosen; the reader checks
     * {@link #releasedFrom} first, so it fails instead of skipping them.
     *
     * @param segments the log's segments, oldest first
     * @param fromSeq the sequence number of the reader's position
     * @param done the segments the reader has finished (or seen vanish)
     * @return the segment, or null if there is none yet
     */
    public static LogSegmentMetadata nextSegment(List<LogSegmentMetadata> segments, long fromSeq, Set<SegmentId> done) {
        // from the first segment at or above fromSeq, found by binary search: every reader of a log calls this at
        // every segment it finishes, and a log may have thousands of segments before it
        int lo = 0;
        int hi = segments.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (segments.get(mid).sequenceNumber() < fromSeq) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i < segments.size(); i++) {
            LogSegmentMetadata s = segments.get(i);
            if (s.state() != SegmentState.TRUNCATED && s.sequenceNumber() >= fromSeq
                    && !done.contains(SegmentId.of(s))) {
                return s;
            }
        }
        return null;
    }

    /**
     * Chooses the segment that holds the first record whose txid is at least {@code txid}: the first completed
     * segment with records whose last txid is at least it, else the in-progress segment.
     *
     * @param segments the log's segments, oldest first
     * @param txid the txid asked for
     * @return the segment to search, or null if the record would be written to a later segment
     */
    public static LogSegmentMetadata segmentForTxId(List<LogSegmentMetadata> segments, long txid) {
        for (LogSegmentMetadata s : segments) {
            if (s.isInProgress()) {
                return s;
            }
            if (s.state() == SegmentState.COMPLETED && s.recordCount() > 0 && s.lastTxId() >= txid) {
                return s;
            }
        }
        return null;
    }

    /** Returns the position just after every segment of the list: where the next segment will start. */
    public static DLSN afterLast(List<LogSegmentMetadata> segments) {
        long lastSeq = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).sequenceNumber();
        return new DLSN(lastSeq + 1, 0, 0);
    }

    /** Returns the entry of segment {@code s} to start reading at, for a reader whose start is {@code from}. */
    public static long startEntry(LogSegmentMetadata s, DLSN from) {
        return from.segmentSequenceNumber() == s.sequenceNumber() ? from.entryId() : 0;
    }
}
