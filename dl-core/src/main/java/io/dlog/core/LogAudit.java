package io.dlog.core;

import io.dlog.protocol.DLException;
import java.time.Duration;
import java.util.List;

/**
 * Compares a namespace's metadata with its ledgers in BookKeeper: finds ledgers that no segment references
 * (orphans: a writer that crashed between creating a ledger and committing its segment, or its pre-allocated
 * next ledger) and segments whose ledger is missing, and reclaims the orphans.
 *
 * <p>The audit lists every ledger of the BookKeeper cluster and reads each one's metadata, so it costs one
 * metadata read per ledger: run it from operations tooling, not on a hot path. Made by
 * {@link NamespaceAdmin#audit()}. Blocking (never call it from a Netty event loop or a ZooKeeper or BookKeeper
 * callback); thread-safe.
 */
public interface LogAudit {

    /**
     * Audits the namespace. Changes nothing.
     *
     * @return the report
     * @throws DLException ZOOKEEPER_ERROR, BK_TRANSMIT_ERROR, ALREADY_CLOSED
     */
    AuditReport run() throws DLException;

    /**
     * Audits, then deletes the orphans created more than {@code grace} ago and finishes unfinished truncations.
     * An orphan is skipped if its age is unknown, if it is younger than the grace period, or if it may be a live
     * writer's pre-allocated ledger; each one is checked again just before it is deleted, and fenced first if it
     * is still open, so a stale writer can get no acknowledgement from it.
     *
     * @param grace the minimum age of a deleted orphan; make it longer than a writer needs between creating a
     *     ledger and committing its segment (minutes at least)
     * @return the orphans deleted
     * @throws DLException ZOOKEEPER_ERROR, BK_TRANSMIT_ERROR, ALREADY_CLOSED
     */
    List<OrphanLedger> deleteOrphans(Duration grace) throws DLException;
}
