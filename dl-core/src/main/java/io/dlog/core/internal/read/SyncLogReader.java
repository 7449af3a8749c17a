package io.dlog.core.internal.read;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.LogReader;
import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@link LogReader} over an {@link AsyncLogReader}. A read that times out stays pending and is the one the next
 * call waits for, so no record is skipped or read twice. Not for concurrent use.
 */
public final class SyncLogReader implements LogReader {
    private final AsyncLogReader async;
    private CompletableFuture<LogRecordWithDLSN> pending;

    /**
     * Wraps an asynchronous reader.
     *
     * @param async the reader, owned from now on
     */
    public SyncLogReader(AsyncLogReader async) {
        this.async = async;
    }

    @Override
    public LogRecordWithDLSN readNext(Duration timeout) throws DLException {
        if (pending == null) {
            pending = async.readNext();
        }
        try {
            LogRecordWithDLSN r = Futures.result(pending, timeout);
            pending = null;
            return r;
        } catch (DLException e) {
            if (e.code() == StatusCode.TIMEOUT && !pending.isDone()) {
                return null;
            }
            pending = null;
            throw e;
        }
    }

    @Override
    public void close() {
        async.close();
    }
}
