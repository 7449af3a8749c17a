package io.dlog.core;

import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogSegmentMetadata;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on one log: opens its writers and readers, and answers questions about it.
 *
 * <p>Thread-safe. Closing it closes every writer and reader it opened.
 *
 * <p>Blocking: {@link #openLogWriter}, {@link #openLogReader}, {@link #getFirstDLSN}, {@link #getLastDLSN},
 * {@link #getLastTxId}, {@link #getLogRecordCount} and {@link #getLogSegments} wait for ZooKeeper (and for the
 * in-progress segment, BookKeeper); never call them from a Netty event loop or a ZooKeeper or BookKeeper
 * callback. The methods returning a {@code CompletableFuture} never block the caller; they complete on a thread
 * of the namespace, so a continuation that blocks should move to its own executor.
 */
public interface LogManager extends AutoCloseable {

    /** Returns the log's name. */
    String name();

    /**
     * Opens the log's single writer: creates the log if it is missing and {@code log.create.if.missing}
     * allows, takes the write lock (waiting up to {@code writer.lock.timeout.ms}), recovers and fences any
     * segment a previous owner left in progress, and starts a new segment.
     *
     * @return the writer; fails with LOCKING_EXCEPTION, LOG_NOT_FOUND, ZOOKEEPER_ERROR, BK_TRANSMIT_ERROR
     */
    CompletableFuture<AsyncLogWriter> openAsyncLogWriter();

    /**
     * Opens a synchronous writer (see {@link #openAsyncLogWriter()}).
     *
     * @return the writer
     * @throws DLException as {@link #openAsyncLogWriter()} fails
     */
    LogWriter openLogWriter() throws DLException;

    /**
     * Opens a reader at a position.
     *
     * @param from the first position to read; records at or after it are delivered
     * @return the reader; fails with LOG_NOT_FOUND, or LOG_TRUNCATED if {@code from} is below the truncation
     *     point (wherever it lies, the in-progress segment included), naming the first readable position. An open
     *     reader never skips records: if a segment it still needs is released, it fails LOG_TRUNCATED after the
     *     records it already read; a segment whose ledger is gone fails it LOG_SEGMENT_NOT_FOUND
     */
    CompletableFuture<AsyncLogReader> openAsyncLogReader(DLSN from);

    /**
     * Opens a reader at the first record whose txid is at least {@code fromTxId}.
     *
     * @param fromTxId the txid
     * @return the reader, started at that record (not at its entry); fails with LOG_NOT_FOUND, INVALID_ARGUMENT
     *     for a negative txid, or LOG_TRUNCATED if that record was truncated (the same rule as for a DLSN)
     */
    CompletableFuture<AsyncLogReader> openAsyncLogReader(long fromTxId);

    /**
     * Opens a synchronous reader at a position.
     *
     * @param from the first position to read
     * @return the reader
     * @throws DLException as {@link #openAsyncLogReader(DLSN)} fails
     */
    LogReader openLogReader(DLSN from) throws DLException;

    /**
     * Returns the position of the first readable record: the first record that is not truncated, or the
     * truncation point if it lies further on. A reader opened there does not fail LOG_TRUNCATED (unless the log
     * is truncated again meanwhile), so this is where "from the start" begins.
     *
     * @return the position
     * @throws DLException LOG_NOT_FOUND, LOG_EMPTY
     */
    DLSN getFirstDLSN() throws DLException;

    /**
     * Returns the position of the last durable record (the recovered end, or the last-add-confirmed).
     *
     * @return the position
     * @throws DLException LOG_NOT_FOUND, LOG_EMPTY
     */
    DLSN getLastDLSN() throws DLException;

    /**
     * Returns the txid of the last durable record.
     *
     * @return the txid
     * @throws DLException LOG_NOT_FOUND, LOG_EMPTY
     */
    long getLastTxId() throws DLException;

    /**
     * Returns the number of readable application records: the durable ones at or after {@link #getFirstDLSN()}
     * (records below a truncation point do not count, even before their segments are released).
     *
     * @return the count (0 for an empty log)
     * @throws DLException LOG_NOT_FOUND
     */
    long getLogRecordCount() throws DLException;

    /**
     * Returns the log's segments, oldest first.
     *
     * @return the segments
     * @throws DLException LOG_NOT_FOUND
     */
    List<LogSegmentMetadata> getLogSegments() throws DLException;

    /**
     * Says who holds the log's write lock (a writer of this or another process, or a write proxy).
     *
     * @return the holder, or empty when no writer holds the log
     * @throws DLException ZOOKEEPER_ERROR
     */
    Optional<LockOwner> getLockOwner() throws DLException;

    /**
     * Returns the position of the first readable record without blocking the caller.
     *
     * @return the position; fails with LOG_NOT_FOUND, LOG_EMPTY, ALREADY_CLOSED
     */
    CompletableFuture<DLSN> getFirstDLSNAsync();

    /**
     * Returns the position of the last durable record without blocking the caller.
     *
     * @return the position; fails with LOG_NOT_FOUND, LOG_EMPTY, ALREADY_CLOSED
     */
    CompletableFuture<DLSN> getLastDLSNAsync();

    /**
     * Returns the txid of the last durable record without blocking the caller.
     *
     * @return the txid; fails with LOG_NOT_FOUND, LOG_EMPTY, ALREADY_CLOSED
     */
    CompletableFuture<Long> getLastTxIdAsync();

    /**
     * Returns the number of readable application records without blocking the caller.
     *
     * @return the count; fails with LOG_NOT_FOUND, ALREADY_CLOSED
     */
    CompletableFuture<Long> getLogRecordCountAsync();

    /**
     * Returns the log's segments, oldest first, without blocking the caller.
     *
     * @return the segments; fails with LOG_NOT_FOUND, ALREADY_CLOSED
     */
    CompletableFuture<List<LogSegmentMetadata>> getLogSegmentsAsync();

    /**
     * Returns the log's durable subscriptions: committed positions in ZooKeeper, and readers that resume after
     * them under a per-subscription read lock. Never blocks.
     *
     * @return the subscriptions of this log
     */
    Subscriptions subscriptions();

    /** Closes the writers and readers opened through this handle. */
    @Override
    void close();
}
