package io.dlog.protocol;

/**
 * Too many bytes or requests are pending; back off and retry. Status {@link StatusCode#OVER_CAPACITY}.
 * Thrown on hot paths, so it carries no stack trace.
 */
public class OverCapacityException extends DLException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what limit was reached, with the figures
     */
    public OverCapacityException(String message) {
        super(StatusCode.OVER_CAPACITY, message, false);
    }
}
