package io.dlog.tools;

import io.dlog.core.LogManager;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.StatusCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code dlog tail} starts for the positions given by the log rather than the user: the first readable
 * record, the end, N records before the end, the first segment that was being written at a time. Each answer is
 * a position plus a number of records to skip from it.
 *
 * @param dlsn where the reader opens
 * @param skip how many records to read and drop before printing
 */
record TailStart(DLSN dlsn, long skip) {

    /**
     * The first readable record: after truncation or retention released the head, the first record still kept,
     * as Kafka's {@code --from-beginning}.
     */
    static TailStart first(LogManager log) throws DLException {
        try {
            return new TailStart(log.getFirstDLSN(), 0);
        } catch (DLException e) {
            if (e.code() == StatusCode.LOG_EMPTY) {
                return end(log);
            }
            throw e;
        }
    }

    /** Just after the last record: only new records. */
    static TailStart end(LogManager log) throws DLException {
        try {
            return new TailStart(log.getLastDLSN().nextSlot(), 0);
        } catch (DLException e) {
            if (e.code() != StatusCode.LOG_EMPTY) {
                throw e;
            }
        }
        // Empty (or emptied by truncation): the next record goes to the in-progress segment or the next one.
        List<LogSegmentMetadata> segments = log.getLogSegments();
        if (segments.isEmpty()) {
            return new TailStart(DLSN.INITIAL, 0);
        }
        LogSegmentMetadata last = segments.get(segments.size() - 1);
        return new TailStart(last.isInProgress() ? last.minActiveDLSN()
                : new DLSN(last.sequenceNumber() + 1, 0, 0), 0);
    }

    /**
     * N records before the end (fewer if the log holds fewer). Counts come from the segment metadata (and the
     * in-progress segment's last-add-confirmed), so the reader starts at the segment holding that record and
     * skips to it: at most one segment is read and dropped.
     */
    static TailStart fromEnd(LogManager log, long n) throws DLException {
        long total = log.getLogRecordCount();
        List<LogSegmentMetadata> live = new ArrayList<>();
        long completed = 0;
        for (LogSegmentMetadata s : log.getLogSegments()) {
            if (s.state() != SegmentState.TRUNCATED) {
                live.add(s);
                completed += s.isInProgress() ? 0 : s.recordCount();
            }
        }
        if (total <= n || live.isEmpty()) {
            return total == 0 ? end(log) : first(log);
        }
        long after = 0;   // records in the segments after segment i
        for (int i = live.size() - 1; i >= 0; i--) {
            LogSegmentMetadata s = live.get(i);
            long count = s.isInProgress() ? Math.max(0, total - completed) : s.recordCount();
            if (after + count >= n) {
                if (i == 0 || s.minActiveDLSN().compareTo(s.firstDLSN()) > 0) {
                    // The oldest live segment may have lost a prefix to truncation, whose size the metadata does
                    // not say: start where it is readable and skip as if nothing were lost (at worst a few
                    // more records than asked for are printed, never fewer).
                    return new TailStart(first(log).dlsn(), Math.max(0, count - (n - after)));
                }
                return new TailStart(s.firstDLSN(), count - (n - after));
            }
            after += count;
        }
        return first(log);
    }

    /**
     * The first segment still being written at or after a time: a segment completed before it holds no record
     * written after it. Records carry no timestamp, so this is segment-granular: records of that segment written
     * before the time are printed too. A time after every completed segment, with no segment in progress, means
     * the end.
     */
    static TailStart fromTime(LogManager log, long millis) throws DLException {
        for (LogSegmentMetadata s : log.getLogSegments()) {
            if (s.state() == SegmentState.TRUNCATED) {
                continue;
            }
            if (s.isInProgress() || s.completedAtMillis() >= millis) {
                DLSN start = s.minActiveDLSN().compareTo(s.firstDLSN()) > 0 ? s.minActiveDLSN() : s.firstDLSN();
                return new TailStart(start, 0);
            }
        }
        return end(log);
    }
}
