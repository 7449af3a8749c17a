package io.dlog.protocol.wire;

/**
 * Deletes a stream and its data. Answered by {@link AckResponse} or an {@link ErrorResponse}.
 *
 * @param requestId the request id
 * @param stream the stream name
 */
public record Delete(long requestId, String stream) implements Request, StreamRequest {
    /** Validates the fields. */
    public Delete {
        Request.checkRequestId(requestId);
        StreamRequest.checkStream(stream);
    }

    @Override
    public Opcode opcode() {
        return Opcode.DELETE;
    }
}
