package io.dlog.protocol.wire;

import io.dlog.protocol.DLSN;
import java.util.Objects;

/**
 * A successful {@link Write}: the record is durable at {@code dlsn}.
 *
 * @param requestId the write's request id
 * @param dlsn the record's position
 */
public record WriteResponse(long requestId, DLSN dlsn) implements Response {
    /** Validates the fields. */
    public WriteResponse {
        Request.checkRequestId(requestId);
        Objects.requireNonNull(dlsn, "dlsn");
    }

    @Override
    public int opcodeValue() {
        return Opcode.WRITE.value();
    }
}
