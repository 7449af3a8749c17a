package io.dlog.protocol.wire;

/**
 * Asks the owning proxy to give up the stream: close its writer and release its write lock, so another proxy can
 * take it at once. Answered by {@link AckResponse} or an {@link ErrorResponse}.
 *
 * @param requestId the request id
 * @param stream the stream name
 */
public record Release(long requestId, String stream) implements Request, StreamRequest {
    /** Validates the fields. */
    public Release {
        Request.checkRequestId(requestId);
        StreamRequest.checkStream(stream);
    }

    @Override
    public Opcode opcode() {
        return Opcode.RELEASE;
    }
}
