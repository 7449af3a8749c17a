package io.dlog.protocol;

/** The object was closed before or during the operation. Status {@link StatusCode#ALREADY_CLOSED}. */
public class AlreadyClosedException extends DLException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what happened
     */
    public AlreadyClosedException(String message) {
        super(StatusCode.ALREADY_CLOSED, message);
    }

    /**
     * Makes the exception with a cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public AlreadyClosedException(String message, Throwable cause) {
        super(StatusCode.ALREADY_CLOSED, message, cause);
    }
}
