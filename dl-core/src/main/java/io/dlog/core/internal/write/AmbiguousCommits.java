package io.dlog.core.internal.write;

import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LogSegmentMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the outcome of a metadata transaction that failed in a way that does not say whether it committed.
 *
 * <p>Curator retries a transaction after a connection loss. When the first attempt had committed before the
 * connection went, the retry fails (BadVersion, NodeExists, NoNode) although the change is in ZooKeeper: the
 * failure alone cannot be trusted. So after any failure the writer re-reads the metadata it meant to change and
 * decides from what it finds. ZooKeeper answers a session's requests in order, so the answer to the re-read
 * comes after the outcome of every earlier request. When the re-read fails too, the outcome stays unknown: the
 * caller then fails without deleting anything (a ledger that may be referenced is left to the audit).
 * Blocking; runs on the metadata executor.
 */
final class AmbiguousCommits {
    private static final Logger LOG = LoggerFactory.getLogger(AmbiguousCommits.class);

    /** What a re-read found. */
    enum Outcome { COMMITTED, NOT_COMMITTED, UNKNOWN }

    /** A check of the metadata; returns whether the transaction's change is there. */
    @FunctionalInterface
    interface Check {
        boolean committed() throws DLException;
    }

    private AmbiguousCommits() {
    }

    /**
     * Re-reads after a failed transaction.
     *
     * @param ctx the log
     * @param what the transaction, for the log line
     * @param failure how it failed
     * @param check whether its change is in the metadata
     * @return the outcome
     */
    static Outcome learn(LogContext ctx, String what, DLException failure, Check check) {
        try {
            boolean committed = check.committed();
            if (committed) {
                LOG.info("transaction committed although it failed log={} what={} code={} reason={}",
                        ctx.fullName(), what, failure.code(), failure.getMessage());
                return Outcome.COMMITTED;
            }
            return Outcome.NOT_COMMITTED;
        } catch (DLException | RuntimeException e) {
            LOG.warn("outcome of a failed transaction unknown log={} what={} code={} reason={}", ctx.fullName(),
                    what, failure.code(), e.getMessage());
            return Outcome.UNKNOWN;
        }
    }

    /** Whether segment {@code seq} exists and references {@code ledgerId} (ledger ids are never reused). */
    static boolean segmentReferences(LogContext ctx, long seq, long ledgerId) throws DLException {
        Versioned<LogSegmentMetadata> s = ctx.store().readSegment(ctx.log(), seq, null);
        return s != null && s.value().ledgerId() == ledgerId;
    }

    /** Whether segment {@code seq} is completed with the given content. */
    static boolean segmentCompletedAs(LogContext ctx, LogSegmentMetadata completed) throws DLException {
        Versioned<LogSegmentMetadata> s = ctx.store().readSegment(ctx.log(), completed.sequenceNumber(), null);
        return s != null && !s.value().isInProgress() && s.value().ledgerId() == completed.ledgerId()
                && s.value().recordCount() == completed.recordCount()
                && s.value().lastDLSN().equals(completed.lastDLSN());
    }

    /** Whether segment {@code seq} is gone. */
    static boolean segmentGone(LogContext ctx, long seq) throws DLException {
        return ctx.store().readSegment(ctx.log(), seq, null) == null;
    }

    /**
     * Returns the log znode's version if it holds {@code expected} at exactly {@code expectedVersion} (this owner's
     * write landed and nobody changed it since), else -1.
     */
    static int logWrittenAs(LogContext ctx, LogInfo expected, int expectedVersion) throws DLException {
        Versioned<LogInfo> read = ctx.store().readLog(ctx.log());
        return read.version() == expectedVersion && read.value().equals(expected) ? read.version() : -1;
    }
}
