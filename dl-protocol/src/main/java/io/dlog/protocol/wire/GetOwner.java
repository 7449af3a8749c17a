package io.dlog.protocol.wire;

/**
 * Asks which proxy owns a stream. Answered by {@link GetOwnerResponse} (the owner's address, or empty when no
 * proxy owns it) or an {@link ErrorResponse}.
 *
 * @param requestId the request id
 * @param stream the stream name
 */
public record GetOwner(long requestId, String stream) implements Request, StreamRequest {
    /** Validates the fields. */
    public GetOwner {
        Request.checkRequestId(requestId);
        StreamRequest.checkStream(stream);
    }

    @Override
    public Opcode opcode() {
        return Opcode.GET_OWNER;
    }
}
