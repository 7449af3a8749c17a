package io.dlog.core;

/**
 * What one retention pass over a namespace did. Immutable and thread-safe.
 *
 * @param ran false if the pass was skipped because another retention service held the namespace's retention
 *     lock (it is doing the work)
 * @param logsChecked the logs looked at
 * @param segmentsDeleted the segments whose ledgers were deleted (including leftovers of interrupted runs and
 *     truncations)
 * @param bytesDeleted the bytes of the segments released by the retention limits in this pass
 * @param logsFailed the logs whose check failed (logged at WARN; retried next pass)
 */
public record RetentionRun(boolean ran, int logsChecked, int segmentsDeleted, long bytesDeleted, int logsFailed) {
    /** A pass that did not run because another service holds the lock. */
    public static final RetentionRun SKIPPED = new RetentionRun(false, 0, 0, 0, 0);
}
