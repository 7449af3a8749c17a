package io.dlog.chaos;

import io.dlog.protocol.DLSN;
import java.util.Objects;

/**
 * One record of a log as the final full read delivered it.
 *
 * @param dlsn    its position
 * @param txid    its txid
 * @param payload its payload as text (the harness writes UTF-8 ids)
 */
public record FinalRecord(DLSN dlsn, long txid, String payload) {

    /** Validates the fields. */
    public FinalRecord {
        Objects.requireNonNull(dlsn, "dlsn");
        Objects.requireNonNull(payload, "payload");
    }
}
