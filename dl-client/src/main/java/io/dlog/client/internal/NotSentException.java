package io.dlog.client.internal;

import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;

/**
 * A request that certainly never reached a proxy (no connection, the write to the socket failed, the connection
 * closed before the bytes left): safe to send again elsewhere. Status {@link StatusCode#SERVICE_UNAVAILABLE}.
 */
final class NotSentException extends DLException {
    private static final long serialVersionUID = 1L;

    NotSentException(String message) {
        super(StatusCode.SERVICE_UNAVAILABLE, message, false);
    }
}
