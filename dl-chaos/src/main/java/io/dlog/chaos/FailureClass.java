package io.dlog.chaos;

import io.dlog.client.OutcomeUnknownException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.StatusCode;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Whether a failed write is <em>definitely</em> not in the log, or its outcome is unknown (indeterminate): the one
 * table the history checker relies on. Stateless.
 *
 * <p>A write is definitely not written when it never left the writer: status 516 (WRITE_CANCELLED: the writer
 * failed or closed before the record was sent), or a rejection the writer made while accepting it, seen as
 * {@code write()} throwing or returning a future that had already failed with one of the
 * {@linkplain #REJECTED_AT_ACCEPT validation codes}. Everything else (fenced, bookie errors, timeouts, a writer
 * failing with records in flight) may have reached an ack quorum before the failure, so it is indeterminate: the
 * record may appear in the log, at most once.
 *
 * <p>A remote write (through {@code DLClient} and a write proxy) is definitely not written when the client says so
 * (docs/client.md, "Failures: retried, final, or unknown"): it failed with one of the
 * {@linkplain #REMOTE_NOT_WRITTEN codes a proxy answers before it hands a record to the log}, or with a code the
 * client raises itself for a request it never sent. An {@code OutcomeUnknownException} (connection lost after
 * sending, no answer in time, client closed while in flight) and every other code a proxy answers for a sent write
 * (fenced, bookie errors, internal errors) are indeterminate. The checker thereby tests the client's claim: a write
 * it called not written must not appear in the log.
 */
public final class FailureClass {

    /** The status code of a record the writer cancelled before sending it. */
    public static final int WRITE_CANCELLED = 516;

    /**
     * Codes with which the writer rejects a record while accepting it, under its lock, before the future is
     * returned: flags or txid invalid (701), too large (413), txid out of order (513), sealed (512), closed (502).
     * A failure from a BookKeeper callback carries a different code, so a race between the return of
     * {@code write()} and a fast callback cannot be mistaken for a rejection.
     */
    static final Map<Integer, String> REJECTED_AT_ACCEPT = Map.of(
            701, "INVALID_ARGUMENT", 413, "TOO_LARGE_RECORD", 513, "TRANSACTION_OUT_OF_ORDER",
            512, "END_OF_STREAM", 502, "ALREADY_CLOSED");

    /**
     * Codes with which a remote write certainly wrote nothing: the ones the client retries until its request timeout,
     * the final rejections, and the client's own
     * TIMEOUT / CLIENT_CLOSED for a request that was never sent (a sent one fails with
     * {@link OutcomeUnknownException} instead). Kept equal to {@code DLClient.isIndeterminate} by
     * {@code FailureClassTest}.
     */
    static final Set<StatusCode> REMOTE_NOT_WRITTEN = EnumSet.of(
            // answered before the record reaches the log, retried by the client until the request timeout
            StatusCode.FOUND, StatusCode.SERVICE_UNAVAILABLE, StatusCode.STREAM_UNAVAILABLE,
            StatusCode.STREAM_NOT_READY, StatusCode.OVER_CAPACITY, StatusCode.TOO_MANY_STREAMS,
            StatusCode.LOCKING_EXCEPTION,
            // rejections of the request itself
            StatusCode.MALFORMED_FRAME, StatusCode.MALFORMED_REQUEST, StatusCode.UNKNOWN_OPCODE,
            StatusCode.UNSUPPORTED_VERSION, StatusCode.CHECKSUM_FAILED, StatusCode.INVALID_STREAM_NAME,
            StatusCode.INVALID_ARGUMENT, StatusCode.TOO_LARGE_RECORD, StatusCode.LOG_NOT_FOUND,
            StatusCode.LOG_EXISTS, StatusCode.END_OF_STREAM, StatusCode.REQUEST_DENIED, StatusCode.UNAUTHENTICATED,
            StatusCode.DUPLICATE_REQUEST_ID, StatusCode.TRANSACTION_OUT_OF_ORDER, StatusCode.NOT_IMPLEMENTED,
            StatusCode.ALREADY_CLOSED, StatusCode.fromValue(WRITE_CANCELLED),
            // raised by the client for a request it never sent, or whose not-applied retries ran out of time
            StatusCode.CLIENT_CLOSED, StatusCode.TIMEOUT);

    private FailureClass() {
    }

    /**
     * Classifies a failed remote write.
     *
     * @param failure the failure of a {@code DLClient.write} future, wrapped or not
     * @return true if the record is definitely not in the log
     */
    public static boolean isDefiniteRemote(Throwable failure) {
        Throwable t = Futures.unwrap(failure);
        if (t instanceof OutcomeUnknownException || !(t instanceof DLException e)) {
            return false;   // sent without an answer, or a failure the client does not describe: may be written
        }
        return REMOTE_NOT_WRITTEN.contains(e.code());
    }

    /**
     * Classifies a failed write.
     *
     * @param code             its status code
     * @param failedOnReturn   whether {@code write()} threw, or its future had already failed when it returned
     * @return true if the record is definitely not in the log
     */
    public static boolean isDefinite(int code, boolean failedOnReturn) {
        if (code == WRITE_CANCELLED) {
            return true;
        }
        return failedOnReturn && REJECTED_AT_ACCEPT.containsKey(code);
    }
}
