package io.dlog.client;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads one stream through the read proxies, in order, following the tail: the remote counterpart of dl-core's
 * {@code AsyncLogReader}, with the same guarantees and status codes. Opened by {@link DLClient#openReader} (or
 * {@link DLClient#subscribe}, for a durable subscription).
 *
 * <p>Each record is delivered exactly once, in DLSN order, with no gap, also when the reader's read proxy dies or
 * stops: it then reopens on the next read proxy of the ring after the last record it received. Futures fail with
 * {@code END_OF_STREAM} after the last record of a sealed log, {@code LOG_TRUNCATED} when a segment it still needed
 * was truncated, {@code LOG_NOT_FOUND} when the log is deleted, {@code READ_CANCELLED_EXCEPTION} once closed, and
 * {@code SERVICE_UNAVAILABLE} when no read proxy could serve it within the client's request timeout. Records
 * received before a failure are delivered first.
 *
 * <p>Flow control: the proxy pushes at most the client's reader window ahead of what the application has read, so
 * a reader that is not read holds bounded memory; one left unread for the proxy's credit timeout is dropped by the
 * proxy and reopened (after the last record received) when the application reads again.
 *
 * <p>Thread-safe; calls are served in the order made. Futures complete on the client's callback thread.
 */
public interface StreamReader {
    /** Returns the stream's name. */
    String stream();

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

    /**
     * Commits the position of the reader's durable subscription ({@link DLClient#subscribe}): a later subscriber
     * resumes after it. Commits only move forward. Wait for the answer before closing the reader: the subscription's
     * lock goes with the reader.
     *
     * @param position the last position consumed (normally the DLSN of the last record processed)
     * @return the subscription's stored position afterwards; fails with INVALID_ARGUMENT (not a subscription
     *     reader), SERVICE_UNAVAILABLE (the reader is reconnecting to a read proxy: retry), LOCKING_EXCEPTION (the
     *     proxy lost the lock), READ_CANCELLED_EXCEPTION (closed)
     */
    CompletableFuture<DLSN> commit(DLSN position);

    /**
     * Closes the reader; pending reads fail with {@code READ_CANCELLED_EXCEPTION}.
     *
     * @return completes when the proxy has been told (or at once when the reader is not connected)
     */
    CompletableFuture<Void> asyncClose();
}
