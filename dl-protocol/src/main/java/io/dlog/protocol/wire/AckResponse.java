package io.dlog.protocol.wire;

import java.util.Objects;

/**
 * The success answer of an operation without a result: {@link Truncate}, {@link Create}, {@link Delete},
 * {@link Release}, {@link Heartbeat}, {@link Drain},
 * {@link OpenReader}, {@link CloseReader}.
 *
 * @param requestId the request id
 * @param opcode the operation answered
 */
public record AckResponse(long requestId, Opcode opcode) implements Response {
    /** Validates the fields. */
    public AckResponse {
        Request.checkRequestId(requestId);
        Objects.requireNonNull(opcode, "opcode");
        if (!acknowledges(opcode)) {
            throw new IllegalArgumentException(opcode + " has its own response type");
        }
    }

    /** Returns whether {@code opcode}'s success answer is an {@code AckResponse}. */
    public static boolean acknowledges(Opcode opcode) {
        return switch (opcode) {
            case TRUNCATE, CREATE, DELETE, RELEASE, HEARTBEAT, DRAIN, OPEN_READER, CLOSE_READER -> true;
            default -> false;
        };
    }

    @Override
    public int opcodeValue() {
        return opcode.value();
    }
}
