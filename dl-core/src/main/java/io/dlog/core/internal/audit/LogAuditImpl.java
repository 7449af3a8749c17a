package io.dlog.core.internal.audit;

import io.dlog.core.AuditReport;
import io.dlog.core.LogAudit;
import io.dlog.core.OrphanLedger;
import io.dlog.core.SegmentRef;
import io.dlog.core.internal.Await;
import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.NamespaceImpl;
import io.dlog.core.internal.metadata.LogMetadataStore;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.core.internal.truncate.SegmentPurger;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.ReadHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit: lists the namespace's ledgers ({@link LedgerScanner}) first, then every log's segments, so a ledger
 * created after the listing can never be reported as an orphan and a segment created after it is checked
 * against BookKeeper before it is reported as missing. Blocking; thread-safe.
 */
public final class LogAuditImpl implements LogAudit {
    private static final Logger LOG = LoggerFactory.getLogger(LogAuditImpl.class);

    private final NamespaceImpl ns;
    private final LogMetadataStore store;
    private final Clock clock;
    private final SegmentPurger purger;

    /**
     * Makes an audit.
     *
     * @param ns the namespace, borrowed
     * @param clock judges orphan ages
     */
    public LogAuditImpl(NamespaceImpl ns, Clock clock) {
        this(ns, clock, SegmentPurger.DEFAULT);
    }

    /**
     * Makes an audit with a purger for finishing truncations (tests pass one with a hook).
     *
     * @param ns the namespace, borrowed
     * @param clock judges orphan ages
     * @param purger the purger
     */
    public LogAuditImpl(NamespaceImpl ns, Clock clock, SegmentPurger purger) {
        this.ns = ns;
        this.store = ns.store();
        this.clock = clock;
        this.purger = purger;
    }

    private record Scan(AuditReport report, Map<Long, LedgerScanner.LedgerInfo> ledgers) {
    }

    @Override
    public AuditReport run() throws DLException {
        AuditReport r = scan().report();
        LOG.info("audit done namespace={} logs={} segments={} ledgers={} orphans={} missingLedgers={} "
                + "unfinishedTruncations={}", store.paths().namespacePath(), r.logs(), r.segments(), r.ledgers(),
                r.orphans().size(), r.missingLedgers().size(), r.unfinishedTruncations().size());
        for (SegmentRef m : r.missingLedgers()) {
            LOG.error("segment ledger missing log={}/{} seg={} ledger={} state={}", store.paths().namespacePath(),
                    m.log(), m.segment(), m.ledgerId(), m.state());
        }
        return r;
    }

    private Scan scan() throws DLException {
        BookKeeper bk = ns.contextFor("audit").bk();
        Map<Long, LedgerScanner.LedgerInfo> ours = LedgerScanner.scan(bk, store.paths().namespacePath());
        Set<Long> referenced = new HashSet<>();
        Map<String, Long> lastSeq = new HashMap<>();
        List<SegmentRef> missing = new ArrayList<>();
        List<SegmentRef> unfinished = new ArrayList<>();
        int logs = 0;
        int segments = 0;
        for (String log : store.listLogs()) {
            List<Versioned<LogSegmentMetadata>> segs;
            try {
                segs = store.readSegments(log);
            } catch (LogNotFoundException e) {
                continue;
            }
            logs++;
            segments += segs.size();
            lastSeq.put(log, segs.isEmpty() ? 0 : segs.get(segs.size() - 1).value().sequenceNumber());
            int newestTruncated = -1;
            for (int i = 0; i < segs.size(); i++) {
                if (segs.get(i).value().state() == SegmentState.TRUNCATED) {
                    newestTruncated = i;
                }
            }
            for (int i = 0; i < segs.size(); i++) {
                LogSegmentMetadata s = segs.get(i).value();
                SegmentRef ref = new SegmentRef(log, s.sequenceNumber(), s.ledgerId(), s.state());
                if (s.ledgerId() >= 0) {
                    referenced.add(s.ledgerId());
                }
                if (s.state() == SegmentState.TRUNCATED) {
                    if (s.ledgerId() >= 0 || i != newestTruncated) {
                        unfinished.add(ref);
                    }
                } else if (!ours.containsKey(s.ledgerId()) && !LedgerScanner.exists(bk, s.ledgerId())) {
                    missing.add(ref);
                }
            }
        }
        List<OrphanLedger> orphans = new ArrayList<>();
        for (LedgerScanner.LedgerInfo l : ours.values()) {
            if (!referenced.contains(l.id())) {
                boolean inUse = lastSeq.containsKey(l.log()) && l.segment() > lastSeq.get(l.log())
                        && isLocked(l.log());
                orphans.add(new OrphanLedger(l.id(), l.log(), l.segment(), l.createdAtMillis(), inUse));
            }
        }
        orphans.sort((a, b) -> Long.compare(a.ledgerId(), b.ledgerId()));
        return new Scan(new AuditReport(logs, segments, ours.size(), orphans, missing, unfinished), ours);
    }

