package io.dlog.protocol;

/** A record is larger than {@code record.max.bytes}. Status {@link StatusCode#TOO_LARGE_RECORD}. */
public class TooLargeRecordException extends DLException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what happened
     */
    public TooLargeRecordException(String message) {
        super(StatusCode.TOO_LARGE_RECORD, message);
    }

    /**
     * Makes the exception with a cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public TooLargeRecordException(String message, Throwable cause) {
        super(StatusCode.TOO_LARGE_RECORD, message, cause);
    }
}
