package io.dlog.core;

import java.util.List;

/**
 * The result of {@link LogAudit#run()}: how a namespace's metadata and its BookKeeper ledgers match up.
 * Immutable and thread-safe.
 *
 * @param logs the logs audited
 * @param segments the segment znodes seen
 * @param ledgers the ledgers of this namespace found in BookKeeper (by their custom metadata)
 * @param orphans ledgers of this namespace that no segment references
 * @param missingLedgers segments (not TRUNCATED) whose ledger does not exist: data loss an operator must look at
 * @param unfinishedTruncations TRUNCATED segments whose ledger or znode is still to be deleted (an interrupted
 *     truncation, retention pass or deletion); {@link LogAudit#deleteOrphans} finishes them
 */
public record AuditReport(int logs, int segments, int ledgers, List<OrphanLedger> orphans,
        List<SegmentRef> missingLedgers, List<SegmentRef> unfinishedTruncations) {

    /** Copies the lists. */
    public AuditReport {
        orphans = List.copyOf(orphans);
        missingLedgers = List.copyOf(missingLedgers);
        unfinishedTruncations = List.copyOf(unfinishedTruncations);
    }

    /** Returns whether the namespace is clean: no orphans, no missing ledgers, nothing unfinished. */
    public boolean isClean() {
        return orphans.isEmpty() && missingLedgers.isEmpty() && unfinishedTruncations.isEmpty();
    }
}
