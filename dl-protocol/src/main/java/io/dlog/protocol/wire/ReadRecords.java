package io.dlog.protocol.wire;

import io.dlog.protocol.LogRecordWithDLSN;
import java.util.List;

/**
 * Records pushed to a reader, in log order, within the reader's credit. A response frame whose request id is the
 * reader id; a reader receives any number of them.
 *
 * @param requestId the reader id
 * @param records one or more records; their payload arrays belong to the receiver
 */
public record ReadRecords(long requestId, List<LogRecordWithDLSN> records) implements Response {
    /** Validates the fields. */
    public ReadRecords {
        Request.checkRequestId(requestId);
        records = List.copyOf(records);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a record batch holds at least one record");
        }
    }

    /** Returns the payload bytes of the batch (what it costs of the reader's byte credit). */
    public long payloadBytes() {
        long n = 0;
        for (LogRecordWithDLSN r : records) {
            n += r.payload().length;
        }
        return n;
    }

    @Override
    public int opcodeValue() {
        return Opcode.READ_RECORDS.value();
    }

    @Override
    public String toString() {
        return "ReadRecords[readerId=" + requestId + ", records=" + records.size() + ", first="
                + records.get(0).dlsn() + ", bytes=" + payloadBytes() + "]";
    }
}
