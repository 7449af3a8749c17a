package io.dlog.protocol.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * Appends one record to a stream. Answered by {@link WriteResponse} with the record's DLSN, or an
 * {@link ErrorResponse}.
 *
 * @param requestId the request id
 * @param stream the stream name
 * @param producerId the idempotent producer's id, or {@link WireFormat#NO_PRODUCER} (reserved for the idempotent
 *     producer; servers of this version ignore it)
 * @param sequence the producer's sequence number of this write, or {@link WireFormat#NO_PRODUCER}
 * @param payload the record's bytes; owned by this record (not copied), never printed
 */
public record Write(long requestId, String stream, long producerId, long sequence, byte[] payload)
        implements Request, StreamRequest {
    /** Validates the fields. */
    public Write {
        Request.checkRequestId(requestId);
        StreamRequest.checkStream(stream);
        Objects.requireNonNull(payload, "payload");
    }

    /** A write without producer id. */
    public static Write of(long requestId, String stream, byte[] payload) {
        return new Write(requestId, stream, WireFormat.NO_PRODUCER, WireFormat.NO_PRODUCER, payload);
    }

    @Override
    public Opcode opcode() {
        return Opcode.WRITE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Write w && w.requestId == requestId && w.stream.equals(stream)
                && w.producerId == producerId && w.sequence == sequence && Arrays.equals(w.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestId, stream, producerId, sequence, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "Write[id=" + requestId + ", stream=" + stream + ", producer=" + producerId + "/" + sequence
                + ", bytes=" + payload.length + "]";
    }
}
