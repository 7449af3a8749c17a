package io.dlog.core.internal.write;

import java.util.List;

/**
 * An entry sent to BookKeeper and not yet acknowledged, with the sums its acknowledgement needs, computed once
 * when it is sealed so that the acknowledgement does constant work under the writer's monitor.
 *
 * @param entryId the id BookKeeper will give it (adds on one handle get consecutive ids)
 * @param records the records it carries, in slot order
 * @param bytes the entry's encoded size
 * @param control whether it carries only a control record
 * @param appRecords how many of its records are application records (not control records)
 * @param payloadBytes the application records' payload bytes
 * @param pendingBytes what its application records count against {@code writer.max.pending.bytes}
 * @param lastApp its last application record, or null if it has none
 */
record InFlightEntry(long entryId, List<PendingRecord> records, int bytes, boolean control, int appRecords,
        long payloadBytes, long pendingBytes, PendingRecord lastApp) {

    /** Sums up a sealed set. */
    static InFlightEntry of(long entryId, List<PendingRecord> records, int bytes) {
        boolean control = true;
        int appRecords = 0;
        long payloadBytes = 0;
        long pendingBytes = 0;
        PendingRecord lastApp = null;
        for (PendingRecord pr : records) {
            if (!pr.record.isControl()) {
                appRecords++;
                payloadBytes += pr.record.payload().length;
                pendingBytes += pr.bytes;
                lastApp = pr;
            }
            control &= pr.record.isControl() && !pr.record.isEndOfStream();
        }
        return new InFlightEntry(entryId, records, bytes, control, appRecords, payloadBytes, pendingBytes, lastApp);
    }
}
