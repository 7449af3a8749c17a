package io.dlog.protocol;

/**
 * The log is sealed: no more writes, and a reader has read its last record. Status {@link StatusCode#END_OF_STREAM}.
 */
public class EndOfStreamException extends DLException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what happened
     */
    public EndOfStreamException(String message) {
        super(StatusCode.END_OF_STREAM, message);
    }

    /**
     * Makes the exception with a cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public EndOfStreamException(String message, Throwable cause) {
        super(StatusCode.END_OF_STREAM, message, cause);
    }
}
