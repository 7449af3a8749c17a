package io.dlog.protocol.wire;

import io.dlog.protocol.DLSN;
import java.util.Objects;

/**
 * The success answer of an {@link OpenReader} whose start the proxy resolved itself ({@link ReadPosition#FIRST}
 * without a subscription, {@link ReadPosition#LAST}, {@link ReadPosition#TAIL}): the position the reader starts at.
 * A client that has to reopen the reader before it received a record reopens it there (position
 * {@link ReadPosition#DLSN}), so a reader opened at the tail does not skip the records written meanwhile. The
 * other opens are answered by an {@link AckResponse} (an empty body), as before this answer existed.
 *
 * @param requestId the open's request id (the reader id)
 * @param start the first position the reader delivers records at or after
 */
public record ReaderOpened(long requestId, DLSN start) implements Response {
    /** Validates the fields. */
    public ReaderOpened {
        Request.checkRequestId(requestId);
        Objects.requireNonNull(start, "start");
    }

    @Override
    public int opcodeValue() {
        return Opcode.OPEN_READER.value();
    }
}
