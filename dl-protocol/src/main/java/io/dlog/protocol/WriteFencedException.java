package io.dlog.protocol;

/**
 * The writer was fenced: another owner recovered the log's segment, or this writer lost the write lock. Nothing
 * written after the fence was acknowledged. Status {@link StatusCode#WRITE_FENCED}.
 */
public class WriteFencedException extends DLException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what happened
     */
    public WriteFencedException(String message) {
        super(StatusCode.WRITE_FENCED, message);
    }

    /**
     * Makes the exception with a cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public WriteFencedException(String message, Throwable cause) {
        super(StatusCode.WRITE_FENCED, message, cause);
    }
}
