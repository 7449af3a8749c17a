package io.dlog.tools;

import io.dlog.core.LockOwner;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.StatusCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code log list} and {@code log show} say about a log. Gathering it costs the segment znodes' reads, one
 * read of the log znode (sealed), one of the lock znode (writer), and for a log with an in-progress segment one
 * BookKeeper read of that segment's last-add-confirmed (records, last DLSN).
 *
 * @param name the log
 * @param records readable application records
 * @param bytes bytes of the live completed segments (an in-progress segment counts once it completes)
 * @param segmentCount live segments (not truncated)
 * @param firstDlsn the first readable record, or null for an empty log
 * @param lastDlsn the last durable record, or null
 * @param lastTxId its txid, or null
 * @param lastWriteMillis when the newest segment was started or completed (epoch ms; 0 with no segment): while a
 *     segment is in progress, the time of its start, a lower bound of the last write
 * @param sealed whether the log was sealed (end of stream)
 * @param writer who holds the write lock, or null
 * @param segments the segments, oldest first (truncated markers included)
 */
record LogInfo(String name, long records, long bytes, int segmentCount, DLSN firstDlsn, DLSN lastDlsn,
        Long lastTxId, long lastWriteMillis, boolean sealed, LockOwner writer, List<LogSegmentMetadata> segments) {

    static LogInfo read(Namespace ns, ZkTree zk, String name) throws DLException {
        try (LogManager log = ns.openLog(name)) {
            List<LogSegmentMetadata> segments = log.getLogSegments();
            long bytes = 0;
            int live = 0;
            long lastWrite = 0;
            for (LogSegmentMetadata s : segments) {
                if (s.state() == SegmentState.TRUNCATED) {
                    continue;
                }
                live++;
                bytes += s.isInProgress() ? 0 : s.bytes();
                lastWrite = Math.max(lastWrite, Math.max(s.createdAtMillis(), s.completedAtMillis()));
            }
            DLSN first = null;
            DLSN last = null;
            Long lastTxId = null;
            try {
                first = log.getFirstDLSN();
                last = log.getLastDLSN();
                lastTxId = log.getLastTxId();
            } catch (DLException e) {
                if (e.code() != StatusCode.LOG_EMPTY) {
                    throw e;
                }
            }
            return new LogInfo(name, log.getLogRecordCount(), bytes, live, first, last, lastTxId, lastWrite,
                    zk.isSealed(ns.uri().getPath(), name), log.getLockOwner().orElse(null), segments);
        }
    }

    /** The fields of {@code log list --output json}, in documented order. */
    Map<String, Object> summaryJson() {
        return Json.object("name", name, "records", records, "bytes", bytes, "segment_count", segmentCount,
                "first_dlsn", str(firstDlsn), "last_dlsn", str(lastDlsn), "last_txid", lastTxId,
                "last_write", lastWriteMillis == 0 ? null : Instant.ofEpochMilli(lastWriteMillis).toString(),
                "sealed", sealed, "writer", writer == null ? null : Json.object("owner", writer.owner(), "since",
                        Instant.ofEpochMilli(writer.sinceMillis()).toString()));
    }

    /** The fields of {@code log show --output json}: the summary, the namespace and the segments. */
    Map<String, Object> detailJson(String namespace) {
        Map<String, Object> m = Json.object("namespace", namespace);
        m.putAll(summaryJson());
        List<Object> rows = new ArrayList<>();
        for (LogSegmentMetadata s : segments) {
            boolean open = s.isInProgress();
            rows.add(Json.object("seq", s.sequenceNumber(), "state", s.state().name().toLowerCase(
                    java.util.Locale.ROOT), "ledger", s.ledgerId(), "first_txid", txid(s.firstTxId()),
                    "last_txid", open ? null : txid(s.lastTxId()), "first_dlsn", s.firstDLSN().toString(),
                    "last_dlsn", open || s.lastDLSN().equals(DLSN.INVALID) ? null : s.lastDLSN().toString(),
                    "records", open ? null : s.recordCount(), "bytes", open ? null : s.bytes(),
                    "created", Instant.ofEpochMilli(s.createdAtMillis()).toString()));
        }
        m.put("segments", rows);
        return m;
    }

    private static String str(DLSN d) {
        return d == null ? null : d.toString();
    }

    private static Long txid(long t) {
        return t < 0 ? null : t;
    }
}
