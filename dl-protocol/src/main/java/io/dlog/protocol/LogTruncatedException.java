package io.dlog.protocol;

/**
 * A position is below the log's truncation point; the message names the first readable DLSN. Status {@link
 * StatusCode#LOG_TRUNCATED}.
 */
public class LogTruncatedException extends DLException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what happened
     */
    public LogTruncatedException(String message) {
        super(StatusCode.LOG_TRUNCATED, message);
    }

    /**
     * Makes the exception with a cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public LogTruncatedException(String message, Throwable cause) {
        super(StatusCode.LOG_TRUNCATED, message, cause);
    }
}
