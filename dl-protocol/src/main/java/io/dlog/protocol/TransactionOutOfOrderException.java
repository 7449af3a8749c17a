package io.dlog.protocol;

/**
 * A txid is lower than the log's last txid; the message names both. Status {@link
 * StatusCode#TRANSACTION_OUT_OF_ORDER}.
 */
public class TransactionOutOfOrderException extends DLException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what happened
     */
    public TransactionOutOfOrderException(String message) {
        super(StatusCode.TRANSACTION_OUT_OF_ORDER, message);
    }

    /**
     * Makes the exception with a cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public TransactionOutOfOrderException(String message, Throwable cause) {
        super(StatusCode.TRANSACTION_OUT_OF_ORDER, message, cause);
    }
}
