package io.dlog.protocol.wire;

/**
 * Closes a reader. Answered by an {@link AckResponse}; no {@link ReadRecords} for the reader follow the answer.
 * Closing a reader that has already ended (or never existed on this connection) is answered with success too.
 *
 * @param requestId the request id (not the reader id)
 * @param readerId the reader to close
 */
public record CloseReader(long requestId, long readerId) implements Request {
    /** Validates the fields. */
    public CloseReader {
        Request.checkRequestId(requestId);
        Request.checkRequestId(readerId);
    }

    @Override
    public Opcode opcode() {
        return Opcode.CLOSE_READER;
    }
}
