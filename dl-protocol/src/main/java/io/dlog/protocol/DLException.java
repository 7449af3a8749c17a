package io.dlog.protocol;

import java.io.IOException;
import java.util.Objects;

/**
 * The failure of a dlog operation, with the {@link StatusCode} that says what happened.
 *
 * <p>Subclasses exist only where callers branch on them. Asynchronous operations complete exceptionally with
 * the {@code DLException} itself. {@link #fromWire(int, String)} is the one mapping from a wire status code to
 * an exception, shared by the client and the proxies.
 */
public class DLException extends IOException {
    private static final long serialVersionUID = 1L;

    private final StatusCode code;

    /**
     * Makes an exception.
     *
     * @param code the status code, not {@link StatusCode#SUCCESS}
     * @param message what happened, naming the log, DLSN, txid or ledger involved
     */
    public DLException(StatusCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * Makes an exception with a cause.
     *
     * @param code the status code
     * @param message what happened
     * @param cause the underlying failure (for example BookKeeper's)
     */
    public DLException(StatusCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * Makes an exception for hot-path rejections, without a stack trace.
     *
     * @param code the status code
     * @param message what happened
     * @param writableStackTrace false to skip filling in the stack trace
     */
    protected DLException(StatusCode code, String message, boolean writableStackTrace) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        if (!writableStackTrace) {
            setStackTrace(new StackTraceElement[0]);
        }
    }

    /** Returns the status code. */
    public final StatusCode code() {
        return code;
    }

    /**
     * Rebuilds the exception a peer reported.
     *
     * @param codeValue the wire status code
     * @param message the peer's message
     * @return the most specific exception for the code
     */
    public static DLException fromWire(int codeValue, String message) {
        return fromWire(codeValue, message, null);
    }

    /**
     * Rebuilds the exception a peer reported, with the owner's address a {@link StatusCode#FOUND} answer carries
     * in its own field (the proxy protocol's error responses).
     *
     * @param codeValue the wire status code
     * @param message the peer's message
     * @param owner for {@code FOUND}, the owner's {@code host:port}; null or empty to take it from the message
     * @return the most specific exception for the code
     */
    public static DLException fromWire(int codeValue, String message, String owner) {
        StatusCode code = StatusCode.fromValue(codeValue);
        String text = code == StatusCode.UNKNOWN ? "status " + codeValue + ": " + message : message;
        return switch (code) {
            case LOG_NOT_FOUND -> new LogNotFoundException(text);
            case LOG_EXISTS -> new LogExistsException(text);
            case WRITE_FENCED -> new WriteFencedException(text);
            case FOUND -> new NotOwnerException(owner == null || owner.isEmpty()
                    ? NotOwnerException.ownerFromMessage(text) : owner, text);
            case OVER_CAPACITY -> new OverCapacityException(text);
            case END_OF_STREAM -> new EndOfStreamException(text);
            case INVALID_STREAM_NAME -> new InvalidStreamNameException(text);
            case INVALID_ARGUMENT -> new InvalidArgumentException(text);
            case TRANSACTION_OUT_OF_ORDER -> new TransactionOutOfOrderException(text);
            case TOO_LARGE_RECORD -> new TooLargeRecordException(text);
            case LOCKING_EXCEPTION -> new LockingException(text);
            case ALREADY_CLOSED -> new AlreadyClosedException(text);
            case LOG_TRUNCATED -> new LogTruncatedException(text);
            default -> new DLException(code, text);
        };
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + code + "/" + code.value() + "): " + getMessage();
    }
}
