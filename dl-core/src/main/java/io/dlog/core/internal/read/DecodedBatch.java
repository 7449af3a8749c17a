package io.dlog.core.internal.read;

import io.dlog.core.internal.EntryLimits;
import io.dlog.core.internal.Ledgers;
import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.entry.DecodedEntry;
import io.dlog.protocol.entry.RecordSetReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.bookkeeper.client.api.LedgerEntries;
import org.apache.bookkeeper.client.api.LedgerEntry;

/**
 * The answer to one batch read of consecutive entries, decoded, its entry buffers released.
 *
 * <p>It is decoded on the thread BookKeeper completes the read on, right after BookKeeper checked the entries
 * against their digest: the bytes are still in the processor's caches there, and the log executor is left to
 * hand records over. An entry that does not decode, or is not the one expected, ends the batch: the entries
 * before it are kept, and {@link #failure} is applied after them.
 *
 * @param entries the entries that decoded, in entry order
 * @param bytes the size in the ledger of each of {@code entries}
 * @param failure why the batch ended before its last entry, or null
 */
record DecodedBatch(List<DecodedEntry> entries, long[] bytes, DLException failure) {

    /**
     * Decodes entries {@code firstEntryId..} of a segment and releases them.
     *
     * @param answer the read's answer, closed here
     * @param segmentSeq the segment's sequence number (for DLSNs)
     * @param firstEntryId the entry the read started at
     * @param count how many entries were asked for
     * @param where the log and segment, for messages
     */
    static DecodedBatch decode(LedgerEntries answer, long segmentSeq, long firstEntryId, int count, String where) {
        List<DecodedEntry> entries = new ArrayList<>(count);
        long[] bytes = new long[count];
        try (answer) {
            for (LedgerEntry e : answer) {
                long expected = firstEntryId + entries.size();
                if (entries.size() == count) {
                    return new DecodedBatch(entries, bytes, new DLException(StatusCode.LOG_READ_ERROR, where
                            + ": BookKeeper returned more than the " + count + " entries asked for from "
                            + firstEntryId));
                }
                if (e.getEntryId() != expected) {
                    return new DecodedBatch(entries, bytes, new DLException(StatusCode.LOG_READ_ERROR, where
                            + ": BookKeeper returned entry " + e.getEntryId() + " where " + expected
                            + " was expected"));
                }
                bytes[entries.size()] = Ledgers.entryBytes(e);
                entries.add(RecordSetReader.decode(e.getEntryBuffer(), segmentSeq, e.getEntryId(),
                        EntryLimits.MAX_DECOMPRESSED_BYTES));
            }
        } catch (DLException e) {
            return new DecodedBatch(entries, bytes, e);
        }
        return new DecodedBatch(entries, bytes, null);
    }
}
