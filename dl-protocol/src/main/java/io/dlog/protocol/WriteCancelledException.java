package io.dlog.protocol;

/**
 * The write was never sent: the writer failed, or an earlier record of the same bulk write failed, before this
 * record left the writer. The record was definitely not written, so writing it again (with a new writer if this
 * one failed) cannot duplicate it. The cause, when there is one, is the failure that stopped the writer. Status
 * {@link StatusCode#WRITE_CANCELLED_EXCEPTION}, as in Apache DistributedLog.
 */
public class WriteCancelledException extends DLException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what happened
     * @param cause the failure that cancelled the write
     */
    public WriteCancelledException(String message, Throwable cause) {
        super(StatusCode.WRITE_CANCELLED_EXCEPTION, message, cause);
    }
}
