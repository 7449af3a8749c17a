package io.dlog.core;

/**
 * A BookKeeper ledger that dlog created for a namespace (its custom metadata names the namespace) but that no
 * segment of any log references. Immutable and thread-safe.
 *
 * @param ledgerId the ledger
 * @param log the log named in its metadata
 * @param segment the segment sequence number named in its metadata, or -1
 * @param createdAtMillis the ledger's creation time (the creating client's clock), or -1 if unknown
 * @param possiblyInUse true if it names a segment after the log's last one while a writer holds the log: most
 *     likely that writer's pre-allocated next ledger, which {@link LogAudit#deleteOrphans} leaves alone
 */
public record OrphanLedger(long ledgerId, String log, long segment, long createdAtMillis, boolean possiblyInUse) {
}
