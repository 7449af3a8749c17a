package io.dlog.core.internal.read;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.internal.LogContext;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.StatusCode;
import java.util.concurrent.CompletableFuture;

/** Opens readers. */
public final class ReaderOpener {
    private ReaderOpener() {
    }

    /** Opens a reader at a position. */
    public static CompletableFuture<AsyncLogReader> open(LogContext ctx, DLSN from) {
        return Futures.failed(new DLException(StatusCode.NOT_IMPLEMENTED, "readers are not implemented yet"));
    }

    /** Opens a reader at a txid. */
    public static CompletableFuture<AsyncLogReader> open(LogContext ctx, long fromTxId) {
        return Futures.failed(new DLException(StatusCode.NOT_IMPLEMENTED, "readers are not implemented yet"));
    }
}
