package io.dlog.proxy.read.internal.feed;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream's recent records, in log order, bounded by payload bytes. It is complete from {@link #start()}: every
 * record of the log at or after {@code start()} and up to the last one added is in it, so a subscriber whose next
 * position is at or after {@code start()} can be served from it without a gap. Evicting a record moves
 * {@code start()} just past it. Not thread-safe: guarded by its {@link StreamFeed}.
 */
final class RecordCache {
    private final long maxBytes;
    private final ArrayList<LogRecordWithDLSN> records = new ArrayList<>();
    private int head;
    private long bytes;
    private DLSN start;

    RecordCache(long maxBytes, DLSN start) {
        this.maxBytes = maxBytes;
        this.start = start;
    }

    /** The first position the cache is complete from. */
    DLSN start() {
        return start;
    }

    /** Payload bytes held. */
    long bytes() {
        return bytes;
    }

    /** Records held. */
    int size() {
        return records.size() - head;
    }

    /** Appends the next record of the log, evicting the oldest ones past the byte bound (never the new one). */
    void add(LogRecordWithDLSN r) {
        records.add(r);
        bytes += r.payload().length;
        while (bytes > maxBytes && size() > 1) {
            LogRecordWithDLSN old = records.get(head);
            records.set(head, null);
            head++;
            bytes -= old.payload().length;
            start = old.dlsn().nextSlot();
        }
        if (head > 1024 && head > records.size() / 2) {
            List<LogRecordWithDLSN> rest = new ArrayList<>(records.subList(head, records.size()));
            records.clear();
            records.addAll(rest);
            head = 0;
        }
    }

    /** The index (0-based from the oldest held) of the first record at or after {@code from}; size() if none. */
    int indexOf(DLSN from) {
        int lo = head;
        int hi = records.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (records.get(mid).dlsn().compareTo(from) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - head;
    }

    /** The record at an index from {@link #indexOf}. */
    LogRecordWithDLSN get(int index) {
        return records.get(head + index);
    }
}
