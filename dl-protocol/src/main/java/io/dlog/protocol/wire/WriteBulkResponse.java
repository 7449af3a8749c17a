package io.dlog.protocol.wire;

import io.dlog.protocol.DLSN;
import java.util.List;

/**
 * A successful {@link WriteBulk}: every record is durable, at these positions, in request order.
 *
 * @param requestId the bulk write's request id
 * @param dlsns one position per record
 */
public record WriteBulkResponse(long requestId, List<DLSN> dlsns) implements Response {
    /** Validates the fields. */
    public WriteBulkResponse {
        Request.checkRequestId(requestId);
        dlsns = List.copyOf(dlsns);
    }

    @Override
    public int opcodeValue() {
        return Opcode.WRITE_BULK.value();
    }
}
