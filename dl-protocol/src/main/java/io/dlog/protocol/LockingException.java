package io.dlog.protocol;

/**
 * The log's write lock is held by another owner or could not be taken in time. Status {@link
 * StatusCode#LOCKING_EXCEPTION}.
 */
public class LockingException extends DLException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what happened
     */
    public LockingException(String message) {
        super(StatusCode.LOCKING_EXCEPTION, message);
    }

    /**
     * Makes the exception with a cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public LockingException(String message, Throwable cause) {
        super(StatusCode.LOCKING_EXCEPTION, message, cause);
    }
}
