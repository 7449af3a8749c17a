package io.dlog.protocol.wire;

/**
 * Creates a stream (fails with {@link io.dlog.protocol.StatusCode#LOG_EXISTS} if it exists). Answered by
 * {@link AckResponse} or an {@link ErrorResponse}.
 *
 * @param requestId the request id
 * @param stream the stream name
 */
public record Create(long requestId, String stream) implements Request, StreamRequest {
    /** Validates the fields. */
    public Create {
        Request.checkRequestId(requestId);
        StreamRequest.checkStream(stream);
    }

    @Override
    public Opcode opcode() {
        return Opcode.CREATE;
    }
}
