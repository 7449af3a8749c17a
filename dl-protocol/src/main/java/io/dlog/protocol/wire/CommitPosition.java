package io.dlog.protocol.wire;

import io.dlog.protocol.DLSN;
import java.util.Objects;

/**
 * Commits the position of a durable subscription through the reader that holds it (a reader opened with a
 * subscription name). Answered by a {@link CommitResponse} with the stored position (commits only move forward), or
 * an {@link ErrorResponse}.
 *
 * @param requestId the request id (not the reader id)
 * @param readerId the subscription's reader on this connection
 * @param dlsn the last position consumed
 */
public record CommitPosition(long requestId, long readerId, DLSN dlsn) implements Request {
    /** Validates the fields. */
    public CommitPosition {
        Request.checkRequestId(requestId);
        Request.checkRequestId(readerId);
        Objects.requireNonNull(dlsn, "dlsn");
    }

    @Override
    public Opcode opcode() {
        return Opcode.COMMIT_POSITION;
    }
}
