package io.dlog.protocol.wire;

/**
 * Tells the server to drain: stop taking new streams, finish in-flight writes and release every stream. An
 * operator command ({@code dlog proxy drain}). Answered by {@link AckResponse} once draining has begun, or an
 * {@link ErrorResponse}.
 *
 * @param requestId the request id
 */
public record Drain(long requestId) implements Request {
    /** Validates the fields. */
    public Drain {
        Request.checkRequestId(requestId);
    }

    @Override
    public Opcode opcode() {
        return Opcode.DRAIN;
    }
}
