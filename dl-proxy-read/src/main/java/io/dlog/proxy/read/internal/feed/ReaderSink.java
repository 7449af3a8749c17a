package io.dlog.proxy.read.internal.feed;

import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.wire.ReadRecords;

/**
 * Where a subscriber's frames go (its connection). Calls for one subscriber are made under its feed's lock, in
 * the order the frames must arrive; an implementation keeps that order and never blocks.
 */
public interface ReaderSink {
    /**
     * The open succeeded: answer the {@code OPEN_READER} (before any record).
     *
     * @param start the start the proxy resolved, named in the answer; null for a start the client gave
     */
    void opened(DLSN start);

    /** Pushes a batch of records. */
    void records(ReadRecords batch);

    /**
     * The reader ended: answer the {@code OPEN_READER} with the failure if it was not answered yet, otherwise push
     * {@code READER_END}. No call for this subscriber follows.
     *
     * @param opened whether {@link #opened} was called
     * @param why the status
     */
    void ended(boolean opened, DLException why);
}
