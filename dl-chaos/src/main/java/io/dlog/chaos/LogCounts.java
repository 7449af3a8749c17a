package io.dlog.chaos;

/**
 * What one log's history and final read contained.
 *
 * @param invoked              writes invoked
 * @param acked                writes acknowledged
 * @param failedDefinite       writes that failed definitely
 * @param indeterminate        writes with an unknown outcome (including those a dead client never completed)
 * @param indeterminatePresent indeterminate writes found in the final log
 * @param finalRecords         records in the final log
 * @param readSessions         reader sessions
 * @param recordsRead          records the reader sessions delivered
 */
public record LogCounts(long invoked, long acked, long failedDefinite, long indeterminate, long indeterminatePresent,
                        long finalRecords, long readSessions, long recordsRead) {
}
