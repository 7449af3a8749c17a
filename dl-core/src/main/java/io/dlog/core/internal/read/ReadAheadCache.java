package io.dlog.core.internal.read;

import io.dlog.protocol.LogRecordWithDLSN;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The records read ahead and not yet delivered, in order, with their size accounted in bytes (payload plus a
 * fixed per-record overhead). The readahead pauses while {@link #isFull()}. Not thread-safe; confined to the
 * log executor.
 *
 * <p>Records are kept as the runs they were added in (an entry's records), each with the running total of its
 * records' sizes, so that {@link #take} copies references in bulk and never reads a record again. By the time a
 * catch-up reader takes its records they have left the processor's caches; dequeuing them one at a time and
 * reading each one's size again was 18 % of the log executor's samples in a catch-up read (issue 13).
 */
public final class ReadAheadCache {
    /** Bytes counted per record on top of its payload: the record object, its DLSN and the queue slot. */
    public static final int RECORD_OVERHEAD = 64;

    private final long maxBytes;
    private final ArrayDeque<Run> runs = new ArrayDeque<>();
    private long bytes;
    private int size;
    private boolean paused;

    /** Records added together, of which those from {@code next} on are still cached. */
    private static final class Run {
        private final List<LogRecordWithDLSN> records;
        /** {@code endBytes[i]}: the size of records 0..i together. */
        private final long[] endBytes;
        private int next;

        Run(List<LogRecordWithDLSN> records) {
            this.records = records;
            this.endBytes = new long[records.size()];
            long total = 0;
            for (int i = 0; i < endBytes.length; i++) {
                total += sizeOf(records.get(i));
                endBytes[i] = total;
            }
        }

        int remaining() {
            return endBytes.length - next;
        }

        /** The size of records {@code from} (inclusive) to {@code to} (exclusive). */
        long bytesBetween(int from, int to) {
            return endBytes[to - 1] - (from == 0 ? 0 : endBytes[from - 1]);
        }
    }

    public ReadAheadCache(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("readahead cache size must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public static long sizeOf(LogRecordWithDLSN r) {
        return (long) r.payload().length + RECORD_OVERHEAD;
    }

    /**
     * Appends records, oldest first (even past the limit: an entry is never split between the cache and
     * BookKeeper). The cache keeps the list itself: the caller must not change it afterwards.
     *
     * @param records the records; an empty list is ignored
     */
    public void addAll(List<LogRecordWithDLSN> records) {
        if (records.isEmpty()) {
            return;
        }
        Run run = new Run(records);
        runs.add(run);
        bytes += run.bytesBetween(0, run.remaining());
        size += records.size();
    }

    /**
     * Removes up to {@code max} records from the head.
     *
     * @param max at least 1
     * @return the records, oldest first, in a list of the caller's own; empty if the cache is empty
     */
    public List<LogRecordWithDLSN> take(int max) {
        int n = Math.min(max, size);
        List<LogRecordWithDLSN> out = new ArrayList<>(n);
        while (out.size() < n) {
            Run run = runs.peek();
            int from = run.next;
            int to = from + Math.min(n - out.size(), run.remaining());
            out.addAll(run.records.subList(from, to));
            bytes -= run.bytesBetween(from, to);
            run.next = to;
            if (run.remaining() == 0) {
                runs.poll();
            }
        }
        size -= n;
        return out;
    }

    /** Drops everything. */
    public void clear() {
        runs.clear();
        bytes = 0;
        size = 0;
    }

    public boolean isEmpty() {
        return size == 0;
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
        return size;
    }

    public long bytes() {
        return bytes;
    }

    /** Returns the bytes that may still be read ahead before the cache is full (0 if full). */
    public long freeBytes() {
        return Math.max(0, maxBytes - bytes);
    }
}
