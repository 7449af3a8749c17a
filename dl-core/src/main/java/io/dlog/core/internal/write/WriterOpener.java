package io.dlog.core.internal.write;

import io.dlog.core.DLConfigKeys;
import io.dlog.core.internal.Await;
import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.lock.WriteLock;
import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogExistsException;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.WriteFencedException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.bookkeeper.client.api.WriteHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a log's writer: create the log if allowed, take the write lock, bump the epoch (so a deposed owner's
 * metadata transactions fail), recover and fence every in-progress segment, restore the last txid and DLSN,
 * then start a new segment.
 */
public final class WriterOpener {
    private static final Logger LOG = LoggerFactory.getLogger(WriterOpener.class);

    private WriterOpener() {
    }

    /**
     * Opens the writer.
     *
     * @param ctx the log
     * @return the writer, started on the log executor
     */
    public static CompletableFuture<LogWriterImpl> open(LogContext ctx) {
        AtomicReference<LogWriterImpl> writer = new AtomicReference<>();
        long[] marks = {System.nanoTime(), 0, 0, 0}; // requested, started on the pool, log ensured, lock taken
        // The lock is awaited by a ZooKeeper watch, not by a metadata thread: contended opens hold no thread.
        return CompletableFuture.runAsync(() -> {
            marks[1] = System.nanoTime();
            ensureLogUnchecked(ctx);
            marks[2] = System.nanoTime();
        }, ctx.openExecutor())
                .thenCompose(v -> WriteLock.acquireAsync(ctx.store().curator(), ctx.store().paths().lock(ctx.log()),
                        ctx.owner(), ctx.config().lockTimeout(), () -> {
                            LogWriterImpl w = writer.get();
                            if (w != null) {
                                w.onLockLost();
                            }
                        }))
                .thenApplyAsync(lock -> {
                    marks[3] = System.nanoTime();
                    try {
                        return openBlocking(ctx, lock, writer, marks);
                    } catch (DLException e) {
                        throw new CompletionException(e);
                    }
                }, ctx.openExecutor())
                .thenApplyAsync(w -> {
                    w.start();
                    return w;
                }, ctx.executor());
    }

