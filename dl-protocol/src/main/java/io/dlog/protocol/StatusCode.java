package io.dlog.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * Every outcome dlog reports, with a stable numeric wire value.
 *
 * <p>Values keep Apache DistributedLog's numbers where the meaning is the same; codes DistributedLog lacked
 * are in the 7xx block. A value is never reused or changed once released (a unit test pins them). A code this
 * version does not know decodes as {@link #UNKNOWN}, so a newer peer never breaks an older one.
 */
public enum StatusCode {
    /** A code from a newer peer that this version does not know. */
    UNKNOWN(-1, false),
    /** The request succeeded. */
    SUCCESS(200, false),
    /** The client was closed. */
    CLIENT_CLOSED(301, false),
    /** This proxy does not own the stream; the message names the owner. The client should go there. */
    FOUND(302, true),
    /** The request is not allowed. */
    REQUEST_DENIED(403, false),
    /** A record is larger than {@code record.max.bytes}. */
    TOO_LARGE_RECORD(413, false),
    /** An unexpected server-side failure. */
    INTERNAL_SERVER_ERROR(500, false),
    /** The operation exists in the protocol but this server does not implement it. */
    NOT_IMPLEMENTED(501, false),
    /** The writer, reader, log or namespace is closed. */
    ALREADY_CLOSED(502, false),
    /** The service is overloaded or shutting down. */
    SERVICE_UNAVAILABLE(503, true),
    /** The log's write lock is held by another owner, or could not be taken in time. */
    LOCKING_EXCEPTION(504, true),
    /** A ZooKeeper operation failed. */
    ZOOKEEPER_ERROR(505, true),
    /** Metadata in ZooKeeper is missing, inconsistent or of an unknown version. */
    METADATA_EXCEPTION(506, false),
    /** A BookKeeper operation failed; the message carries BookKeeper's cause. */
    BK_TRANSMIT_ERROR(507, true),
    /** A flush did not complete in time. */
    FLUSH_TIMEOUT(508, true),
    /** The log holds no records. */
    LOG_EMPTY(509, false),
    /** The log does not exist. */
    LOG_NOT_FOUND(510, false),
    /** A read asked for transactions that were truncated. */
    TRUNCATED_TRANSACTION(511, false),
    /** The log is sealed: no more writes, and readers have read everything. */
    END_OF_STREAM(512, false),
    /** A txid is lower than the log's last txid. */
    TRANSACTION_OUT_OF_ORDER(513, false),
    /** A write failed for a reason not covered by a more specific code. */
    WRITE_EXCEPTION(514, false),
    /** The stream cannot be served right now (being moved, recovering); retry. */
    STREAM_UNAVAILABLE(515, true),
    /**
     * The write was never sent (the writer failed, or an earlier record of the same bulk write failed, first):
     * definitely not written, so retrying it, with a new writer if needed, cannot duplicate it.
     */
    WRITE_CANCELLED_EXCEPTION(516, true),
    /** Too much is pending; back off and retry. */
    OVER_CAPACITY(517, true),
    /** The stream exists but is not ready (recovering). */
    STREAM_NOT_READY(518, true),
    /** An entry could not be decoded (corrupt, unsupported version, or over the decompressed-size cap). */
    INVALID_ENVELOPED_ENTRY(520, false),
    /** Metadata has a format version this build does not understand. */
    UNSUPPORTED_METADATA_VERSION(521, false),
    /** The log already exists. */
    LOG_EXISTS(522, false),
    /** A checksum did not match. */
    CHECKSUM_FAILED(523, false),
    /** The proxy serves as many streams as it may. */
    TOO_MANY_STREAMS(524, true),
    /** A log segment named by a request does not exist. */
    LOG_SEGMENT_NOT_FOUND(525, false),
    /** An unexpected condition. */
    UNEXPECTED(600, false),
    /** The calling thread was interrupted. */
    INTERRUPTED(601, false),
    /** A log name breaks the naming rules. */
    INVALID_STREAM_NAME(602, false),
    /** An operation was called in a state that does not allow it. */
    ILLEGAL_STATE(603, false),
    /** A reader failed for a reason a retry may fix. */
    RETRYABLE_READ(1000, true),
    /** A reader failed. */
    LOG_READ_ERROR(1001, false),
    /** The read was cancelled (the reader was closed). */
    READ_CANCELLED_EXCEPTION(1002, false),
    /** This writer was fenced: another owner recovered the log, or this owner lost its write lock. */
    WRITE_FENCED(700, false),
    /** An argument is out of range (a negative txid, a truncation point past the end, a negative count). */
    INVALID_ARGUMENT(701, false),
    /** A frame is malformed (bad length, bad header); the connection is closed after the reply. */
    MALFORMED_FRAME(702, false),
    /** A request body is malformed; frame sync is intact, so the connection stays open. */
    MALFORMED_REQUEST(703, false),
    /** The opcode is not known to this server. */
    UNKNOWN_OPCODE(704, false),
    /** The protocol version or magic is not supported. */
    UNSUPPORTED_VERSION(705, false),
    /** The position is below the log's truncation point; the message names the first readable DLSN. */
    LOG_TRUNCATED(706, false),
    /** No valid credentials were presented. */
    UNAUTHENTICATED(707, false),
    /** A request id is already in use on this connection. */
    DUPLICATE_REQUEST_ID(708, false),
    /** A user-facing wait ran out of time. */
    TIMEOUT(709, true);

    private static final Map<Integer, StatusCode> BY_VALUE = new HashMap<>();

    static {
        for (StatusCode code : values()) {
            if (BY_VALUE.put(code.value, code) != null) {
                throw new ExceptionInInitializerError("duplicate status code value " + code.value);
            }
        }
    }

    private final int value;
    private final boolean retryable;

    StatusCode(int value, boolean retryable) {
        this.value = value;
        this.retryable = retryable;
    }

    /** Returns the stable wire value. */
    public int value() {
        return value;
    }

    /** Returns whether the same request may succeed if retried later (possibly elsewhere). */
    public boolean isRetryable() {
        return retryable;
    }

    /**
     * Decodes a wire value.
     *
     * @param value the number received
     * @return the code, or {@link #UNKNOWN} for a value this version does not know
     */
    public static StatusCode fromValue(int value) {
        return BY_VALUE.getOrDefault(value, UNKNOWN);
    }
}
