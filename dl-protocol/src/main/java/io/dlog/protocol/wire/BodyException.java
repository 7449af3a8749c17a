package io.dlog.protocol.wire;

import io.dlog.protocol.StatusCode;

/** A request or response body that does not decode; carries the status code to answer with. Internal. */
final class BodyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient StatusCode code;

    BodyException(StatusCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    StatusCode code() {
        return code;
    }
}
