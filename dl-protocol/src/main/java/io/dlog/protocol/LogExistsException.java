package io.dlog.protocol;

/** The log already exists. Status {@link StatusCode#LOG_EXISTS}. */
public class LogExistsException extends DLException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what happened
     */
    public LogExistsException(String message) {
        super(StatusCode.LOG_EXISTS, message);
    }

    /**
     * Makes the exception with a cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public LogExistsException(String message, Throwable cause) {
        super(StatusCode.LOG_EXISTS, message, cause);
    }
}
