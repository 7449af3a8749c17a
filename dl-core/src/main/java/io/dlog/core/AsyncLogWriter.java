package io.dlog.core;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The single writer of a log.
 *
 * <p><b>Ordering.</b> Records are appended in the order {@code write} is called; their DLSNs and txids increase
 * in that order and their futures complete in that order. A future completes only after the entry holding the
 * record was acknowledged by an ack quorum of bookies.
 *
 * <p><b>Failures.</b> Futures fail with the {@link io.dlog.protocol.DLException} itself, and its code says
 * whether the record was written (docs/writing.md has the table):
 * <ul>
 *   <li>Not written, writer usable: TOO_LARGE_RECORD, TRANSACTION_OUT_OF_ORDER, INVALID_ARGUMENT (bad txid or
 *       flags), OVER_CAPACITY.</li>
 *   <li>Not written, never sent: WRITE_CANCELLED_EXCEPTION (516), when the writer failed while the record waited
 *       to be sent (its cause is the writer's failure) or an earlier record of the same {@code writeBulk} failed.
 *       </li>
 *   <li>Not written, writer ended: END_OF_STREAM (sealed, or a seal requested), ALREADY_CLOSED (closed, or a
 *       close requested), and the writer's failure code for every write made after it failed.</li>
 *   <li>May have been written: WRITE_FENCED (another owner took the log, or the lock was lost) and
 *       BK_TRANSMIT_ERROR for a record whose entry was in flight when the writer failed; the next owner's
 *       recovery may keep it.</li>
 * </ul>
 * A writer that failed or was closed never acknowledges a write made after that.
 *
 * <p><b>Threads.</b> Thread-safe. Write futures complete on BookKeeper's thread for the segment's ledger, other
 * futures on the log's executor or the caller's thread; none is completed while the writer holds its lock, so a
 * callback may call the writer again. Do not block in callbacks. Cancelling a returned future does not cancel
 * the write.
 */
public interface AsyncLogWriter extends AutoCloseable {

    /** Returns the log's name. */
    String logName();

    /**
     * Appends a record.
     *
     * @param record the record; {@link LogRecord#of(byte[])} gets txid last + 1
     * @return the record's position once durable
     */
    CompletableFuture<DLSN> write(LogRecord record);

    /**
     * Appends records in order. Once one is refused, the records after it fail WRITE_CANCELLED_EXCEPTION (not
     * written) with the refusal as the cause; the records before it are written as usual. The records of one call
     * are gathered before any of them is sent, so those that fit in one record set ({@code writer.batch.max.bytes}
     * and what is left of the segment) share one entry.
     *
     * @param records the records
     * @return one future per record, in order
     */
    List<CompletableFuture<DLSN>> writeBulk(List<LogRecord> records);

    /**
     * Sends the current partial entry now instead of waiting for the flush interval.
     *
     * @return completes when every record written before the call is durable; fails with the writer's failure,
     *     or ALREADY_CLOSED once a close was requested
     */
    CompletableFuture<Void> flush();

    /**
     * Seals the log: writes the end-of-stream marker, then completes the segment and marks the log sealed in one
     * metadata transaction. Writes made after this call fail END_OF_STREAM at once, even while a roll is under
     * way (the seal then follows the roll and the writes accepted before it); readers fail END_OF_STREAM after the
     * last record.
     *
     * @return completes when the log is sealed
     */
    CompletableFuture<Void> markEndOfStream();

    /**
     * Truncates the log before a position: segments wholly before it are deleted; readers below it fail with
     * LOG_TRUNCATED.
     *
     * @param dlsn the first position to keep; must not be past the last acknowledged record (INVALID_ARGUMENT)
     * @return completes when the truncation point is recorded
     */
    CompletableFuture<Void> truncate(DLSN dlsn);

    /** Returns the txid of the last acknowledged record, or the last txid recovered at open (0 if none). */
    long getLastTxId();

    /** Returns the position of the last acknowledged record, or {@link DLSN#INVALID}. */
    DLSN getLastDLSN();

    /**
     * Flushes, waits for every pending write, seals the current segment and releases the write lock. Writes made
     * after this call fail ALREADY_CLOSED at once, even while a roll is under way. The lock is released whatever
     * happens.
     *
     * @return completes when the writer is closed, after every pending write has completed; completes
     *     exceptionally if the writer failed while the close was pending (WRITE_FENCED, BK_TRANSMIT_ERROR, ...)
     *     or the segment could not be ended
     */
    CompletableFuture<Void> asyncClose();

    /** Closes, waiting a bounded time for {@link #asyncClose()}. */
    @Override
    void close();
}
