package io.dlog.protocol.wire;

import io.dlog.protocol.DLException;
import io.dlog.protocol.NotOwnerException;
import io.dlog.protocol.StatusCode;
import java.util.Objects;

/**
 * A failed request, for any opcode (also one the server does not know). For
 * {@link StatusCode#FOUND} the owner's address is its own field.
 *
 * @param requestId the request id, or {@link WireFormat#CONNECTION_REQUEST_ID} when the failure concerns the
 *     connection (a frame whose request id could not be read); the connection is then closed
 * @param opcode the opcode byte of the request answered
 * @param code the wire value of the {@link StatusCode} (kept raw, so a code from a newer server survives)
 * @param message what happened
 * @param owner for {@code FOUND}, the owner's {@code host:port}; otherwise empty
 */
public record ErrorResponse(long requestId, int opcode, int code, String message, String owner) implements Response {
    /** Validates the fields. */
    public ErrorResponse {
        if (requestId < 0) {
            throw new IllegalArgumentException("request id must not be negative: " + requestId);
        }
        if (opcode < 0 || opcode > 255) {
            throw new IllegalArgumentException("opcode out of range: " + opcode);
        }
        if (code == StatusCode.SUCCESS.value()) {
            throw new IllegalArgumentException("an error response cannot carry SUCCESS");
        }
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(owner, "owner");
    }

    /** An error answer without owner. */
    public static ErrorResponse of(long requestId, int opcode, StatusCode code, String message) {
        return new ErrorResponse(requestId, opcode, code.value(), message, "");
    }

    /** A {@code FOUND} answer: the stream is owned by {@code owner}. */
    public static ErrorResponse found(long requestId, int opcode, String stream, String owner) {
        return new ErrorResponse(requestId, opcode, StatusCode.FOUND.value(),
                "stream " + stream + " is owned by " + owner, owner);
    }

    /** An error answer for a failure, keeping its status code. */
    public static ErrorResponse of(long requestId, int opcode, DLException failure) {
        String owner = failure instanceof NotOwnerException n ? n.owner().orElse("") : "";
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        return new ErrorResponse(requestId, opcode, failure.code().value(), message, owner);
    }

    /** Returns the status code ({@link StatusCode#UNKNOWN} for a code this version does not know). */
    public StatusCode statusCode() {
        return StatusCode.fromValue(code);
    }

    @Override
    public int opcodeValue() {
        return opcode;
    }

    /** Returns the exception this answer stands for ({@link DLException#fromWire(int, String, String)}). */
    public DLException toException() {
        return DLException.fromWire(code, message, owner);
    }
}
