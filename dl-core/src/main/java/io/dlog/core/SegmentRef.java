package io.dlog.core;

import io.dlog.protocol.SegmentState;

/**
 * Names one segment of a log, in an {@link AuditReport}. Immutable and thread-safe.
 *
 * @param log the log
 * @param segment the segment sequence number
 * @param ledgerId its ledger, or -1 if the ledger was already released
 * @param state its state
 */
public record SegmentRef(String log, long segment, long ledgerId, SegmentState state) {
}
