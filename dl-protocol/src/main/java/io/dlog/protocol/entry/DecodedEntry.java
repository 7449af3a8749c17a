package io.dlog.protocol.entry;

import io.dlog.protocol.LogRecordWithDLSN;
import java.util.List;
import java.util.Objects;

/**
 * One decoded entry: where it is, how many application records of its segment come before it, and its
 * records in slot order (control records included; callers filter them with
 * {@link LogRecordWithDLSN#isControl()}). Record {@code i} has the DLSN
 * {@code segmentSequenceNumber:entryId:i}.
 *
 * <p>Immutable apart from the records' payload arrays, which belong to the receiver.
 *
 * @param segmentSequenceNumber the segment the entry was read from
 * @param entryId the entry's id within the segment
 * @param recordsBefore the number of application (non-control) records in the segment before this entry
 * @param records the records, in slot order; an unmodifiable list
 */
public record DecodedEntry(long segmentSequenceNumber, long entryId, long recordsBefore,
        List<LogRecordWithDLSN> records) {

    /**
     * Validates the fields and makes the list unmodifiable.
     *
     * @throws NullPointerException if records is null or holds null
     * @throws IllegalArgumentException if a number is negative
     */
    public DecodedEntry {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        if (segmentSequenceNumber < 0 || entryId < 0 || recordsBefore < 0) {
            throw new IllegalArgumentException("negative field in decoded entry: seg=" + segmentSequenceNumber
                    + " entry=" + entryId + " recordsBefore=" + recordsBefore);
        }
    }
}
