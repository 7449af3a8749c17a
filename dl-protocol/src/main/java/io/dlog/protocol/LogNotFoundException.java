package io.dlog.protocol;

/** The log does not exist. Status {@link StatusCode#LOG_NOT_FOUND}. */
public class LogNotFoundException extends DLException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what happened
     */
    public LogNotFoundException(String message) {
        super(StatusCode.LOG_NOT_FOUND, message);
    }

    /**
     * Makes the exception with a cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public LogNotFoundException(String message, Throwable cause) {
        super(StatusCode.LOG_NOT_FOUND, message, cause);
    }
}
