package io.dlog.tools;

import io.dlog.core.AuditReport;
import io.dlog.core.OrphanLedger;
import io.dlog.core.SegmentRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON of {@code dlog audit --output json}; its field names are documented in docs/cli.md. */
final class AuditJson {
    private AuditJson() {
    }

    static Map<String, Object> report(String uri, AuditReport r, Clock clock) {
        List<Object> orphans = new ArrayList<>();
        for (OrphanLedger o : r.orphans()) {
            orphans.add(Json.object("ledger", o.ledgerId(), "log", o.log(), "seq", o.segment() < 0 ? null
                    : o.segment(), "age_seconds", o.createdAtMillis() < 0 ? null
                    : Math.max(0, clock.millis() - o.createdAtMillis()) / 1000, "possibly_in_use", o.possiblyInUse()));
        }
        return Json.object("namespace", uri, "logs", r.logs(), "segments", r.segments(), "ledgers", r.ledgers(),
                "orphans", orphans, "missing_ledgers", refs(r.missingLedgers()),
                "unfinished_truncations", refs(r.unfinishedTruncations()));
    }

    private static List<Object> refs(List<SegmentRef> refs) {
        List<Object> rows = new ArrayList<>();
        for (SegmentRef s : refs) {
            rows.add(Json.object("ledger", s.ledgerId() < 0 ? null : s.ledgerId(), "log", s.log(), "seq",
                    s.segment(), "state", s.state().name().toLowerCase(Locale.ROOT)));
        }
        return rows;
    }
}
