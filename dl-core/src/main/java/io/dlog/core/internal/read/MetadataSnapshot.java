package io.dlog.core.internal.read;

import io.dlog.protocol.LogSegmentMetadata;
import java.util.List;

/**
 * What a reader last read of its log's metadata.
 *
 * @param logExists false once the log is deleted (the other fields are then empty)
 * @param sealed whether the log is sealed (end of stream)
 * @param segments the segments, oldest first (in sequence order, each sequence number once)
 * @param loadId which read of the watch this is (increasing), to tell a read that began after an event from one
 *     that was already in flight
 * @param lastReleasedSeq the sequence number of the newest released (TRUNCATED) segment, or -1 if none is
 */
record MetadataSnapshot(boolean logExists, boolean sealed, List<LogSegmentMetadata> segments, long loadId,
        long lastReleasedSeq) {

    /**
     * A snapshot of these segments; the newest released one is found once here, not by every reader that looks
     * at the snapshot (1,000 readers of a 1,000-segment log scanned every segment at every roll: issue 13).
     */
    MetadataSnapshot(boolean logExists, boolean sealed, List<LogSegmentMetadata> segments, long loadId) {
        this(logExists, sealed, segments, loadId, seqOf(ReadPositions.lastReleased(segments)));
    }

    private static long seqOf(LogSegmentMetadata s) {
        return s == null ? -1 : s.sequenceNumber();
    }

    /**
     * Says whether segment {@code seq} or a later one was released, as {@link ReadPositions#releasedFrom} does.
     *
     * @param seq a segment sequence number
     * @return true if a released segment is at or above it
     */
    boolean releasedFrom(long seq) {
        return lastReleasedSeq >= 0 && lastReleasedSeq >= seq;
    }

    /**
     * Returns the segment with this identity, or null if it is not listed. A binary search (the segments are in
     * sequence order): every reader of a log looks its segment up in every snapshot, and a log may have thousands.
     */
    LogSegmentMetadata find(SegmentId id) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            LogSegmentMetadata s = segments.get(mid);
            if (s.sequenceNumber() < id.seq()) {
                lo = mid + 1;
            } else if (s.sequenceNumber() > id.seq()) {
                hi = mid - 1;
            } else {
                return s.ledgerId() == id.ledgerId() ? s : null;
            }
        }
        return null;
    }
}
