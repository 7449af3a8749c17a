package io.dlog.chaos;

import java.util.Map;

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

    private FailureClass() {
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
