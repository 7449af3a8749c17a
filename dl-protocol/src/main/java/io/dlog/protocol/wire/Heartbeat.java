package io.dlog.protocol.wire;

import java.util.Objects;

/**
 * Keeps a stream's ownership alive (the proxy writes a control record so readers see the tail move), or, with an
 * empty stream, just checks that the connection is alive. Answered by {@link AckResponse} or an
 * {@link ErrorResponse}.
 *
 * @param requestId the request id
 * @param stream the stream name, or empty for a connection-level heartbeat
 */
public record Heartbeat(long requestId, String stream) implements Request {
    /** Validates the fields. */
    public Heartbeat {
        Request.checkRequestId(requestId);
        Objects.requireNonNull(stream, "stream");
        if (!stream.isEmpty()) {
            StreamRequest.checkStream(stream);
        }
    }

    /** A connection-level heartbeat. */
    public static Heartbeat ofConnection(long requestId) {
        return new Heartbeat(requestId, "");
    }

    @Override
    public Opcode opcode() {
        return Opcode.HEARTBEAT;
    }
}
