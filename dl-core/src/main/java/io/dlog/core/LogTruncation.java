package io.dlog.core;

import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;

/**
 * Truncation without a writer: for administrators and tools, from {@link NamespaceAdmin#truncation()}. (A writer
 * truncates with {@link AsyncLogWriter#truncate(DLSN)}.) Every method blocks on ZooKeeper and BookKeeper: call
 * it from an application thread, never from a Netty event loop or a ZooKeeper or BookKeeper callback.
 * Thread-safe.
 *
 * <p>Truncation never bumps the log's epoch, so it is safe while a writer is open, and it never releases the
 * in-progress segment or the last segment. It applies only to the incarnation of the log it read: if the log is
 * deleted and re-created meanwhile, it changes nothing in the new log and fails with LOG_NOT_FOUND.
 */
public interface LogTruncation {

    /**
     * Truncates a log before a position: segments wholly before it are deleted, the completed segment holding
     * it records it as its first readable position, and readers below it get LOG_TRUNCATED.
     *
     * @param log the log
     * @param point the first position to keep; not past the last record of the log's last completed segment,
     *     unless it lies in the in-progress segment
     * @throws DLException INVALID_ARGUMENT (past the end), LOG_NOT_FOUND, INVALID_STREAM_NAME, ZOOKEEPER_ERROR,
     *     BK_TRANSMIT_ERROR, ALREADY_CLOSED; running it again after a failure resumes it
     */
    void truncate(String log, DLSN point) throws DLException;

    /**
     * Truncates a log before the first record whose txid is at least {@code txid}, at segment granularity: every
     * segment whose last txid is below {@code txid} is deleted, and the segment holding the first such record
     * is kept whole (so records with a lower txid at its start remain readable).
     *
     * @param log the log
     * @param txid the first txid to keep
     * @return the truncation point used (the first position of the kept segment)
     * @throws DLException INVALID_ARGUMENT if no completed segment holds a record with txid at least
     *     {@code txid}, LOG_NOT_FOUND, INVALID_STREAM_NAME, ZOOKEEPER_ERROR, BK_TRANSMIT_ERROR, ALREADY_CLOSED
     */
    DLSN truncateBeforeTxId(String log, long txid) throws DLException;

    /**
     * Resolves a txid to the truncation point {@link #truncateBeforeTxId} would use, without changing anything.
     *
     * @param log the log
     * @param txid the first txid to keep
     * @return the first position of the first completed segment whose last txid is at least {@code txid}
     * @throws DLException INVALID_ARGUMENT, LOG_NOT_FOUND, INVALID_STREAM_NAME, ZOOKEEPER_ERROR, ALREADY_CLOSED
     */
    DLSN pointForTxId(String log, long txid) throws DLException;
}
