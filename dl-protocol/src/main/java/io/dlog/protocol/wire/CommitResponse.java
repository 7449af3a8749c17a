package io.dlog.protocol.wire;

import io.dlog.protocol.DLSN;
import java.util.Objects;

/**
 * A successful {@link CommitPosition}: the subscription's stored position afterwards (the larger of the old one and
 * the committed one).
 *
 * @param requestId the commit's request id
 * @param dlsn the stored position
 */
public record CommitResponse(long requestId, DLSN dlsn) implements Response {
    /** Validates the fields. */
    public CommitResponse {
        Request.checkRequestId(requestId);
        Objects.requireNonNull(dlsn, "dlsn");
    }

    @Override
    public int opcodeValue() {
        return Opcode.COMMIT_POSITION.value();
    }
}
