package io.dlog.core.internal.write;

import io.dlog.core.DLConfigKeys;
import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.protocol.AlreadyClosedException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.entry.RecordSetWriter;
import io.netty.buffer.ByteBuf;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The entry pipeline of a log's writer: accepting records into the open record set of the current segment,
 * sending sets as BookKeeper entries (group commit: at once when no entry is outstanding, else batched), accounting for their acknowledgements, and the control entries of an idle
 * writer. {@link LogWriterImpl} adds the lifecycle (rolling, sealing, failing, closing) on top and decides what
 * an acknowledgement enables ({@link #afterAck}).
 *
 * <p>All state is guarded by the writer's monitor (this object's). No future is completed under it: completions
 * are collected with {@link #later} and run by {@link #runDeferred} right after the monitor is left, so that a
 * callback may call the writer again.
 */
abstract class EntryPipeline {
    final LogContext ctx;
    final ScheduledExecutorService executor;
    final int batchMaxBytes;
    final long flushIntervalMs;
    /** The writer's flush clock: it ticks every flush interval, counted from this instant (epoch nanoseconds). */
    private final long flushClockStartNanos;
    final long segmentMaxBytes;
    final RecordChecks checks;
    final WriterLifecycle life;
    final ArrayDeque<PendingRecord> queued = new ArrayDeque<>();
    final FlushWaiters flushWaiters = new FlushWaiters();
    /** Future completions collected under the monitor, run after it is left ({@link #runDeferred}). */
    private List<Runnable> deferred = new ArrayList<>();
    SegmentWriter segment;
    long lastAssignedTxId;
    long pendingBytes;
    long acceptedRecords;
    long ackedRecords;
    long setGeneration;
    ScheduledFuture<?> flushTimer;
    /** True during {@link #appendGathered}: the records gather into one set, sent once all are in. */
    private boolean gatheringBulk;
    volatile long lastAckedTxId;
    volatile DLSN lastAckedDLSN;

    EntryPipeline(LogContext ctx, OpenedLog opened) {
        this.ctx = ctx;
        this.executor = ctx.executor();
        this.batchMaxBytes = ctx.config().get(DLConfigKeys.BATCH_MAX_BYTES);
        this.flushIntervalMs = ctx.config().get(DLConfigKeys.FLUSH_INTERVAL_MS);
        this.flushClockStartNanos = nowNanos();
        this.segmentMaxBytes = ctx.config().get(DLConfigKeys.SEGMENT_MAX_BYTES);
        this.checks = new RecordChecks(ctx.fullName(), ctx.config().get(DLConfigKeys.RECORD_MAX_BYTES),
                ctx.config().get(DLConfigKeys.MAX_PENDING_BYTES));
        this.lastAssignedTxId = opened.lastTxId();
        this.lastAckedTxId = opened.lastTxId();
        this.lastAckedDLSN = opened.lastDLSN();
        this.segment = opened.segment();
        this.life = new WriterLifecycle(ctx.fullName(),
                opened.logInfo().sealed() ? WriterState.SEALED : WriterState.WRITING);
    }

    /** Starts a roll of the segment (state WRITING). */
    abstract void startRoll(SegmentWriter seg, String reason);

    /** Fails the writer. */
    abstract void fail(DLException ex);

    /** Runs after an acknowledgement's futures have completed, under the monitor. */
    abstract void afterAck(SegmentWriter seg, InFlightEntry e);

    /** Queues a completion to run once the monitor is left. Call under the monitor. */
    void later(Runnable r) {
        if (r != null) {
            deferred.add(r);
        }
    }

    /** Runs the completions collected under the monitor; call right after leaving it. */
    void runDeferred() {
        List<Runnable> run;
        synchronized (this) {
            if (deferred.isEmpty()) {
                return;
            }
            run = deferred;
            deferred = new ArrayList<>();
        }
        run.forEach(Runnable::run);
    }

    // ---- accepting and sending ----------------------------------------------------------------------------

    /** Accepts a record or returns why not (the caller fails its future outside the monitor). */
    DLException accept(LogRecord record, CompletableFuture<DLSN> f, long t0) {
        DLException err = check(record);
        if (err != null) {
            ctx.metrics().writesRejected.mark();
            return err;
        }
        long txid = record.hasAutoTxid() ? lastAssignedTxId + 1 : record.txid();
        lastAssignedTxId = txid;
        PendingRecord pr = new PendingRecord(record.hasAutoTxid() ? record.withTxid(txid) : record, f, t0);
        pendingBytes += pr.bytes;
        acceptedRecords++;
        if (life.state() == WriterState.ROLLING) {
            queued.add(pr);
        } else {
            appendToSegment(pr);
        }
        return null;
    }

    DLException check(LogRecord r) {
        DLException refused = life.rejectWrite();
        return refused != null ? refused : checks.check(r, lastAssignedTxId, pendingBytes);
    }

    /**
     * Adds a record to the open set. A set is capped at what is left of the segment, so that no entry takes a
     * segment past {@code segment.max.bytes}: a record that does not fit in what is left goes to the next
     * segment (a record larger than a whole segment gets a segment of its own).
     */
    void appendToSegment(PendingRecord pr) {
        SegmentWriter seg = segment;
        if (seg.hasOpenSet() && seg.openSetBytes() + pr.bytes > setLimit(seg)) {
            sendOpenSet(seg);
            if (life.state() != WriterState.WRITING) {
                queued.addFirst(pr); // the send started a roll: this record goes to the next segment
                return;
            }
        }
        if (!seg.hasOpenSet() && seg.bytesSent > 0
                && RecordSetWriter.HEADER_BYTES + pr.bytes > segmentMaxBytes - seg.bytesSent) {
            startRoll(seg, "size");
            queued.addFirst(pr);
            return;
        }
        boolean opensSet = !seg.hasOpenSet();
        seg.append(pr);
        if (seg.openSetBytes() >= setLimit(seg) || (seg.inFlight.isEmpty() && !gatheringBulk)) {
            // Group commit: with no entry outstanding, waiting for more records would only add latency. While one
            // is outstanding, records gather into the next set, sent when it fills, when the outstanding entry is
            // acknowledged (afterAck), or when its first record has waited the flush interval.
            sendOpenSet(seg);
        } else if (opensSet) {
            scheduleFlush();
        }
    }

    /**
     * Appends records gathered as one batch (a {@code writeBulk} call, the records queued during a roll): none is
     * sent alone by group commit; once all are in, the open set goes out if no entry is outstanding.
     *
     * @param append appends the records, under the monitor
     */
    void appendGathered(Runnable append) {
        gatheringBulk = true;
        try {
            append.run();
        } finally {
            gatheringBulk = false;
        }
        if (life.state() == WriterState.WRITING && segment != null && segment.hasOpenSet()
                && segment.inFlight.isEmpty()) {
            sendOpenSet(segment);
        }
    }

    long setLimit(SegmentWriter seg) {
        return Math.min(batchMaxBytes, segmentMaxBytes - seg.bytesSent);
    }

    void scheduleFlush() {
        long gen = setGeneration;
        try {
            if (flushIntervalMs == 0) {
                executor.execute(() -> flushTick(gen));
            } else {
                flushTimer = executor.schedule(() -> flushTick(gen), nanosToNextFlushTick(), TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException e) {
            fail(new AlreadyClosedException("namespace of " + ctx.fullName() + " is closed"));
        }
    }

    /**
     * How long a set that opens now waits for its flush: until the next tick of the writer's flush clock, so never
     * longer than the flush interval. A fixed clock, like DistributedLog's periodic flush, keeps the delays of one
     * flush (its timer firing late on a busy machine; the next record waiting for the monitor while the set is
     * sealed) from pushing back every flush after it. Counting the interval from each set's first record did: at
     * 50 % load with 100 B records, 1.3 ms went by between entries instead of 1, and a record's median wait for its
     * entry was 0.75 to 0.85 ms instead of 0.55 (docs/performance.md).
     */
    long nanosToNextFlushTick() {
        long interval = TimeUnit.MILLISECONDS.toNanos(flushIntervalMs);
        return interval - Math.floorMod(nowNanos() - flushClockStartNanos, interval);
    }

    /** The log's clock, to the nanosecond where it has them (tests inject theirs). */
    private long nowNanos() {
        Instant now = ctx.clock().instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    void flushTick(long gen) {
        synchronized (this) {
            WriterState state = life.state();
            if (gen == setGeneration && segment != null && segment.hasOpenSet()
                    && (state == WriterState.WRITING || state == WriterState.CLOSING
                            || state == WriterState.SEALING)) {
                sendOpenSet(segment);
            }
        }
        runDeferred();
    }

    void sendOpenSet(SegmentWriter seg) {
        List<PendingRecord> records = new ArrayList<>();
        ByteBuf entry = seg.seal(records);
        int bytes = entry.readableBytes();
        InFlightEntry e = InFlightEntry.of(seg.nextEntryId++, records, bytes);
        seg.inFlight.add(e);
        seg.bytesSent += bytes;
        setGeneration++;
        if (flushTimer != null) {
            flushTimer.cancel(false);
            flushTimer = null;
        }
        // Completed on BookKeeper's ordered thread for this ledger, which keeps the acknowledgements in entry order;
        // a hop to the log executor here cost a thread wake-up per entry on the latency of every record.
        seg.handle.appendAsync(entry).whenComplete((id, err) -> onAddComplete(seg, e, id, err));
        if (life.state() == WriterState.WRITING && seg.bytesSent >= segmentMaxBytes) {
            startRoll(seg, "size");
        } else if (life.state() == WriterState.WRITING) {
            segmentGrew(seg);
        }
    }

    /** An entry was sent to the current segment, which is not full yet: the time to prepare its successor. */
    abstract void segmentGrew(SegmentWriter seg);

    void onAddComplete(SegmentWriter seg, InFlightEntry e, Long id, Throwable err) {
        boolean ok;
        synchronized (this) {
            ok = recordAdd(seg, e, id, err);
            if (ok) {
                seg.acksCompleting++;
            }
        }
        if (ok) {
            // Outside the monitor, so that callbacks may write again; before afterAck, so that a roll, seal or
            // close never overtakes the acknowledgement of the records it follows.
            for (PendingRecord pr : e.records()) {
                pr.future.complete(pr.dlsn);
            }
            long now = System.nanoTime();
            for (PendingRecord pr : e.records()) {
                if (!pr.record.isControl()) {
                    ctx.metrics().writeLatency.update(now - pr.startNanos, TimeUnit.NANOSECONDS);
                }
            }
            synchronized (this) {
                seg.acksCompleting--;
                later(flushWaiters.satisfied(ackedRecords));
                afterAck(seg, e);
            }
        }
        runDeferred();
    }

    /** Accounts for a completed add; returns whether it succeeded (else the writer has failed). */
    boolean recordAdd(SegmentWriter seg, InFlightEntry e, Long id, Throwable err) {
        seg.inFlight.remove(e);
        if (err == null && (id == null || id != e.entryId())) {
            err = new DLException(StatusCode.UNEXPECTED, "BookKeeper gave entry id " + id + " where " + e.entryId()
                    + " was expected, segment " + seg.seq() + " of " + ctx.fullName());
        }
        if (err == null) {
            acknowledge(seg, e);
            return true;
        }
        // The entry was sent, so its records may have been written: they get the root cause (typically
        // WRITE_FENCED or BK_TRANSMIT_ERROR), never WRITE_CANCELLED. Once the writer failed, BookKeeper fails the
        // adds behind the first one as "ledger closed": report the root cause for every one of them.
        DLException ex = life.state() == WriterState.FAILED ? life.failure() : Ledgers.toDL(err, "write entry "
                + e.entryId() + " of segment " + seg.seq() + " of " + ctx.fullName());
        for (PendingRecord pr : e.records()) {
            pendingBytes -= pr.record.isControl() ? 0 : pr.bytes;
        }
        later(() -> e.records().forEach(pr -> pr.future.completeExceptionally(ex)));
        fail(ex);
        return false;
    }

    void acknowledge(SegmentWriter seg, InFlightEntry e) {
        if (e.lastApp() != null) {
            pendingBytes -= e.pendingBytes();
            seg.ackedRecords += e.appRecords();
            seg.lastAckedTxId = e.lastApp().record.txid();
            seg.lastAckedDLSN = e.lastApp().dlsn;
            lastAckedTxId = seg.lastAckedTxId;
            lastAckedDLSN = seg.lastAckedDLSN;
            ackedRecords += e.appRecords();
            ctx.metrics().recordsWritten.mark(e.appRecords());
            ctx.metrics().bytesWritten.mark(e.payloadBytes());
        }
        ctx.metrics().entriesWritten.mark();
    }

    /**
     * Publishes the last-add-confirmed after a flush interval if the writer is still idle then. Waiting keeps a
     * writer whose records come in bursts from sending a control entry after nearly every data entry.
     */
    void scheduleControl(SegmentWriter seg) {
        if (flushIntervalMs == 0) {
            sendControl(seg);
            return;
        }
        long gen = setGeneration;
        try {
            executor.schedule(() -> controlTick(seg, gen), flushIntervalMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException ignored) {
            // The namespace is closing; the writer's close publishes what is left.
        }
    }

    void controlTick(SegmentWriter seg, long gen) {
        synchronized (this) {
            if (seg == segment && life.state() == WriterState.WRITING && gen == setGeneration && seg.settled()
                    && !seg.hasOpenSet()) {
                sendControl(seg);
            }
        }
        runDeferred();
    }

    /** Publishes the last-add-confirmed of an idle writer: the next add carries it to the bookies. */
    void sendControl(SegmentWriter seg) {
        seg.append(new PendingRecord(SegmentWriter.controlRecord(Math.max(0, lastAssignedTxId)),
                new CompletableFuture<>(), System.nanoTime()));
        sendOpenSet(seg);
    }
}
