package io.dlog.protocol.wire;

import io.dlog.protocol.DLSN;
import java.util.Objects;

/**
 * Opens a reader on a stream (read proxy). Its request id names the reader for the reader's whole life: the
 * records arrive as {@link ReadRecords} frames with that id, credit is granted with {@link ReadCredit} frames with
 * that id, and the reader ends with a {@code READER_END} {@link ErrorResponse} with that id (or is closed with
 * {@link CloseReader}). The open itself is answered before the first records: by a {@link ReaderOpened} naming the
 * start when the proxy resolved it ({@link ReadPosition#FIRST} without a subscription, {@link ReadPosition#LAST},
 * {@link ReadPosition#TAIL}), by an {@link AckResponse} otherwise, or by an {@link ErrorResponse}.
 *
 * @param requestId the request id, which becomes the reader id
 * @param stream the stream name
 * @param position how the start is given
 * @param dlsn the start for {@link ReadPosition#DLSN} ({@link DLSN#INVALID} otherwise)
 * @param txid the start for {@link ReadPosition#TXID} (non-negative; -1 otherwise)
 * @param creditRecords the records the proxy may send before the next grant, at least 1
 * @param creditBytes the payload bytes the proxy may send before the next grant, at least 1
 * @param subscription empty for a plain reader; a durable subscription's name to subscribe: the proxy takes the
 *     subscription's read lock for the reader, and with {@link ReadPosition#FIRST} starts after its committed
 *     position ({@link ReadPosition#DLSN}: at {@code dlsn}, a reconnecting subscriber resuming)
 */
public record OpenReader(long requestId, String stream, ReadPosition position, DLSN dlsn, long txid,
        int creditRecords, long creditBytes, String subscription) implements Request, StreamRequest {
    /** Validates the fields. */
    public OpenReader {
        Request.checkRequestId(requestId);
        StreamRequest.checkStream(stream);
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(dlsn, "dlsn");
        Objects.requireNonNull(subscription, "subscription");
        if (position == ReadPosition.TXID && txid < 0) {
            throw new IllegalArgumentException("txid must not be negative: " + txid);
        }
        if (creditRecords <= 0 || creditBytes <= 0) {
            throw new IllegalArgumentException("initial credit must be positive: " + creditRecords + " records, "
                    + creditBytes + " bytes");
        }
    }

    /** A reader from a DLSN. */
    public static OpenReader atDlsn(long requestId, String stream, DLSN from, int creditRecords, long creditBytes) {
        return new OpenReader(requestId, stream, ReadPosition.DLSN, from, -1, creditRecords, creditBytes, "");
    }

    /** A reader from a txid. */
    public static OpenReader atTxId(long requestId, String stream, long fromTxId, int creditRecords,
            long creditBytes) {
        return new OpenReader(requestId, stream, ReadPosition.TXID, DLSN.INVALID, fromTxId, creditRecords,
                creditBytes, "");
    }

    /**
     * A reader at a position the proxy resolves: {@link ReadPosition#FIRST}, {@link ReadPosition#LAST} or
     * {@link ReadPosition#TAIL}. The proxy answers with a {@link ReaderOpened} naming the resolved start.
     */
    public static OpenReader at(long requestId, String stream, ReadPosition position, int creditRecords,
            long creditBytes) {
        if (position == ReadPosition.DLSN || position == ReadPosition.TXID) {
            throw new IllegalArgumentException(position + " needs its DLSN or txid: use atDlsn or atTxId");
        }
        return new OpenReader(requestId, stream, position, DLSN.INVALID, -1, creditRecords, creditBytes, "");
    }

    /**
     * A durable subscription's reader: after its committed position ({@code from} null), or at {@code from} (a
     * subscriber resuming after the last record it received).
     */
    public static OpenReader subscribe(long requestId, String stream, String subscription, DLSN from,
            int creditRecords, long creditBytes) {
        if (subscription.isEmpty()) {
            throw new IllegalArgumentException("a subscription name must not be empty");
        }
        return from == null
                ? new OpenReader(requestId, stream, ReadPosition.FIRST, DLSN.INVALID, -1, creditRecords, creditBytes,
                        subscription)
                : new OpenReader(requestId, stream, ReadPosition.DLSN, from, -1, creditRecords, creditBytes,
                        subscription);
    }

    @Override
    public Opcode opcode() {
        return Opcode.OPEN_READER;
    }
}
