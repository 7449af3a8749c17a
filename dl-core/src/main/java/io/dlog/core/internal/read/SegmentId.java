package io.dlog.core.internal.read;

import io.dlog.protocol.LogSegmentMetadata;

/**
 * The identity of a segment: its sequence number and its ledger. An empty in-progress segment can be deleted
 * and its sequence number reused with another ledger, so the number alone does not name a segment.
 *
 * @param seq the sequence number
 * @param ledgerId the ledger
 */
public record SegmentId(long seq, long ledgerId) {

    public static SegmentId of(LogSegmentMetadata s) {
        return new SegmentId(s.sequenceNumber(), s.ledgerId());
    }

    @Override
    public String toString() {
        return seq + "/" + ledgerId;
    }
}
