package io.dlog.core;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a log in order, from a start position, following the tail.
 *
 * <p>Each record is delivered exactly once per reader, in DLSN order, with no gap; only durable records are
 * delivered, and control records never are. Calls are served in the order made. Futures fail with
 * END_OF_STREAM after the last record of a sealed log, LOG_TRUNCATED when a segment the reader still needed was
 * released (after the records already read; a reader never skips), LOG_SEGMENT_NOT_FOUND when a segment's ledger
 * is gone although the metadata references it, LOG_READ_ERROR when BookKeeper kept failing, LOG_NOT_FOUND when
 * the log is deleted, and READ_CANCELLED_EXCEPTION / ALREADY_CLOSED when the reader is closed. Thread-safe; futures complete on the reader's executor: do not block in callbacks.
 */
public interface AsyncLogReader extends AutoCloseable {

    /** Returns the log's name. */
    String logName();

    /**
     * Reads the next record, waiting at the tail until one is durable.
     *
     * @return the record
     */
    CompletableFuture<LogRecordWithDLSN> readNext();

    /**
     * Reads up to {@code maxRecords} records, waiting until at least one is available.
     *
     * @param maxRecords 1 or more
     * @return 1..maxRecords records, in order
     */
    CompletableFuture<List<LogRecordWithDLSN>> readBulk(int maxRecords);

    /** Returns the position the reader was opened at. */
    DLSN startPosition();

    /**
     * Closes the reader; pending reads fail with READ_CANCELLED_EXCEPTION.
     *
     * @return completes when the reader's resources are released
     */
    CompletableFuture<Void> asyncClose();

    /** Closes, waiting a bounded time. */
    @Override
    void close();
}
