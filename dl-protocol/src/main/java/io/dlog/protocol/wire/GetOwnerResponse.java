package io.dlog.protocol.wire;

import java.util.Objects;

/**
 * The answer to {@link GetOwner}.
 *
 * @param requestId the request id
 * @param owner the owning proxy's {@code host:port}, or empty when no proxy owns the stream
 */
public record GetOwnerResponse(long requestId, String owner) implements Response {
    /** Validates the fields. */
    public GetOwnerResponse {
        Request.checkRequestId(requestId);
        Objects.requireNonNull(owner, "owner");
    }

    @Override
    public int opcodeValue() {
        return Opcode.GET_OWNER.value();
    }
}
