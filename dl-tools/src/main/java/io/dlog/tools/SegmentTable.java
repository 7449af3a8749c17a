package io.dlog.tools;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogSegmentMetadata;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Prints segments as an aligned text table, one row per segment, oldest first. */
final class SegmentTable {
    private static final String[] HEADER = {"SEQ", "STATE", "LEDGER", "FIRST_TXID", "LAST_TXID", "FIRST_DLSN",
        "LAST_DLSN", "RECORDS", "BYTES", "CREATED"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private SegmentTable() {
    }

    static void print(PrintWriter out, List<LogSegmentMetadata> segments) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (LogSegmentMetadata s : segments) {
            rows.add(row(s));
        }
        int[] widths = new int[HEADER.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", r[i]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private static String[] row(LogSegmentMetadata s) {
        boolean open = s.isInProgress();
        return new String[] {
            Long.toString(s.sequenceNumber()),
            s.state().name().toLowerCase(java.util.Locale.ROOT),
            Long.toString(s.ledgerId()),
            txid(s.firstTxId()),
            open ? "-" : txid(s.lastTxId()),
            s.firstDLSN().toString(),
            open || s.lastDLSN().equals(DLSN.INVALID) ? "-" : s.lastDLSN().toString(),
            open ? "-" : Long.toString(s.recordCount()),
            open ? "-" : Long.toString(s.bytes()),
            TIME.format(Instant.ofEpochMilli(s.createdAtMillis())),
        };
    }

    private static String txid(long txid) {
        return txid < 0 ? "-" : Long.toString(txid);
    }
}
