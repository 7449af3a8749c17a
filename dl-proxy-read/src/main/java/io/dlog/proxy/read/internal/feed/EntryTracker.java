package io.dlog.proxy.read.internal.feed;

import io.dlog.protocol.LogRecordWithDLSN;
import java.util.List;

/**
 * Counts the BookKeeper entries one core reader has read, from the records it delivers: a record in a different
 * (segment, entry) than the previous one is a new entry. A core reader reads each entry once, so the sum over the
 * proxy's readers of a stream is what the stream cost the bookies. Not thread-safe: guarded by the feed's lock.
 */
final class EntryTracker {
    private long segment = -1;
    private long entry = -1;

    /** Returns how many new entries {@code records} start. */
    int count(List<LogRecordWithDLSN> records) {
        int n = 0;
        for (LogRecordWithDLSN r : records) {
            if (r.dlsn().segmentSequenceNumber() != segment || r.dlsn().entryId() != entry) {
                segment = r.dlsn().segmentSequenceNumber();
                entry = r.dlsn().entryId();
                n++;
            }
        }
        return n;
    }

    /** Forgets the last entry (a new core reader starts). */
    void reset() {
        segment = -1;
        entry = -1;
    }
}
