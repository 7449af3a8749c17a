package io.dlog.core.internal.read;

import io.dlog.protocol.LogSegmentMetadata;
import java.util.List;

/**
 * What a reader last read of its log's metadata.
 *
 * @param logExists false once the log is deleted (the other fields are then empty)
 * @param sealed whether the log is sealed (end of stream)
 * @param segments the segments, oldest first
 * @param loadId which read of the watch this is (increasing), to tell a read that began after an event from one
 *     that was already in flight
 */
record MetadataSnapshot(boolean logExists, boolean sealed, List<LogSegmentMetadata> segments, long loadId) {

    /** Returns the segment with this identity, or null if it is not listed. */
    LogSegmentMetadata find(SegmentId id) {
        for (LogSegmentMetadata s : segments) {
            if (s.sequenceNumber() == id.seq() && s.ledgerId() == id.ledgerId()) {
                return s;
            }
        }
        return null;
    }
}
