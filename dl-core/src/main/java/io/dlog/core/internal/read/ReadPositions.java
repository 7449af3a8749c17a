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
     * Fails if a position lies below the truncation point.
     *
     * @param logName the log, for the message
     * @param segments the log's segments, oldest first
     * @param position the position asked for
     * @throws LogTruncatedException naming the first readable position
     */
    public static void checkNotTruncated(String logName, List<LogSegmentMetadata> segments, DLSN position)
            throws LogTruncatedException {
        DLSN first = truncationPoint(segments);
        if (first != null && position.compareTo(first) < 0) {
            throw new LogTruncatedException("position " + position + " of log " + logName
                    + " is truncated; the first readable position is " + first);
        }
    }

    /**
     * Chooses the segment to read next: the first one, not truncated, with a sequence number at or above
     * {@code fromSeq} that the reader has not finished.
     *
     * @param segments the log's segments, oldest first
     * @param fromSeq the sequence number of the reader's position
     * @param done the segments the reader has finished (or seen vanish)
     * @return the segment, or null if there is none yet
     */
    public static LogSegmentMetadata nextSegment(List<LogSegmentMetadata> segments, long fromSeq, Set<SegmentId> done) {
        for (LogSegmentMetadata s : segments) {
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

    /**
     * Returns the first position of a segment a reader may deliver: the later of the reader's start and the
     * segment's first untruncated position.
     */
    public static DLSN deliverFrom(LogSegmentMetadata s, DLSN start) {
        DLSN min = s.minActiveDLSN();
        return start.compareTo(min) >= 0 ? start : min;
    }

    /** Returns the entry of segment {@code s} to start reading at, for a reader whose start is {@code from}. */
    public static long startEntry(LogSegmentMetadata s, DLSN from) {
        return from.segmentSequenceNumber() == s.sequenceNumber() ? from.entryId() : 0;
    }
}
