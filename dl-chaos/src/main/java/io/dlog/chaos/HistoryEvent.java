package io.dlog.chaos;

import io.dlog.protocol.DLSN;
import java.util.Objects;

/**
 * One line of a client's history file.
 *
 * <p>A write is an {@link Kind#INVOKE} followed by at most one of {@link Kind#OK} (with the acknowledged DLSN and
 * txid and the owner that acknowledged it), {@link Kind#FAIL} (definitely not written) or {@link Kind#INFO}
 * (outcome unknown); an invoke without a completion (the client died) counts as {@code INFO}. A read is a
 * {@link Kind#READ_START} of a reader session ({@code actor}) followed by one {@link Kind#READ} per delivered
 * record, in delivery order.
 *
 * @param kind       what happened
 * @param client     the client process (and incarnation) that recorded it, e.g. {@code c1-2}
 * @param monoNanos  {@code System.nanoTime()}: CLOCK_MONOTONIC, comparable across the processes of one host
 * @param wallMillis wall-clock time, for people reading the file
 * @param log        the log name
 * @param id         the write's unique payload; for reads the delivered payload; {@code -} for READ_START
 * @param dlsn       the acknowledged or delivered DLSN (the start position of READ_START), or null
 * @param txid       the acknowledged or delivered txid, or -1
 * @param actor      the owner incarnation for writes (e.g. {@code c1-2/w3}; {@link #REMOTE_OWNER} for a write
 *                   through the proxies), the reader session for reads
 * @param code       the status code of FAIL and INFO, else 0
 */
public record HistoryEvent(Kind kind, String client, long monoNanos, long wallMillis, String log, String id,
                           DLSN dlsn, long txid, String actor, int code) {

    /**
     * The owner recorded for a remote write: the write proxy that owned the stream wrote it, and the client cannot
     * tell which (a successful answer does not name it), so the checker scopes this owner to one segment.
     */
    public static final String REMOTE_OWNER = "proxy";

    /** The kinds of event. */
    public enum Kind { INVOKE, OK, FAIL, INFO, READ_START, READ }

    /** Validates the non-null fields. */
    public HistoryEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(actor, "actor");
    }
}
