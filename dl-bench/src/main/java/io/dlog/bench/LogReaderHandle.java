package io.dlog.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Reads one log from its first record, in order. Used by one thread at a time. */
interface LogReaderHandle extends AutoCloseable {

    /**
     * Reads the next records, waiting at the tail for at least one.
     *
     * @param max the most records to return
     * @return 1..max payloads, in log order (a raw-ledger reader returns a whole range read, which may be
     *         more; it returns an empty list past the ledger's end)
     */
    CompletableFuture<List<byte[]>> readBulk(int max);

    @Override
    void close() throws Exception;
}
