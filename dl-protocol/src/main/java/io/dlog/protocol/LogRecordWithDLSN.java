package io.dlog.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record as a reader sees it: its position, txid and payload.
 *
 * <p>Ownership: the payload array belongs to the receiver, who may keep or change it. {@link #toString()} never
 * prints the payload. Immutable apart from the payload array.
 *
 * @param dlsn the record's position
 * @param txid the record's transaction id
 * @param payload the bytes
 * @param flags {@link LogRecord#FLAG_NONE} for application records
 */
public record LogRecordWithDLSN(DLSN dlsn, long txid, byte[] payload, int flags) {

    /**
     * Checks that the position and payload are present.
     *
     * @throws NullPointerException if dlsn or payload is null
     */
    public LogRecordWithDLSN {
        Objects.requireNonNull(dlsn, "dlsn");
        Objects.requireNonNull(payload, "payload");
    }

    /** Returns the record without its position. */
    public LogRecord record() {
        return new LogRecord(txid, payload, flags);
    }

    /** Returns whether dlog wrote this record for itself (control or end of stream). */
    public boolean isControl() {
        return (flags & (LogRecord.FLAG_CONTROL | LogRecord.FLAG_END_OF_STREAM)) != 0;
    }

    /** Returns whether this record marks the end of the stream. */
    public boolean isEndOfStream() {
        return (flags & LogRecord.FLAG_END_OF_STREAM) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecordWithDLSN r && r.dlsn.equals(dlsn) && r.txid == txid && r.flags == flags
                && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dlsn, txid, flags) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogRecordWithDLSN[dlsn=" + dlsn + ", txid=" + txid + ", flags=" + flags + ", bytes="
                + payload.length + "]";
    }
}
