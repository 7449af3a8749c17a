package io.dlog.core.internal.write;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.lock.WriteLock;
import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.core.internal.truncate.Truncation;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.WriteCancelledException;
import io.dlog.protocol.WriteFencedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.api.WriteHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a log. All mutable state is guarded by the writer's monitor; no future is ever completed
 * under it (completions are collected and run after the monitor is left), so any callback may call the writer
 * again. A write runs on the caller's thread; BookKeeper acknowledgements run on BookKeeper's ordered thread for
 * the segment's ledger; timers and metadata results run on the log's single-threaded executor. Futures of
 * acknowledged records complete on BookKeeper's thread, in entry order, before any roll, seal or close that the
 * acknowledgement enables.
 *
 * <p>The lifecycle is the state machine of {@link WriterState}, checked by {@link WriterLifecycle}. Records
 * accumulate in the open record set of the current segment; the set is sent as one BookKeeper add when it
 * reaches {@code writer.batch.max.bytes} or what is left of {@code segment.max.bytes}, or when its first record
 * has waited {@code writer.flush.interval.ms}. Adds are pipelined; BookKeeper acknowledges them in order and each
 * record's future completes with its DLSN. When an acknowledged entry leaves the writer idle for a flush
 * interval, a control entry follows it so that readers learn the new last-add-confirmed.
 */
public final class LogWriterImpl extends EntryPipeline implements AsyncLogWriter {
    private static final Logger LOG = LoggerFactory.getLogger(LogWriterImpl.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private final SegmentSink sink;
    private final long rollIntervalMs;

    private int logVersion;
    private LogInfo logInfo;
    private CompletableFuture<WriteHandle> nextLedger;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private CompletableFuture<Void> sealFuture;
    private long maxTxIdCommitted;
    private long rollStartNanos;
    private ScheduledFuture<?> rollTimer;

    LogWriterImpl(LogContext ctx, WriteLock lock, OpenedLog opened) {
        this(ctx, new BookKeeperSegmentSink(ctx, lock), opened);
    }

    LogWriterImpl(LogContext ctx, SegmentSink sink, OpenedLog opened) {
        super(ctx, opened);
        this.sink = sink;
        this.rollIntervalMs = ctx.config().get(DLConfigKeys.SEGMENT_ROLL_INTERVAL_MS);
        this.logVersion = opened.logVersion();
        this.logInfo = opened.logInfo();
        this.maxTxIdCommitted = opened.lastTxId();
    }

    /** Starts the roll timer; runs on the log executor right after construction. */
    synchronized void start() {
        if (life.state() == WriterState.WRITING) {
            armRollTimer(segment);
        }
    }

    @Override
    public String logName() {
        return ctx.log();
    }

    @Override
    public CompletableFuture<DLSN> write(LogRecord record) {
        Objects.requireNonNull(record, "record");
        CompletableFuture<DLSN> f = new CompletableFuture<>();
        long t0 = System.nanoTime();
        DLException err;
        synchronized (this) {
            err = accept(record, f, t0);
        }
        if (err != null) {
            f.completeExceptionally(err);
        }
        runDeferred();
        return f;
    }

    @Override
    public List<CompletableFuture<DLSN>> writeBulk(List<LogRecord> records) {
        Objects.requireNonNull(records, "records");
        List<CompletableFuture<DLSN>> futures = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            futures.add(new CompletableFuture<>());
        }
        long t0 = System.nanoTime();
        DLException[] errors = new DLException[records.size()];
        synchronized (this) {
            // the call's records that fit one set go out as one entry
            appendGathered(() -> {
                DLException first = null;
                for (int i = 0; i < records.size(); i++) {
                    if (first != null) {
                        errors[i] = new WriteCancelledException("bulk write to " + ctx.fullName() + " cancelled: an "
                                + "earlier record failed: " + first.getMessage(), first);
                    } else {
                        errors[i] = accept(records.get(i), futures.get(i), t0);
                        first = errors[i];
                    }
                }
            });
        }
        for (int i = 0; i < errors.length; i++) {
            if (errors[i] != null) {
                futures.get(i).completeExceptionally(errors[i]);
            }
        }
        runDeferred();
        return futures;
    }

