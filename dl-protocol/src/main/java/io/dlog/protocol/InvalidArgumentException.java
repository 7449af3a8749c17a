package io.dlog.protocol;

/** An argument is out of range or malformed. Status {@link StatusCode#INVALID_ARGUMENT}. */
public class InvalidArgumentException extends DLException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what happened
     */
    public InvalidArgumentException(String message) {
        super(StatusCode.INVALID_ARGUMENT, message);
    }

    /**
     * Makes the exception with a cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public InvalidArgumentException(String message, Throwable cause) {
        super(StatusCode.INVALID_ARGUMENT, message, cause);
    }
}
