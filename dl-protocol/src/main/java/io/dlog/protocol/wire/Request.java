package io.dlog.protocol.wire;

/**
 * A request, sent by a client. Request ids are positive; {@link WireFormat#CONNECTION_REQUEST_ID} is reserved.
 */
public sealed interface Request extends WireMessage
        permits Handshake, Write, WriteBulk, Truncate, Create, Delete, Release, Heartbeat, GetOwner, Drain,
                OpenReader, ReadCredit, CloseReader, CommitPosition {

    /** Returns the operation. */
    Opcode opcode();

    @Override
    default int opcodeValue() {
        return opcode().value();
    }

    /** Checks a request id: positive (zero is reserved for connection-level answers). */
    static long checkRequestId(long requestId) {
        if (requestId <= 0) {
            throw new IllegalArgumentException("request id must be positive: " + requestId);
        }
        return requestId;
    }
}
