package io.dlog.protocol;

/** A log name breaks the naming rules ({@link LogNames}). Status {@link StatusCode#INVALID_STREAM_NAME}. */
public class InvalidStreamNameException extends DLException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what happened
     */
    public InvalidStreamNameException(String message) {
        super(StatusCode.INVALID_STREAM_NAME, message);
    }

    /**
     * Makes the exception with a cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public InvalidStreamNameException(String message, Throwable cause) {
        super(StatusCode.INVALID_STREAM_NAME, message, cause);
    }
}
