package io.dlog.protocol.wire;

import io.dlog.protocol.DLSN;
import java.util.Objects;

/**
 * Truncates a stream: records before {@code dlsn} may be deleted. Answered by {@link AckResponse} or an
 * {@link ErrorResponse}.
 *
 * @param requestId the request id
 * @param stream the stream name
 * @param dlsn the first position to keep
 */
public record Truncate(long requestId, String stream, DLSN dlsn) implements Request, StreamRequest {
    /** Validates the fields. */
    public Truncate {
        Request.checkRequestId(requestId);
        StreamRequest.checkStream(stream);
        Objects.requireNonNull(dlsn, "dlsn");
    }

    @Override
    public Opcode opcode() {
        return Opcode.TRUNCATE;
    }
}