    @Override
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        DLException err = null;
        boolean done = false;
        synchronized (this) {
            WriterState state = life.state();
            if (state == WriterState.FAILED) {
                err = life.failure();
            } else if (closedOrClosing()) {
                err = life.closedError();
            } else if (ackedRecords >= acceptedRecords) {
                done = true;
            } else {
                flushWaiters.add(acceptedRecords, f);
                if (state == WriterState.WRITING && segment.hasOpenSet()) {
                    sendOpenSet(segment);
                }
            }
        }
        if (err != null) {
            f.completeExceptionally(err);
        } else if (done) {
            f.complete(null);
        }
        runDeferred();
        return f;
    }

    @Override
    public CompletableFuture<Void> markEndOfStream() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (this) {
            requestSeal(f);
        }
        runDeferred();
        return f;
    }

    @Override
    public CompletableFuture<Void> truncate(DLSN dlsn) {
        Objects.requireNonNull(dlsn, "dlsn");
        DLException err;
        synchronized (this) {
            WriterState state = life.state();
            if (state == WriterState.FAILED) {
                err = life.failure();
            } else if (closedOrClosing()) {
                err = life.closedError();
            } else if (lastAckedDLSN.equals(DLSN.INVALID) || dlsn.compareTo(lastAckedDLSN) > 0) {
                err = new InvalidArgumentException("cannot truncate " + ctx.fullName() + " at " + dlsn
                        + ": past the last acknowledged record " + lastAckedDLSN);
            } else {
                err = null;
            }
        }
        if (err != null) {
            return CompletableFuture.failedFuture(err);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        Truncation.truncate(ctx, dlsn).whenComplete((v, t) -> complete(f, v, t));
        return f;
    }

    @Override
    public long getLastTxId() {
        return lastAckedTxId;
    }

    @Override
    public DLSN getLastDLSN() {
        return lastAckedDLSN;
    }

    @Override
    public CompletableFuture<Void> asyncClose() {
        synchronized (this) {
            requestClose(); // behind every write made before it
        }
        runDeferred();
        return closeFuture;
    }

    @Override
    public void close() {
        try {
            Futures.result(asyncClose(), CLOSE_WAIT);
        } catch (DLException e) {
            LOG.warn("writer close failed log={} code={} reason={}", ctx.fullName(), e.code(), e.getMessage());
        }
    }

    /** The writer's state, for tests. */
    synchronized WriterState state() {
        return life.state();
    }

    /** Returns a future that completes when the writer has closed (without asking it to close). */
    public CompletableFuture<Void> closed() {
        return closeFuture;
    }

    /**
     * Called by the namespace when Curator reports a ZooKeeper session lost: the writer fails as fenced unless its
     * lock belongs to {@code liveSession}, the session the client is connected with now (0: none, so it fails).
     */
    public void sessionLost(long liveSession, String why) {
        sink.sessionLost(liveSession, why);
    }

    /** The lock's loss callback; runs on a ZooKeeper thread, so it only hops. */
    void onLockLost() {
        try {
            executor.execute(() -> failFromExecutor(new WriteFencedException("writer of " + ctx.fullName()
                    + " lost its write lock (ZooKeeper session expired or lock deleted); it accepts no more writes")));
        } catch (RejectedExecutionException ignored) {
            // The namespace is closing; nothing is left to fail.
        }
    }

    private void failFromExecutor(DLException ex) {
        synchronized (this) {
            fail(ex);
        }
        runDeferred();
    }

    @Override
    void afterAck(SegmentWriter seg, InFlightEntry e) {
        if (seg != segment || !seg.settled()) {
            return;
        }
        switch (life.state()) {
            case ROLLING -> finishRoll(seg);
            case SEALING -> finishSeal(seg);
            case CLOSING -> finishClose(seg);
            case WRITING -> {
                if (seg.hasOpenSet()) {
                    sendOpenSet(seg); // group commit: the set that gathered while the acknowledged entry was out
                } else if (!e.control()) {
                    scheduleControl(seg);
                }
            }
            default -> {
            }
        }
    }

    // ---- rolling ------------------------------------------------------------------------------------------

    private void armRollTimer(SegmentWriter seg) {
        if (rollIntervalMs <= 0 || seg == null) {
            return;
        }
        // The segment's age on the log's clock (the one that stamps its creation), so that tests can move it.
        long elapsedMs = Math.max(0, ctx.clock().millis() - seg.started.createdAtMillis());
        long delay = Math.max(1, rollIntervalMs - elapsedMs);
        rollTimer = executor.schedule(() -> onRollTimer(seg), delay, TimeUnit.MILLISECONDS);
    }

    private void onRollTimer(SegmentWriter seg) {
        synchronized (this) {
            if (seg != segment || life.state() != WriterState.WRITING) {
                return;
            }
            if (seg.applicationRecordsSent > 0 || seg.hasOpenSet()) {
                startRoll(seg, "age");
            } else {
                rollTimer = executor.schedule(() -> onRollTimer(seg), rollIntervalMs, TimeUnit.MILLISECONDS);
            }
        }
        runDeferred();
    }

    @Override
    void startRoll(SegmentWriter seg, String reason) {
        life.moveTo(WriterState.ROLLING);
        rollStartNanos = System.nanoTime();
        cancelTimers();
        LOG.debug("roll started log={} seg={} reason={}", ctx.fullName(), seg.seq(), reason);
        if (seg.hasOpenSet()) {
            sendOpenSet(seg);
        }
        if (seg.settled()) {
            finishRoll(seg);
        }
    }

    private void finishRoll(SegmentWriter seg) {
        LogSegmentMetadata completed = completedMetadata(seg);
        LogSegmentMetadata next = LogSegmentMetadata.inProgress(seg.seq() + 1, -1, -1, ctx.clock().millis());
        long maxTxId = Math.max(maxTxIdCommitted, seg.lastAckedTxId);
        CompletableFuture<WriteHandle> pre = nextLedger;
        nextLedger = null;
        sink.roll(seg, completed, next, maxTxId, logVersion, pre)
                .whenCompleteAsync((h, t) -> onRolled(completed, next, maxTxId, h, t), executor);
    }

    private void onRolled(LogSegmentMetadata completed, LogSegmentMetadata next, long maxTxId, WriteHandle h,
            Throwable t) {
        synchronized (this) {
            rolled(completed, next, maxTxId, h, t);
        }
        runDeferred();
    }

    private void rolled(LogSegmentMetadata completed, LogSegmentMetadata next, long maxTxId, WriteHandle h,
            Throwable t) {
        if (life.state() != WriterState.ROLLING) {
            // The writer failed (fenced, lock lost) while the roll was under way: it never writes again. A roll
            // that committed left the next segment in progress for the next owner's recovery; its ledger is
            // referenced, so it is closed here, never deleted.
            if (t == null) {
                LOG.info("roll committed after the writer failed log={} seg={} ledger={} state={}",
                        ctx.fullName(), next.sequenceNumber(), h.getId(), life.state());
                h.closeAsync();
            }
            return;
        }
        if (t != null) {
            fail(Ledgers.toDL(t, "roll segment " + completed.sequenceNumber() + " of " + ctx.fullName()));
            return;
        }
        maxTxIdCommitted = maxTxId;
        segment = new SegmentWriter(SegmentCommits.withLedger(next, h), 0, h, ctx.compression());
        long tookNanos = System.nanoTime() - rollStartNanos;
        ctx.metrics().rolls.inc();
        ctx.metrics().rollLatency.update(tookNanos, TimeUnit.NANOSECONDS);
        LOG.info("segment rolled log={} seg={} ledger={} records={} bytes={} next={} nextLedger={} tookMs={}",
                ctx.fullName(), completed.sequenceNumber(), completed.ledgerId(), completed.recordCount(),
                completed.bytes(), next.sequenceNumber(), h.getId(), TimeUnit.NANOSECONDS.toMillis(tookNanos));
        life.moveTo(WriterState.WRITING);
        armRollTimer(segment);
        // Writes accepted before any close or seal request, in order; they may start another roll.
        appendGathered(() -> {
            while (!queued.isEmpty() && life.state() == WriterState.WRITING) {
                appendToSegment(queued.poll());
            }
        });
        if (life.state() == WriterState.WRITING && life.sealRequested()) {
            beginSeal();
        } else if (life.state() == WriterState.WRITING && life.closeRequested()) {
            beginClose();
        }
    }

    private LogSegmentMetadata completedMetadata(SegmentWriter seg) {
        return seg.started.complete(seg.firstTxId, seg.lastAckedTxId, seg.lastAckedDLSN, seg.ackedRecords,
                seg.bytesSent, ctx.clock().millis());
    }

    /**
     * Pre-allocates the next segment's ledger once the current segment is half way to a roll (half its size or half
     * its age), so that the roll does not wait for a ledger create. Not at open: a writer that never fills its
     * segment (most of a write proxy's many streams) would hold a second ledger for nothing, and a proxy taking over
     * hundreds of streams would create twice the ledgers. A roll that finds none creates it then, alongside closing
     * the old ledger.
     */
    @Override
    void segmentGrew(SegmentWriter seg) {
        if (nextLedger != null || seg != segment) {
            return;
        }
        long ageMs = ctx.clock().millis() - seg.started.createdAtMillis();
        if (seg.bytesSent * 2 >= segmentMaxBytes || (rollIntervalMs > 0 && ageMs * 2 >= rollIntervalMs)) {
            nextLedger = sink.createLedger(seg.seq() + 1);
        }
    }

    // ---- sealing ------------------------------------------------------------------------------------------

    private void requestSeal(CompletableFuture<Void> f) {
        WriterState state = life.state();
        if (state == WriterState.SEALED) {
            later(() -> f.complete(null));
        } else if (state == WriterState.FAILED) {
            DLException ex = life.failure();
            later(() -> f.completeExceptionally(ex));
        } else if (closedOrClosing()) {
            DLException ex = life.closedError();
            later(() -> f.completeExceptionally(ex));
        } else if (sealFuture != null) {
            sealFuture.whenComplete((v, t) -> complete(f, v, t));
        } else {
            sealFuture = f;
            life.requestSeal();
            if (state == WriterState.WRITING) {
                beginSeal();
            } // else ROLLING: the roll's end starts the seal
        }
    }

    private void beginSeal() {
        life.moveTo(WriterState.SEALING);
        cancelTimers();
        LogRecord eos = new LogRecord(Long.MAX_VALUE, new byte[0], LogRecord.FLAG_END_OF_STREAM);
        segment.append(new PendingRecord(eos, new CompletableFuture<>(), System.nanoTime()));
        sendOpenSet(segment);
    }

    private void finishSeal(SegmentWriter seg) {
        LogSegmentMetadata completed = completedMetadata(seg);
        long maxTxId = Math.max(maxTxIdCommitted, seg.lastAckedTxId);
        LogInfo sealedInfo = new LogInfo(logInfo.createdAtMillis(), true, logInfo.epoch());
        sink.seal(seg, completed, maxTxId, sealedInfo, logVersion)
                .whenCompleteAsync((newVersion, t) -> onSealed(sealedInfo, maxTxId, newVersion, t), executor);
    }

    private void onSealed(LogInfo sealedInfo, long maxTxId, Integer newVersion, Throwable t) {
        synchronized (this) {
            if (life.state() != WriterState.SEALING) {
                return; // failed meanwhile; its failure completed the seal future
            }
            if (t != null) {
                fail(Ledgers.toDL(t, "seal " + ctx.fullName()));
                return;
            }
            logVersion = newVersion;
            logInfo = sealedInfo;
            maxTxIdCommitted = maxTxId;
            segment = null;
            life.moveTo(WriterState.SEALED);
            sink.deletePreallocated(nextLedger);
            nextLedger = null;
            LOG.info("log sealed log={} lastTxId={} lastDLSN={}", ctx.fullName(), lastAckedTxId, lastAckedDLSN);
            CompletableFuture<Void> f = sealFuture;
            later(() -> f.complete(null));
            if (life.closeRequested()) {
                closeWithoutSegment(null);
            }
        }
        runDeferred();
    }

    // ---- failing and closing ------------------------------------------------------------------------------

    /**
     * Fails the writer: records never sent fail {@code WRITE_CANCELLED} (not written), flush and seal waiters
     * fail with the cause, the lock is released. Entries in flight complete as BookKeeper decides. A close under
     * way or requested completes exceptionally with the cause.
     */
    @Override
    void fail(DLException ex) {
        boolean closing = life.closeRequested() || life.state() == WriterState.CLOSING;
        if (!life.fail(ex)) {
            return;
        }
        if (ex.code() == StatusCode.WRITE_FENCED) {
            ctx.metrics().fencings.inc();
        }
        LOG.warn("writer failed log={} seg={} code={} reason={}", ctx.fullName(),
                segment == null ? -1 : segment.seq(), ex.code(), ex.getMessage());
        cancelTimers();
        List<PendingRecord> dropped = new ArrayList<>(segment == null ? List.of() : segment.discardOpenSet());
        dropped.addAll(queued);
        queued.clear();
        for (PendingRecord pr : dropped) {
            pendingBytes -= pr.record.isControl() ? 0 : pr.bytes;
        }
        DLException cancelled = new WriteCancelledException("write to " + ctx.fullName() + " cancelled before it "
                + "was sent (not written): the writer failed: " + ex.getMessage(), ex);
        later(() -> dropped.forEach(pr -> pr.future.completeExceptionally(cancelled)));
        later(flushWaiters.failAll(ex));
        CompletableFuture<Void> seal = sealFuture;
        if (seal != null) {
            later(() -> seal.completeExceptionally(ex));
        }
        sink.deletePreallocated(nextLedger);
        nextLedger = null;
        if (closing) {
            closeWithoutSegment(ex);
        } else {
            // Another owner may take over at once; in-flight adds still complete as BookKeeper decides.
            sink.releaseLock();
        }
    }

    private void requestClose() {
        if (!life.requestClose()) {
            return;
        }
        switch (life.state()) {
            case FAILED, SEALED -> closeWithoutSegment(null);
            case WRITING -> beginClose();
            default -> {
                // ROLLING or SEALING: the transition's end closes; writes are refused from now on.
            }
        }
    }

    /** Closes a writer that has no segment to end (failed or sealed): releases the lock, then completes. */
    private void closeWithoutSegment(DLException failure) {
        life.moveTo(WriterState.CLOSED);
        cancelTimers();
        sink.releaseLock().whenComplete((v, t) -> {
            if (failure != null) {
                closeFuture.completeExceptionally(failure);
            } else {
                closeFuture.complete(null);
            }
        });
    }

    private void beginClose() {
        life.moveTo(WriterState.CLOSING);
        cancelTimers();
        SegmentWriter seg = segment;
        if (seg.hasOpenSet()) {
            sendOpenSet(seg);
        }
        if (seg.settled()) {
            finishClose(seg);
        }
    }

    private void finishClose(SegmentWriter seg) {
        boolean keep = seg.hasContent();
        LogSegmentMetadata completed = completedMetadata(seg);
        long maxTxId = Math.max(maxTxIdCommitted, seg.lastAckedTxId);
        // Waited for, so that a process that closes its writer and exits leaves no orphan ledger behind.
        CompletableFuture<Void> preallocatedDeleted = sink.deletePreallocated(nextLedger);
        nextLedger = null;
        sink.close(seg, keep, completed, maxTxId, logVersion)
                .thenCombine(preallocatedDeleted, (t, deleted) -> t)
                .thenAcceptAsync(this::onClosed, executor);
    }

    private void onClosed(Throwable t) {
        synchronized (this) {
            if (life.state() != WriterState.CLOSING) {
                return; // failed during the close: its failure completed the close future
            }
            life.moveTo(WriterState.CLOSED);
            if (t != null) {
                DLException ex = Ledgers.toDL(t, "close writer of " + ctx.fullName());
                LOG.warn("writer closed with error log={} code={} reason={}", ctx.fullName(), ex.code(),
                        ex.getMessage());
                later(() -> closeFuture.completeExceptionally(ex));
            } else {
                LOG.info("writer closed log={} lastTxId={} lastDLSN={}", ctx.fullName(), lastAckedTxId,
                        lastAckedDLSN);
                later(() -> closeFuture.complete(null));
            }
        }
        runDeferred();
    }

    private boolean closedOrClosing() {
        return life.closeRequested() || life.state() == WriterState.CLOSING || life.state() == WriterState.CLOSED;
    }

    private void cancelTimers() {
        if (flushTimer != null) {
            flushTimer.cancel(false);
            flushTimer = null;
        }
        if (rollTimer != null) {
            rollTimer.cancel(false);
            rollTimer = null;
        }
    }

    private static <T> void complete(CompletableFuture<T> f, T v, Throwable t) {
        if (t != null) {
            f.completeExceptionally(Futures.unwrap(t));
        } else {
            f.complete(v);
        }
    }
}
