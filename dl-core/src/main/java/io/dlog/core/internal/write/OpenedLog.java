package io.dlog.core.internal.write;

import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.protocol.DLSN;

/**
 * What opening a writer established: the owner's log-znode version, the recovered end, and the new segment.
 *
 * @param logVersion the log znode's version after this owner bumped the epoch
 * @param logInfo the log znode's value
 * @param lastTxId the highest txid in the log (0 if none)
 * @param lastDLSN the position of the last record, or {@link DLSN#INVALID}
 * @param segment the new in-progress segment, or null when the log is sealed
 */
record OpenedLog(int logVersion, LogInfo logInfo, long lastTxId, DLSN lastDLSN, SegmentWriter segment) {
}
