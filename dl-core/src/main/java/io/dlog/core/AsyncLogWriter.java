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
 * <p><b>Failures.</b> Futures fail with the {@link io.dlog.protocol.DLException} itself:
 * TOO_LARGE_RECORD, TRANSACTION_OUT_OF_ORDER, INVALID_ARGUMENT (bad txid) and OVER_CAPACITY reject one record
 * and leave the writer usable. WRITE_FENCED (another owner took the log, or the lock was lost),
 * BK_TRANSMIT_ERROR, END_OF_STREAM and ALREADY_CLOSED end the writer: every pending and later write fails with
 * the same error. A record whose entry was in flight when the writer failed has an indeterminate outcome (it may
 * be present in the log); a record rejected before it was sent is never present.
 *
 * <p><b>Threads.</b> Thread-safe. Futures complete on the log's executor thread: do not block in callbacks.
 * Cancelling a returned future does not cancel the write.
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
     * Appends records in order. Once one fails, the rest fail with the same error.
     *
     * @param records the records
     * @return one future per record, in order
     */
    List<CompletableFuture<DLSN>> writeBulk(List<LogRecord> records);

    /**
     * Sends the current partial entry now instead of waiting for the flush interval.
     *
     * @return completes when every record written before the call is durable
     */
    CompletableFuture<Void> flush();

    /**
     * Seals the log: writes the end-of-stream marker and completes the segment. Later writes fail with
     * END_OF_STREAM; readers fail END_OF_STREAM after the last record.
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
     * Flushes, waits for every pending write, seals the current segment and releases the write lock.
     *
     * @return completes when the writer is closed; pending writes complete first
     */
    CompletableFuture<Void> asyncClose();

    /** Closes, waiting a bounded time for {@link #asyncClose()}. */
    @Override
    void close();
}
