package io.dlog.protocol.wire;

import io.dlog.protocol.StatusCode;
import java.util.Objects;

/**
 * A frame the decoders could not turn into a message. Not a wire message: the {@link FrameDecoder} and
 * {@link MessageDecoder} pass it down the pipeline in place of the message, so that bad input never reaches
 * {@code exceptionCaught}. A server answers it with {@link WireErrorResponder}; a client closes the connection.
 *
 * @param requestId the request id of the bad frame, or {@link WireFormat#CONNECTION_REQUEST_ID} when unknown
 * @param opcode the opcode byte of the bad frame, 0 when unknown
 * @param code why: {@code MALFORMED_FRAME}, {@code MALFORMED_REQUEST}, {@code UNKNOWN_OPCODE},
 *     {@code UNSUPPORTED_VERSION}, {@code CHECKSUM_FAILED}, {@code INVALID_STREAM_NAME} or {@code INVALID_ARGUMENT}
 * @param message what was wrong, for the peer and the log
 * @param closeConnection true when frame sync is lost (or the peer speaks another version): answer, then close
 */
public record WireError(long requestId, int opcode, StatusCode code, String message, boolean closeConnection) {
    /** Validates the fields. */
    public WireError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** Returns the answer a server sends for it. */
    public ErrorResponse toResponse() {
        long id = requestId < 0 ? WireFormat.CONNECTION_REQUEST_ID : requestId;
        return ErrorResponse.of(id, opcode & 0xFF, code, message);
    }
}
