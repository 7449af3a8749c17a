package io.dlog.core.internal.write;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.BulkWriteException;
import io.dlog.core.LogWriter;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.StatusCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link LogWriter} over an {@link AsyncLogWriter}: each call waits for its acknowledgement. Thread-safe. */
public final class SyncLogWriter implements LogWriter {
    private static final Duration WAIT = Duration.ofMinutes(2);

    private final AsyncLogWriter async;

    /**
     * Wraps an asynchronous writer.
     *
     * @param async the writer, owned from now on
     */
    public SyncLogWriter(AsyncLogWriter async) {
        this.async = async;
    }

    @Override
    public DLSN write(LogRecord record) throws DLException {
        return Futures.result(async.write(record), WAIT);
    }

    @Override
    public List<DLSN> writeBulk(List<LogRecord> records) throws DLException {
        List<DLSN> out = new ArrayList<>(records.size());
        DLException first = null;
        for (CompletableFuture<DLSN> f : async.writeBulk(records)) {
            try {
                out.add(Futures.result(f, WAIT));
            } catch (DLException e) {
                if (e.code() == StatusCode.TIMEOUT || e.code() == StatusCode.INTERRUPTED) {
                    throw e;
                }
                out.add(null);
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw new BulkWriteException(first, out);
        }
        return out;
    }

    @Override
    public void markEndOfStream() throws DLException {
        Futures.result(async.markEndOfStream(), WAIT);
    }

    @Override
    public void truncate(DLSN dlsn) throws DLException {
        Futures.result(async.truncate(dlsn), WAIT);
    }

    @Override
    public long getLastTxId() {
        return async.getLastTxId();
    }

    @Override
    public AsyncLogWriter async() {
        return async;
    }

    @Override
    public void close() {
        async.close();
    }
}
