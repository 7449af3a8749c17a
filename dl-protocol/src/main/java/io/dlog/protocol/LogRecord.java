package io.dlog.protocol;

import java.util.Arrays;

/**
 * A record to append: a payload and a transaction id (txid).
 *
 * <p>The txid is an application-level sequence number that must not decrease along a log. A record made with
 * {@link #of(byte[])} carries {@link #AUTO_TXID}, and the writer assigns the log's last txid + 1 (the first is
 * 1). {@link Long#MAX_VALUE} is reserved (end of stream) and negative txids are invalid; the writer rejects both
 * with {@link StatusCode#INVALID_ARGUMENT}.
 *
 * <p>Ownership: the payload array is not copied. The caller must not change it after handing the record to a
 * writer. {@link #toString()} never prints the payload.
 *
 * @param txid the transaction id, or {@link #AUTO_TXID}
 * @param payload the bytes, not null, may be empty
 * @param flags {@link #FLAG_NONE} for application records; the other flags are set by dlog itself
 */
public record LogRecord(long txid, byte[] payload, int flags) {

    /** The txid placeholder that asks the writer to assign last + 1. */
    public static final long AUTO_TXID = Long.MIN_VALUE;
    /** The largest txid an application may use; {@link Long#MAX_VALUE} is reserved. */
    public static final long MAX_TXID = Long.MAX_VALUE - 1;
    /** No flags: an application record. */
    public static final int FLAG_NONE = 0;
    /** A control record: written by dlog to advance the tail (last-add-confirmed); never shown to readers. */
    public static final int FLAG_CONTROL = 1;
    /** The end-of-stream marker written when a log is sealed. */
    public static final int FLAG_END_OF_STREAM = 1 << 1;
    /**
     * Set by {@link #of(long, byte[])} when given {@link #AUTO_TXID} as an explicit txid, so that the writer
     * refuses it with {@link StatusCode#INVALID_ARGUMENT} instead of taking it for "assign one". Never written.
     */
    public static final int FLAG_EXPLICIT_TXID = 1 << 30;

    /**
     * Checks that the payload is present.
     *
     * @throws NullPointerException if payload is null
     */
    public LogRecord {
        java.util.Objects.requireNonNull(payload, "payload");
    }

    /**
     * Makes an application record whose txid the writer assigns.
     *
     * @param payload the bytes; not copied
     * @return the record
     */
    public static LogRecord of(byte[] payload) {
        return new LogRecord(AUTO_TXID, payload, FLAG_NONE);
    }

    /**
     * Makes an application record with an explicit txid.
     *
     * @param txid the transaction id, at least the log's last txid; {@link Long#MIN_VALUE} ({@link #AUTO_TXID})
     *     is refused by the writer with INVALID_ARGUMENT like any negative txid
     * @param payload the bytes; not copied
     * @return the record
     */
    public static LogRecord of(long txid, byte[] payload) {
        return new LogRecord(txid, payload, txid == AUTO_TXID ? FLAG_EXPLICIT_TXID : FLAG_NONE);
    }

    /** Returns whether the writer assigns this record's txid. */
    public boolean hasAutoTxid() {
        return txid == AUTO_TXID && (flags & FLAG_EXPLICIT_TXID) == 0;
    }

    /** Returns whether dlog wrote this record for itself (control or end of stream). */
    public boolean isControl() {
        return (flags & (FLAG_CONTROL | FLAG_END_OF_STREAM)) != 0;
    }

    /** Returns whether this record marks the end of the stream. */
    public boolean isEndOfStream() {
        return (flags & FLAG_END_OF_STREAM) != 0;
    }

    /** Returns a copy of this record with the given txid. */
    public LogRecord withTxid(long newTxid) {
        return new LogRecord(newTxid, payload, flags);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord r && r.txid == txid && r.flags == flags && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(txid) + flags) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogRecord[txid=" + (hasAutoTxid() ? "auto" : Long.toString(txid)) + ", flags=" + flags
                + ", bytes=" + payload.length + "]";
    }
}