    private static LogWriterImpl openBlocking(LogContext ctx, WriteLock lock, AtomicReference<LogWriterImpl> writer,
            long[] marks) throws DLException {
        try {
            LogWriterImpl w = new LogWriterImpl(ctx, lock, takeOver(ctx, marks));
            writer.set(w);
            if (!lock.isHeld()) {
                throw new WriteFencedException("lost the write lock of " + ctx.fullName() + " while opening");
            }
            return w;
        } catch (DLException | RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    private static void ensureLogUnchecked(LogContext ctx) {
        try {
            ensureLog(ctx);
        } catch (DLException e) {
            throw new CompletionException(e);
        }
    }

    private static void ensureLog(LogContext ctx) throws DLException {
        if (ctx.store().logExists(ctx.log())) {
            return;
        }
        if (!ctx.config().get(DLConfigKeys.CREATE_IF_MISSING)) {
            throw new LogNotFoundException("log " + ctx.fullName() + " does not exist and log.create.if.missing "
                    + "is false");
        }
        try {
            ctx.store().createLog(ctx.log());
            LOG.info("log created log={}", ctx.fullName());
        } catch (LogExistsException raced) {
            // Another process created it first: fine.
        }
    }

    private static OpenedLog takeOver(LogContext ctx, long[] marks) throws DLException {
        Versioned<LogInfo> read = ctx.store().readLog(ctx.log());
        LogInfo info = new LogInfo(read.value().createdAtMillis(), read.value().sealed(), read.value().epoch() + 1);
        int logVersion = writeLog(ctx, info, read.version(), "bump epoch");
        long maxTxId = ctx.store().readMaxTxId(ctx.log()).value();
        // Only the tail: in-progress segments are always the newest (a roll completes one segment and creates the
        // next in one transaction), and the newest segment with records holds the last txid and DLSN.
        List<Versioned<LogSegmentMetadata>> segments = ctx.store().readNewestSegments(ctx.log(),
                s -> !s.isInProgress() && s.recordCount() > 0);
        long lastTxId = maxTxId;
        DLSN lastDLSN = DLSN.INVALID;
        long lastSeq = 0;
        LogSegmentMetadata lastCompleted = null;
        for (Versioned<LogSegmentMetadata> v : segments) {
            LogSegmentMetadata s = v.value();
            lastSeq = Math.max(lastSeq, s.sequenceNumber());
            if (s.isInProgress()) {
                SegmentRecovery.Recovered r = SegmentRecovery.recover(ctx, v, maxTxId, info, logVersion);
                if (r.endOfStream()) {
                    info = new LogInfo(info.createdAtMillis(), true, info.epoch());
                }
                logVersion = r.logVersion();
                s = r.metadata();
            }
            if (s != null) {
                lastCompleted = s;
            }
            if (s != null && s.recordCount() > 0) {
                lastTxId = Math.max(lastTxId, s.lastTxId());
                lastDLSN = s.lastDLSN();
            }
        }
        if (!info.sealed() && lastCompleted != null && lastCompleted.state() == SegmentState.COMPLETED
                && SegmentRecovery.endsWithEndOfStream(ctx, lastCompleted)) {
            // Sealed by a version that completed the segment and marked the log in two transactions and was
            // interrupted in between: the marker is what readers stop at, so the log is sealed.
            info = new LogInfo(info.createdAtMillis(), true, info.epoch());
            logVersion = writeLog(ctx, info, logVersion, "seal after an end-of-stream marker");
        }
        long recovered = System.nanoTime();
        SegmentWriter segment = info.sealed() ? null : startSegment(ctx, lastSeq + 1, logVersion);
        long done = System.nanoTime();
        // Where an open's time goes (a takeover storm queues opens on the pool: queuedMs).
        LOG.info("writer opened log={} epoch={} lastTxId={} lastDLSN={} seg={} sealed={} queuedMs={} ensureMs={} "
                + "lockMs={} recoverMs={} segmentMs={}", ctx.fullName(), info.epoch(), lastTxId, lastDLSN,
                segment == null ? -1 : segment.seq(), info.sealed(), millis(marks[1] - marks[0]),
                millis(marks[2] - marks[1]), millis(marks[3] - marks[2]), millis(recovered - marks[3]),
                millis(done - recovered));
        return new OpenedLog(logVersion, info, lastTxId, lastDLSN, segment);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /** Writes the log znode at a version; a failure whose write landed anyway counts as success. */
    private static int writeLog(LogContext ctx, LogInfo info, int version, String what) throws DLException {
        try {
            return ctx.store().writeLog(ctx.log(), info, version);
        } catch (DLException e) {
            int[] now = {-1};
            if (AmbiguousCommits.learn(ctx, what, e, () -> {
                now[0] = AmbiguousCommits.logWrittenAs(ctx, info, version + 1);
                return now[0] >= 0;
            }) == AmbiguousCommits.Outcome.COMMITTED) {
                return now[0];
            }
            throw e;
        }
    }

    private static SegmentWriter startSegment(LogContext ctx, long seq, int logVersion) throws DLException {
        WriteHandle h = Await.await(Ledgers.create(ctx, seq));
        LogSegmentMetadata meta = LogSegmentMetadata.inProgress(seq, h.getId(), -1, ctx.clock().millis());
        try {
            ctx.store().createSegment(ctx.log(), meta, logVersion);
        } catch (DLException e) {
            AmbiguousCommits.Outcome o = AmbiguousCommits.learn(ctx, "create segment " + seq, e,
                    () -> AmbiguousCommits.segmentReferences(ctx, seq, h.getId()));
            if (o != AmbiguousCommits.Outcome.COMMITTED) {
                if (o == AmbiguousCommits.Outcome.NOT_COMMITTED) {
                    Ledgers.delete(ctx, h.getId()); // referenced by no segment: reclaim it now
                }
                h.closeAsync();
                throw e;
            }
        }
        return new SegmentWriter(meta, 0, h, ctx.compression());
    }
}
