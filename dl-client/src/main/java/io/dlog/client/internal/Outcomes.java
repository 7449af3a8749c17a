package io.dlog.client.internal;

import io.dlog.client.OutcomeUnknownException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.StatusCode;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a failure means for a request: retry it (it certainly was not applied, and another attempt may succeed),
 * fail it (certainly not applied, and retrying will not help), or report an unknown outcome (it may have been
 * applied). The table is docs/protocol.md's "What a failure means for a write".
 */
public final class Outcomes {
    /**
     * Codes that certainly applied nothing and that a later attempt may fix: a proxy answers them before it hands a
     * request to the log, or, for WRITE_CANCELLED, when its writer failed before sending the record to BookKeeper
     * (the proxy opens a new writer, or another proxy takes the stream over).
     */
    private static final Set<StatusCode> RETRY = EnumSet.of(StatusCode.FOUND, StatusCode.SERVICE_UNAVAILABLE,
            StatusCode.STREAM_UNAVAILABLE, StatusCode.STREAM_NOT_READY, StatusCode.OVER_CAPACITY,
            StatusCode.TOO_MANY_STREAMS, StatusCode.LOCKING_EXCEPTION, StatusCode.WRITE_CANCELLED_EXCEPTION);
    /** Codes that certainly applied nothing and that a retry would not fix (or that the client raises itself). */
    private static final Set<StatusCode> FINAL_NOT_APPLIED = EnumSet.of(StatusCode.MALFORMED_FRAME,
            StatusCode.MALFORMED_REQUEST, StatusCode.UNKNOWN_OPCODE, StatusCode.UNSUPPORTED_VERSION,
            StatusCode.CHECKSUM_FAILED, StatusCode.INVALID_STREAM_NAME, StatusCode.INVALID_ARGUMENT,
            StatusCode.TOO_LARGE_RECORD, StatusCode.LOG_NOT_FOUND, StatusCode.LOG_EXISTS, StatusCode.END_OF_STREAM,
            StatusCode.REQUEST_DENIED, StatusCode.UNAUTHENTICATED,
            StatusCode.DUPLICATE_REQUEST_ID, StatusCode.TRANSACTION_OUT_OF_ORDER, StatusCode.NOT_IMPLEMENTED,
            StatusCode.CLIENT_CLOSED, StatusCode.TIMEOUT, StatusCode.ALREADY_CLOSED);

    private Outcomes() {
    }

    /**
     * Returns the failure as the caller sees it: an internal "never sent" becomes a plain
     * {@link StatusCode#SERVICE_UNAVAILABLE} with the same message.
     */
    static DLException forCaller(DLException e) {
        return e instanceof NotSentException ? new DLException(StatusCode.SERVICE_UNAVAILABLE, e.getMessage()) : e;
    }

    /** Returns whether the request certainly was not applied and may be sent again. */
    static boolean isRetryable(DLException e) {
        return e instanceof NotSentException || (!(e instanceof OutcomeUnknownException) && RETRY.contains(e.code()));
    }

    /**
     * Returns whether a failure leaves the outcome unknown.
     *
     * @param failure a failure from a client future, wrapped or not
     */
    public static boolean isIndeterminate(Throwable failure) {
        Throwable t = Futures.unwrap(failure);
        if (t instanceof OutcomeUnknownException) {
            return true;
        }
        if (!(t instanceof DLException e) || e instanceof NotSentException) {
            return false;
        }
        return !RETRY.contains(e.code()) && !FINAL_NOT_APPLIED.contains(e.code());
    }
}
