package io.dlog.core.internal.write;

import java.util.List;

/**
 * An entry sent to BookKeeper and not yet acknowledged.
 *
 * @param entryId the id BookKeeper will give it (adds on one handle get consecutive ids)
 * @param records the records it carries, in slot order (empty for a control entry)
 * @param bytes the entry's encoded size
 * @param control whether it carries only a control record
 */
record InFlightEntry(long entryId, List<PendingRecord> records, int bytes, boolean control) {
}
