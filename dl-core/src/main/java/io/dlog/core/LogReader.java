package io.dlog.core;

import io.dlog.protocol.DLException;
import io.dlog.protocol.LogRecordWithDLSN;
import java.time.Duration;

/** A synchronous wrapper of {@link AsyncLogReader}. Not meant for concurrent use by several threads. */
public interface LogReader extends AutoCloseable {

    /**
     * Reads the next record.
     *
     * @param timeout how long to wait at the tail
     * @return the record, or null if none became durable within the timeout
     * @throws DLException END_OF_STREAM, LOG_TRUNCATED, LOG_SEGMENT_NOT_FOUND, LOG_READ_ERROR, LOG_NOT_FOUND,
     *     ALREADY_CLOSED (as {@link AsyncLogReader} fails)
     */
    LogRecordWithDLSN readNext(Duration timeout) throws DLException;

    /** Closes the reader. */
    @Override
    void close();
}
