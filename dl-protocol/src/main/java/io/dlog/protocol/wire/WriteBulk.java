package io.dlog.protocol.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Appends several records as one record set: all of them are written or none. Answered by
 * {@link WriteBulkResponse} with one DLSN per record, in order, or an {@link ErrorResponse} (then none was
 * written, or, for an indeterminate failure, all or none).
 *
 * @param requestId the request id
 * @param stream the stream name
 * @param producerId the idempotent producer's id, or {@link WireFormat#NO_PRODUCER}
 * @param sequence the producer's sequence number of the first record, or {@link WireFormat#NO_PRODUCER}
 * @param payloads the records' bytes, at least one; the list is copied, the arrays are owned by this record
 */
public record WriteBulk(long requestId, String stream, long producerId, long sequence, List<byte[]> payloads)
        implements Request, StreamRequest {
    /** Validates the fields. */
    public WriteBulk {
        Request.checkRequestId(requestId);
        StreamRequest.checkStream(stream);
        payloads = List.copyOf(payloads);
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("a bulk write needs at least one record");
        }
    }

    /** A bulk write without producer id. */
    public static WriteBulk of(long requestId, String stream, List<byte[]> payloads) {
        return new WriteBulk(requestId, stream, WireFormat.NO_PRODUCER, WireFormat.NO_PRODUCER, payloads);
    }

    @Override
    public Opcode opcode() {
        return Opcode.WRITE_BULK;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WriteBulk w) || w.requestId != requestId || !w.stream.equals(stream)
                || w.producerId != producerId || w.sequence != sequence || w.payloads.size() != payloads.size()) {
            return false;
        }
        for (int i = 0; i < payloads.size(); i++) {
            if (!Arrays.equals(w.payloads.get(i), payloads.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(requestId, stream, producerId, sequence);
        for (byte[] p : payloads) {
            h = 31 * h + Arrays.hashCode(p);
        }
        return h;
    }

    @Override
    public String toString() {
        long bytes = payloads.stream().mapToLong(p -> p.length).sum();
        return "WriteBulk[id=" + requestId + ", stream=" + stream + ", producer=" + producerId + "/" + sequence
                + ", records=" + payloads.size() + ", bytes=" + bytes + "]";
    }
}
