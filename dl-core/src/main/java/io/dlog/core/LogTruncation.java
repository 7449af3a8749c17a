package io.dlog.core;

import io.dlog.core.internal.NamespaceImpl;
import io.dlog.core.internal.truncate.TruncationPoints;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;

/**
 * Truncation without a writer: for administrators and tools. (A writer truncates with
 * {@link AsyncLogWriter#truncate(DLSN)}.) Static methods only; blocking; thread-safe.
 *
 * <p>Truncation never bumps the log's epoch, so it is safe while a writer is open, and it never releases the
 * in-progress segment or the last segment.
 */
public interface LogTruncation {

    /**
     * Truncates a log before a position: segments wholly before it are deleted, the completed segment holding
     * it records it as its first readable position, and readers below it get LOG_TRUNCATED.
     *
     * @param namespace an open namespace built by {@link Namespace#builder()}
     * @param log the log
     * @param point the first position to keep; not past the last record of the log's last completed segment,
     *     unless it lies in the in-progress segment
     * @throws DLException INVALID_ARGUMENT (past the end), LOG_NOT_FOUND, INVALID_STREAM_NAME, ZOOKEEPER_ERROR,
     *     BK_TRANSMIT_ERROR; running it again after a failure resumes it
     */
    static void truncate(Namespace namespace, String log, DLSN point) throws DLException {
        TruncationPoints.truncate((NamespaceImpl) namespace, log, point);
    }

    /**
     * Truncates a log before the first record whose txid is at least {@code txid}, at segment granularity: every
     * segment whose last txid is below {@code txid} is deleted, and the segment holding the first such record
     * is kept whole (so records with a lower txid at its start remain readable).
     *
     * @param namespace an open namespace built by {@link Namespace#builder()}
     * @param log the log
     * @param txid the first txid to keep
     * @return the truncation point used (the first position of the kept segment)
     * @throws DLException INVALID_ARGUMENT if no completed segment holds a record with txid at least
     *     {@code txid}, LOG_NOT_FOUND, INVALID_STREAM_NAME, ZOOKEEPER_ERROR, BK_TRANSMIT_ERROR
     */
    static DLSN truncateBeforeTxId(Namespace namespace, String log, long txid) throws DLException {
        return TruncationPoints.truncateBeforeTxId((NamespaceImpl) namespace, log, txid);
    }

    /**
     * Resolves a txid to the truncation point {@link #truncateBeforeTxId} would use, without changing anything.
     *
     * @param namespace an open namespace built by {@link Namespace#builder()}
     * @param log the log
     * @param txid the first txid to keep
     * @return the first position of the first completed segment whose last txid is at least {@code txid}
     * @throws DLException INVALID_ARGUMENT, LOG_NOT_FOUND, INVALID_STREAM_NAME, ZOOKEEPER_ERROR
     */
    static DLSN pointForTxId(Namespace namespace, String log, long txid) throws DLException {
        return TruncationPoints.pointForTxId((NamespaceImpl) namespace, log, txid);
    }
}