    private boolean isLocked(String log) {
        return !"nobody".equals(ns.lockHolder(log));
    }

    @Override
    public List<OrphanLedger> deleteOrphans(Duration grace) throws DLException {
        Scan scan = scan();
        long now = clock.millis();
        List<OrphanLedger> deleted = new ArrayList<>();
        for (OrphanLedger o : scan.report().orphans()) {
            if (o.possiblyInUse() || o.createdAtMillis() <= 0 || now - o.createdAtMillis() < grace.toMillis()) {
                LOG.debug("orphan kept ledger={} log={} seg={} createdAt={} inUse={}", o.ledgerId(), o.log(),
                        o.segment(), o.createdAtMillis(), o.possiblyInUse());
                continue;
            }
            if (stillOrphan(o) && reclaim(o, scan.ledgers().get(o.ledgerId()))) {
                deleted.add(o);
                LOG.info("orphan ledger deleted namespace={} log={} seg={} ledger={} ageMs={}",
                        store.paths().namespacePath(), o.log(), o.segment(), o.ledgerId(), now - o.createdAtMillis());
            }
        }
        Set<String> unfinishedLogs = new LinkedHashSet<>();
        scan.report().unfinishedTruncations().forEach(s -> unfinishedLogs.add(s.log()));
        for (String log : unfinishedLogs) {
            try {
                purger.finish(ns.contextFor(log), "audit (interrupted truncation)");
            } catch (LogNotFoundException e) {
                LOG.debug("log vanished during audit log={}", log);
            }
        }
        return deleted;
    }

    /** Checks again, just before deleting, that no segment references the ledger and no writer may be using it. */
    private boolean stillOrphan(OrphanLedger o) throws DLException {
        if (!store.logExists(o.log())) {
            return true;
        }
        List<Versioned<LogSegmentMetadata>> segs;
        try {
            segs = store.readSegments(o.log());
        } catch (LogNotFoundException e) {
            return true;
        }
        long last = 0;
        for (Versioned<LogSegmentMetadata> v : segs) {
            if (v.value().ledgerId() == o.ledgerId()) {
                return false;
            }
            last = v.value().sequenceNumber();
        }
        return !(o.segment() > last && isLocked(o.log()));
    }

    /** Fences an open ledger (so a stale writer cannot be acknowledged by it), then deletes it. */
    private boolean reclaim(OrphanLedger o, LedgerScanner.LedgerInfo info) throws DLException {
        LogContext ctx = ns.contextFor(o.log());
        if (info != null && !info.closed()) {
            try {
                ReadHandle rh = Await.await(Ledgers.open(ctx, o.ledgerId(), true));
                rh.closeAsync();
            } catch (DLException e) {
                LOG.warn("orphan ledger not deleted: cannot fence it ledger={} log={} code={} reason={}",
                        o.ledgerId(), o.log(), e.code(), e.getMessage());
                return false;
            }
        }
        Await.await(Ledgers.delete(ctx, o.ledgerId()));
        return true;
    }
}
