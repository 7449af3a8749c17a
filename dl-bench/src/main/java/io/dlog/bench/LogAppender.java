package io.dlog.bench;

import java.util.concurrent.CompletableFuture;

/**
 * Appends records to one log. {@link #append} is called by one thread at a time, in order; the futures may
 * complete on any thread.
 */
interface LogAppender extends AutoCloseable {

    /**
     * Appends one record.
     *
     * @param payload the record's bytes; not modified by the caller afterwards
     * @return completes when the record is durable (acknowledged by the ack quorum)
     */
    CompletableFuture<?> append(byte[] payload);

    /** Waits for pending appends and closes (seals) the log. */
    @Override
    void close() throws Exception;
}
