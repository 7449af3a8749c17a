package io.dlog.core.internal.read;

import io.dlog.protocol.LogRecordWithDLSN;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The records read ahead and not yet delivered, in order, with their size accounted in bytes (payload plus a
 * fixed per-record overhead). The readahead pauses while {@link #isFull()}. Not thread-safe; confined to the
 * log executor.
 */
public final class ReadAheadCache {
    /** Bytes counted per record on top of its payload: the record object, its DLSN and the queue slot. */
    public static final int RECORD_OVERHEAD = 64;

    private final long maxBytes;
    private final ArrayDeque<LogRecordWithDLSN> records = new ArrayDeque<>();
    private long bytes;
    private boolean paused;

    public ReadAheadCache(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("readahead cache size must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public static long sizeOf(LogRecordWithDLSN r) {
        return (long) r.payload().length + RECORD_OVERHEAD;
    }

    /** Appends a record (even past the limit: an entry is never split between the cache and BookKeeper). */
    public void add(LogRecordWithDLSN r) {
        records.add(r);
        bytes += sizeOf(r);
    }

    /**
     * Removes up to {@code max} records from the head.
     *
     * @param max at least 1
     * @return the records, oldest first; empty if the cache is empty
     */
    public List<LogRecordWithDLSN> take(int max) {
        int n = Math.min(max, records.size());
        List<LogRecordWithDLSN> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LogRecordWithDLSN r = records.poll();
            bytes -= sizeOf(r);
            out.add(r);
        }
        return out;
    }

    /** Drops everything. */
    public void clear() {
        records.clear();
        bytes = 0;
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    public boolean isFull() {
        return bytes >= maxBytes;
    }

    /**
     * Says whether the readahead may read more, with hysteresis: once the cache was full, reading resumes only
     * when it is half empty, so each BookKeeper read asks for a large batch instead of one entry per record taken.
     *
     * @return true if a read may be issued now
     */
    public boolean mayReadMore() {
        if (bytes >= maxBytes) {
            paused = true;
        } else if (bytes <= maxBytes / 2) {
            paused = false;
        }
        return !paused;
    }

    public int size() {
        return records.size();
    }

    public long bytes() {
        return bytes;
    }

    /** Returns the bytes that may still be read ahead before the cache is full (0 if full). */
    public long freeBytes() {
        return Math.max(0, maxBytes - bytes);
    }
}
