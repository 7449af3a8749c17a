package io.dlog.client.internal;

import io.dlog.protocol.DLException;
import io.dlog.protocol.wire.Response;

/**
 * How one attempt of a call ended.
 *
 * @param kind success, retry, final failure or unknown outcome
 * @param response the success answer (kind {@code SUCCESS})
 * @param error the failure (other kinds)
 * @param address the proxy the attempt went to
 */
record Outcome(Kind kind, Response response, DLException error, String address) {
    /** The kinds of ending. */
    enum Kind {
        /** Applied. */
        SUCCESS,
        /** Certainly not applied; another attempt may succeed. */
        RETRY,
        /** Certainly not applied (or rejected for good); do not retry. */
        FAILED,
        /** Sent, but its outcome is unknown; never retried. */
        UNKNOWN
    }
}
