package io.dlog.client;

import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;

/**
 * A request was sent but its answer never came (the connection was lost, the request timed out, the client was
 * closed): it may or may not have been applied. The client never retries such a request, since a retry could
 * write a record twice. Status {@link StatusCode#WRITE_EXCEPTION} (connection lost), {@link StatusCode#TIMEOUT} or
 * {@link StatusCode#CLIENT_CLOSED}.
 */
public class OutcomeUnknownException extends DLException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param code why the answer is missing
     * @param message what happened, naming the stream and the proxy
     */
    public OutcomeUnknownException(StatusCode code, String message) {
        super(code, message);
    }
}
