package io.dlog.core.internal.truncate;

import io.dlog.core.internal.LogContext;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.StatusCode;
import java.util.concurrent.CompletableFuture;

/** Truncation of a log before a position. */
public final class Truncation {
    private Truncation() {
    }

    /**
     * Truncates a log before a position.
     *
     * @param ctx the log
     * @param dlsn the first position to keep
     * @return completes when the truncation point is recorded
     */
    public static CompletableFuture<Void> truncate(LogContext ctx, DLSN dlsn) {
        return Futures.failed(new DLException(StatusCode.NOT_IMPLEMENTED, "truncation of " + ctx.fullName()
                + " is not implemented yet"));
    }
}
