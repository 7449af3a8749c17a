package io.dlog.protocol;

import java.util.Objects;

/**
 * What dlog knows about one segment (one BookKeeper ledger) of a log. Immutable and thread-safe.
 *
 * <p>For an {@link SegmentState#INPROGRESS} segment the last txid, last DLSN, record count and bytes are not
 * final: they hold what was known when the segment started ({@link DLSN#INVALID} and {@code -1} txids until
 * the segment completes).
 *
 * @param sequenceNumber the segment's sequence number, from 1, strictly increasing along the log
 * @param ledgerId the BookKeeper ledger that holds the segment's entries
 * @param state the lifecycle state
 * @param firstTxId the txid of the segment's first record, or -1 if it has none yet
 * @param lastTxId the txid of the segment's last record, or -1 if unknown or empty
 * @param firstDLSN the position of the segment's first record ({@code seq:0:0})
 * @param lastDLSN the position of the segment's last record, or {@link DLSN#INVALID} if unknown or empty
 * @param recordCount the number of application records, or 0 while in progress
 * @param bytes the ledger's length in bytes, or 0 while in progress
 * @param createdAtMillis when the segment was started (the writer's clock)
 * @param completedAtMillis when it was sealed, or 0 while in progress
 * @param minActiveDLSN the first readable position after a truncation inside this segment; equals firstDLSN
 *     when nothing of the segment is truncated
 */
public record LogSegmentMetadata(
        long sequenceNumber,
        long ledgerId,
        SegmentState state,
        long firstTxId,
        long lastTxId,
        DLSN firstDLSN,
        DLSN lastDLSN,
        long recordCount,
        long bytes,
        long createdAtMillis,
        long completedAtMillis,
        DLSN minActiveDLSN) {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the sequence number is not positive or counts are negative
     */
    public LogSegmentMetadata {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(firstDLSN, "firstDLSN");
        Objects.requireNonNull(lastDLSN, "lastDLSN");
        Objects.requireNonNull(minActiveDLSN, "minActiveDLSN");
        if (sequenceNumber < 1) {
            throw new IllegalArgumentException("segment sequence number must be >= 1: " + sequenceNumber);
        }
        if (recordCount < 0 || bytes < 0) {
            throw new IllegalArgumentException("record count and bytes must not be negative");
        }
    }

    /**
     * Describes a segment that has just been started.
     *
     * @param seq its sequence number
     * @param ledgerId its ledger
     * @param firstTxId the txid its first record will have at the least, or -1
     * @param createdAtMillis the start time
     * @return the in-progress metadata
     */
    public static LogSegmentMetadata inProgress(long seq, long ledgerId, long firstTxId, long createdAtMillis) {
        DLSN first = new DLSN(seq, 0, 0);
        return new LogSegmentMetadata(seq, ledgerId, SegmentState.INPROGRESS, firstTxId, -1, first, DLSN.INVALID,
                0, 0, createdAtMillis, 0, first);
    }

    /**
     * Returns this segment sealed with its final figures.
     *
     * @param firstTxId txid of the first record, or -1 if empty
     * @param lastTxId txid of the last record, or -1 if empty
     * @param lastDLSN position of the last record
     * @param recordCount number of application records
     * @param bytes ledger length in bytes
     * @param completedAtMillis the sealing time
     * @return the completed metadata
     */
    public LogSegmentMetadata complete(long firstTxId, long lastTxId, DLSN lastDLSN, long recordCount,
            long bytes, long completedAtMillis) {
        return new LogSegmentMetadata(sequenceNumber, ledgerId, SegmentState.COMPLETED, firstTxId, lastTxId,
                firstDLSN, lastDLSN, recordCount, bytes, createdAtMillis, completedAtMillis, minActiveDLSN);
    }

    /** Returns this segment with a new state. */
    public LogSegmentMetadata withState(SegmentState newState) {
        return new LogSegmentMetadata(sequenceNumber, ledgerId, newState, firstTxId, lastTxId, firstDLSN,
                lastDLSN, recordCount, bytes, createdAtMillis, completedAtMillis, minActiveDLSN);
    }

    /** Returns this segment with a new first readable position. */
    public LogSegmentMetadata withMinActiveDLSN(DLSN dlsn) {
        return new LogSegmentMetadata(sequenceNumber, ledgerId, state, firstTxId, lastTxId, firstDLSN, lastDLSN,
                recordCount, bytes, createdAtMillis, completedAtMillis, dlsn);
    }

    /** Returns whether the segment is still being written. */
    public boolean isInProgress() {
        return state == SegmentState.INPROGRESS;
    }
}
