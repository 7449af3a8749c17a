package io.dlog.core.internal.write;

import io.dlog.core.internal.Await;
import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.entry.DecodedEntry;
import java.util.concurrent.CompletionException;
import org.apache.bookkeeper.client.api.ReadHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers a segment a previous owner left in progress: opening its ledger with recovery fences the old writer
 * on the bookies and settles the ledger's end; the segment's metadata is then completed from its last entry.
 * Blocking; runs on the open executor.
 */
final class SegmentRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentRecovery.class);

    /**
     * The outcome of a recovery.
     *
     * @param metadata the completed segment, or null if it was empty and deleted
     * @param endOfStream whether the segment ends with the end-of-stream marker (the log is then sealed)
     * @param logVersion the log znode's version afterwards (one more when this recovery sealed the log)
     */
    record Recovered(LogSegmentMetadata metadata, boolean endOfStream, int logVersion) {
    }

    private record Tail(long records, long lastTxId, DLSN lastDLSN, boolean endOfStream) {
    }

    private SegmentRecovery() {
    }

    /**
     * Recovers an in-progress segment. A segment that ends with the end-of-stream marker is completed and the
     * log sealed in one transaction.
     *
     * @param ctx the log
     * @param v the segment and its znode version
     * @param maxTxId the log's max txid
     * @param info the log znode's value (this owner's epoch)
     * @param logVersion the owner's log-znode version
     * @return what it found
     */
    static Recovered recover(LogContext ctx, Versioned<LogSegmentMetadata> v, long maxTxId, LogInfo info,
            int logVersion) throws DLException {
        LogSegmentMetadata seg = v.value();
        ReadHandle rh = Await.await(Ledgers.open(ctx, seg.ledgerId(), true));
        try {
            long lac = Ledgers.lastReadableEntry(rh);
            Tail tail = lac < 0 ? null : scanTail(ctx, rh, seg.sequenceNumber(), lac);
            if (tail == null || (tail.records() == 0 && !tail.endOfStream())) {
                removeEmpty(ctx, v, logVersion);
                return new Recovered(null, false, logVersion);
            }
            long firstTxId = tail.records() == 0 ? -1 : firstTxId(ctx, rh, seg.sequenceNumber(), lac);
            LogSegmentMetadata done = seg.complete(firstTxId, tail.lastTxId(), tail.lastDLSN(), tail.records(),
                    rh.getLength(), ctx.clock().millis());
            int newVersion = tail.endOfStream()
                    ? SegmentCommits.seal(ctx, done, v.version(), Math.max(maxTxId, tail.lastTxId()),
                            new LogInfo(info.createdAtMillis(), true, info.epoch()), logVersion)
                    : complete(ctx, done, v.version(), Math.max(maxTxId, tail.lastTxId()), logVersion);
            ctx.metrics().recoveries.inc();
            LOG.info("segment recovered log={} seg={} ledger={} records={} lastTxId={} lastDLSN={} endOfStream={}",
                    ctx.fullName(), seg.sequenceNumber(), seg.ledgerId(), done.recordCount(), done.lastTxId(),
                    done.lastDLSN(), tail.endOfStream());
            return new Recovered(done, tail.endOfStream(), newVersion);
        } catch (CompletionException e) {
            throw Futures.toDLException(e);
        } finally {
            rh.closeAsync();
        }
    }

    private static int complete(LogContext ctx, LogSegmentMetadata done, int segVersion, long maxTxId,
            int logVersion) throws DLException {
        try {
            ctx.store().completeSegment(ctx.log(), done, segVersion, maxTxId, null, logVersion);
        } catch (DLException e) {
            if (AmbiguousCommits.learn(ctx, "complete recovered segment " + done.sequenceNumber(), e,
                    () -> AmbiguousCommits.segmentCompletedAs(ctx, done)) != AmbiguousCommits.Outcome.COMMITTED) {
                throw e;
            }
        }
        return logVersion;
    }

    /** Metadata first, then the ledger: a crash in between leaves only an orphan ledger. */
    private static void removeEmpty(LogContext ctx, Versioned<LogSegmentMetadata> v, int logVersion)
            throws DLException {
        LogSegmentMetadata seg = v.value();
        try {
            ctx.store().deleteSegment(ctx.log(), seg.sequenceNumber(), v.version(), logVersion);
        } catch (DLException e) {
            if (AmbiguousCommits.learn(ctx, "remove empty segment " + seg.sequenceNumber(), e,
                    () -> AmbiguousCommits.segmentGone(ctx, seg.sequenceNumber()))
                    != AmbiguousCommits.Outcome.COMMITTED) {
                throw e;
            }
        }
        Await.await(Ledgers.delete(ctx, seg.ledgerId()));
        LOG.info("empty segment removed log={} seg={} ledger={}", ctx.fullName(), seg.sequenceNumber(),
                seg.ledgerId());
    }

    /**
     * Whether a completed segment ends with the end-of-stream marker: a log whose last completed segment does is
     * sealed, even if its log znode says otherwise (left by a version that sealed in two transactions).
     */
    static boolean endsWithEndOfStream(LogContext ctx, LogSegmentMetadata seg) throws DLException {
        ReadHandle rh = Await.await(Ledgers.open(ctx, seg.ledgerId(), false));
        try {
            long last = Ledgers.lastReadableEntry(rh);
            return last >= 0 && Ledgers.readEntry(ctx, rh, seg.sequenceNumber(), last).records().stream()
                    .anyMatch(LogRecordWithDLSN::isEndOfStream);
        } finally {
            rh.closeAsync();
        }
    }

    private static Tail scanTail(LogContext ctx, ReadHandle rh, long seq, long lac) throws DLException {
        DecodedEntry last = Ledgers.readEntry(ctx, rh, seq, lac);
        long total = last.recordsBefore() + applicationRecords(last);
        boolean eos = last.records().stream().anyMatch(LogRecordWithDLSN::isEndOfStream);
        if (total == 0) {
            return new Tail(0, -1, DLSN.INVALID, eos);
        }
        for (long id = lac; id >= 0; id--) {
            DecodedEntry e = id == lac ? last : Ledgers.readEntry(ctx, rh, seq, id);
            for (int i = e.records().size() - 1; i >= 0; i--) {
                LogRecordWithDLSN r = e.records().get(i);
                if (!r.isControl()) {
                    return new Tail(total, r.txid(), r.dlsn(), eos);
                }
            }
        }
        return new Tail(0, -1, DLSN.INVALID, eos);
    }

    private static long firstTxId(LogContext ctx, ReadHandle rh, long seq, long lac) throws DLException {
        for (long id = 0; id <= lac; id++) {
            for (LogRecordWithDLSN r : Ledgers.readEntry(ctx, rh, seq, id).records()) {
                if (!r.isControl()) {
                    return r.txid();
                }
            }
        }
        return -1;
    }

    private static long applicationRecords(DecodedEntry e) {
        return e.records().stream().filter(r -> !r.isControl()).count();
    }
}
