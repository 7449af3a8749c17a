package io.dlog.protocol.wire;

/**
 * Grants a reader more credit: the proxy may send {@code records} more records and {@code bytes} more payload
 * bytes. Its request id is the reader id (the {@link OpenReader}'s request id); it is not answered when it is good.
 * A grant for a reader that has ended is ignored.
 *
 * @param requestId the reader id
 * @param records records added, at least 0
 * @param bytes payload bytes added, at least 0; {@code records} and {@code bytes} are not both 0
 */
public record ReadCredit(long requestId, int records, long bytes) implements Request {
    /** Validates the fields. */
    public ReadCredit {
        Request.checkRequestId(requestId);
        if (records < 0 || bytes < 0 || records == 0 && bytes == 0) {
            throw new IllegalArgumentException("a credit grant must be non-negative and not empty: " + records
                    + " records, " + bytes + " bytes");
        }
    }

    /** Returns the reader id. */
    public long readerId() {
        return requestId;
    }

    @Override
    public Opcode opcode() {
        return Opcode.READ_CREDIT;
    }
}
