package io.dlog.core.internal.write;

import io.dlog.core.internal.Await;
import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.entry.DecodedEntry;
import org.apache.bookkeeper.client.api.ReadHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers a segment a previous owner left in progress: opening its ledger with recovery fences the old writer
 * on the bookies and settles the ledger's end; the segment's metadata is then completed from its last entry.
 * Blocking; runs on the metadata executor.
 */
final class SegmentRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentRecovery.class);

    /**
     * The outcome of a recovery.
     *
     * @param metadata the completed segment, or null if it was empty and deleted
     * @param endOfStream whether the segment ends with the end-of-stream marker
     */
    record Recovered(LogSegmentMetadata metadata, boolean endOfStream) {
    }

    private record Tail(long records, long lastTxId, DLSN lastDLSN, boolean endOfStream) {
    }

    private SegmentRecovery() {
    }

    static Recovered recover(LogContext ctx, Versioned<LogSegmentMetadata> v, long maxTxId, int logVersion)
            throws DLException {
        LogSegmentMetadata seg = v.value();
        ReadHandle rh = Await.await(Ledgers.open(ctx, seg.ledgerId(), true));
        try {
            long lac = Ledgers.lastReadableEntry(rh);
            Tail tail = lac < 0 ? null : scanTail(ctx, rh, seg.sequenceNumber(), lac);
            if (tail == null || (tail.records() == 0 && !tail.endOfStream())) {
                // Metadata first, then the ledger: a crash in between leaves only an orphan ledger.
                ctx.store().deleteSegment(ctx.log(), seg.sequenceNumber(), v.version(), logVersion);
                Await.await(Ledgers.delete(ctx, seg.ledgerId()));
                LOG.info("empty segment removed log={} seg={} ledger={}", ctx.fullName(), seg.sequenceNumber(),
                        seg.ledgerId());
                return new Recovered(null, false);
            }
            long firstTxId = tail.records() == 0 ? -1 : firstTxId(ctx, rh, seg.sequenceNumber(), lac);
            LogSegmentMetadata done = seg.complete(firstTxId, tail.lastTxId(), tail.lastDLSN(), tail.records(),
                    rh.getLength(), ctx.clock().millis());
            ctx.store().completeSegment(ctx.log(), done, v.version(), Math.max(maxTxId, tail.lastTxId()), null,
                    logVersion);
            ctx.metrics().recoveries.inc();
            LOG.info("segment recovered log={} seg={} ledger={} records={} lastTxId={} lastDLSN={}",
                    ctx.fullName(), seg.sequenceNumber(), seg.ledgerId(), done.recordCount(), done.lastTxId(),
                    done.lastDLSN());
            return new Recovered(done, tail.endOfStream());
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
