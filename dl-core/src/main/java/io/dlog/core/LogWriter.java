package io.dlog.core;

import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import java.util.List;

/**
 * A synchronous wrapper of {@link AsyncLogWriter}: each call waits for the acknowledgement. Thread-safe.
 */
public interface LogWriter extends AutoCloseable {

    /**
     * Appends a record and waits until it is durable.
     *
     * @param record the record
     * @return its position
     * @throws DLException as {@link AsyncLogWriter#write(LogRecord)} fails, or TIMEOUT
     */
    DLSN write(LogRecord record) throws DLException;

    /**
     * Appends records in order and waits for all. When one fails, the records before it may still have been
     * written: the thrown {@link BulkWriteException} carries, for each record, its DLSN if it was acknowledged.
     *
     * @param records the records
     * @return their positions
     * @throws BulkWriteException with the first failure's code (and the failure as its cause) and the DLSN of
     *     every record that was written
     * @throws DLException TIMEOUT if the acknowledgements do not come in time
     */
    List<DLSN> writeBulk(List<LogRecord> records) throws DLException;

    /**
     * Seals the log.
     *
     * @throws DLException as {@link AsyncLogWriter#markEndOfStream()} fails
     */
    void markEndOfStream() throws DLException;

    /**
     * Truncates the log before a position.
     *
     * @param dlsn the first position to keep
     * @throws DLException as {@link AsyncLogWriter#truncate(DLSN)} fails
     */
    void truncate(DLSN dlsn) throws DLException;

    /** Returns the txid of the last acknowledged record. */
    long getLastTxId();

    /** Returns the underlying asynchronous writer. */
    AsyncLogWriter async();

    /** Closes the writer (see {@link AsyncLogWriter#asyncClose()}). */
    @Override
    void close();
}
