package io.dlog.core.internal.write;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.lock.WriteLock;
import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.core.internal.truncate.Truncation;
import io.dlog.protocol.AlreadyClosedException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.EndOfStreamException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.OverCapacityException;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.TooLargeRecordException;
import io.dlog.protocol.TransactionOutOfOrderException;
import io.dlog.protocol.WriteFencedException;
import io.dlog.protocol.entry.RecordSetWriter;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.api.WriteHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a log. All mutable state is guarded by the writer's monitor. A write runs on the caller's
 * thread (a hop to another thread per record cost more than the append itself); BookKeeper acknowledgements run on
 * BookKeeper's ordered thread for the segment's ledger; timers and metadata results run on the log's
 * single-threaded executor. Futures of acknowledged records complete on BookKeeper's thread, outside the monitor
 * and in entry order, before any roll, seal or close that the acknowledgement enables.
 *
 * <p>Records accumulate in the open record set of the current segment; the set is sent as one BookKeeper add
 * when it reaches {@code writer.batch.max.bytes} or when its first record has waited
 * {@code writer.flush.interval.ms} (with 0, as soon as the executor gets to it, so writes that arrive together still
 * share an entry). Adds are pipelined; BookKeeper acknowledges them in order and each record's future completes
 * with its DLSN. When an acknowledged entry leaves the writer idle for a flush interval, a control entry follows
 * it so that readers learn the new last-add-confirmed; a busy writer's next entry carries it anyway.
 */
public final class LogWriterImpl implements AsyncLogWriter {
    private static final Logger LOG = LoggerFactory.getLogger(LogWriterImpl.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private enum State { WRITING, ROLLING, SEALING, SEALED, CLOSING, CLOSED, FAILED }

    private final LogContext ctx;
    private final ScheduledExecutorService executor;
    private final WriteLock lock;
    private final int batchMaxBytes;
    private final long flushIntervalMs;
    private final int recordMaxBytes;
    private final long maxPendingBytes;
    private final long segmentMaxBytes;
    private final long rollIntervalMs;

    private State state;
    private int logVersion;
    private LogInfo logInfo;
    private SegmentWriter segment;
    private CompletableFuture<WriteHandle> nextLedger;
    private final ArrayDeque<PendingRecord> queued = new ArrayDeque<>();
    private final List<Runnable> afterTransition = new ArrayList<>();
    private final List<FlushWaiter> flushWaiters = new ArrayList<>();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private CompletableFuture<Void> sealFuture;
    private DLException failure;
    private long lastAssignedTxId;
    private long maxTxIdCommitted;
    private long pendingBytes;
    private long acceptedRecords;
    private long ackedRecords;
    private long setGeneration;
    private long rollStartNanos;
    private ScheduledFuture<?> flushTimer;
    private ScheduledFuture<?> rollTimer;
    private volatile long lastAckedTxId;
    private volatile DLSN lastAckedDLSN;

    private record FlushWaiter(long target, CompletableFuture<Void> future) {
    }

    LogWriterImpl(LogContext ctx, WriteLock lock, OpenedLog opened) {
        this.ctx = ctx;
        this.executor = ctx.executor();
        this.lock = lock;
        this.batchMaxBytes = ctx.config().get(DLConfigKeys.BATCH_MAX_BYTES);
        this.flushIntervalMs = ctx.config().get(DLConfigKeys.FLUSH_INTERVAL_MS);
        this.recordMaxBytes = ctx.config().get(DLConfigKeys.RECORD_MAX_BYTES);
        this.maxPendingBytes = ctx.config().get(DLConfigKeys.MAX_PENDING_BYTES);
        this.segmentMaxBytes = ctx.config().get(DLConfigKeys.SEGMENT_MAX_BYTES);
        this.rollIntervalMs = ctx.config().get(DLConfigKeys.SEGMENT_ROLL_INTERVAL_MS);
        this.logVersion = opened.logVersion();
        this.logInfo = opened.logInfo();
        this.lastAssignedTxId = opened.lastTxId();
        this.maxTxIdCommitted = opened.lastTxId();
        this.lastAckedTxId = opened.lastTxId();
        this.lastAckedDLSN = opened.lastDLSN();
        this.segment = opened.segment();
        this.state = opened.logInfo().sealed() ? State.SEALED : State.WRITING;
    }

    /** Starts timers and pre-allocation; runs on the log executor right after construction. */
    synchronized void start() {
        if (state == State.WRITING) {
            preallocate();
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
        synchronized (this) {
            accept(record, f, t0);
        }
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
        synchronized (this) {
            DLException err = null;
            for (int i = 0; i < records.size(); i++) {
                if (err != null) {
                    futures.get(i).completeExceptionally(new DLException(StatusCode.WRITE_CANCELLED_EXCEPTION,
                            "bulk write to " + ctx.fullName() + " cancelled: an earlier record failed: "
                                    + err.getMessage(), err));
                } else {
                    err = accept(records.get(i), futures.get(i), t0);
                }
            }
        }
        return futures;
    }

    @Override
    public synchronized CompletableFuture<Void> flush() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (state == State.FAILED) {
            f.completeExceptionally(failure);
        } else if (ackedRecords >= acceptedRecords) {
            f.complete(null);
        } else {
            flushWaiters.add(new FlushWaiter(acceptedRecords, f));
            if ((state == State.WRITING || state == State.CLOSING) && segment.hasOpenSet()) {
                sendOpenSet(segment);
            }
        }
        return f;
    }

    @Override
    public synchronized CompletableFuture<Void> markEndOfStream() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        requestSeal(f);
        return f;
    }

    @Override
    public CompletableFuture<Void> truncate(DLSN dlsn) {
        Objects.requireNonNull(dlsn, "dlsn");
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (this) {
            if (state == State.FAILED) {
                f.completeExceptionally(failure);
            } else if (state == State.CLOSING || state == State.CLOSED) {
                f.completeExceptionally(closedError());
            } else if (lastAckedDLSN.equals(DLSN.INVALID) || dlsn.compareTo(lastAckedDLSN) > 0) {
                f.completeExceptionally(new InvalidArgumentException("cannot truncate " + ctx.fullName() + " at "
                        + dlsn + ": past the last acknowledged record " + lastAckedDLSN));
            } else {
                Truncation.truncate(ctx, dlsn).whenComplete((v, t) -> complete(f, v, t));
            }
        }
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

    /** Returns a future that completes when the writer has closed (without asking it to close). */
    public CompletableFuture<Void> closed() {
        return closeFuture;
    }

    /** Called by the namespace when the ZooKeeper session that holds the lock is lost. */
    public void lockLost(String why) {
        lock.lost(why);
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

    private synchronized void failFromExecutor(DLException ex) {
        fail(ex);
    }

    private DLException accept(LogRecord record, CompletableFuture<DLSN> f, long t0) {
        DLException err = check(record);
        if (err != null) {
            ctx.metrics().writesRejected.mark();
            f.completeExceptionally(err);
            return err;
        }
        long txid = record.hasAutoTxid() ? lastAssignedTxId + 1 : record.txid();
        lastAssignedTxId = txid;
        PendingRecord pr = new PendingRecord(record.hasAutoTxid() ? record.withTxid(txid) : record, f, t0);
        pendingBytes += pr.bytes;
        acceptedRecords++;
        if (state == State.ROLLING) {
            queued.add(pr);
        } else {
            appendToSegment(pr);
        }
        return null;
    }

    private DLException check(LogRecord r) {
        switch (state) {
            case FAILED:
                return failure;
            case CLOSING:
            case CLOSED:
                return closedError();
            case SEALING:
            case SEALED:
                return new EndOfStreamException("log " + ctx.fullName() + " is sealed (end of stream); no more "
                        + "writes");
            default:
                break;
        }
        if (r.flags() != LogRecord.FLAG_NONE) {
            return new InvalidArgumentException("record flags " + r.flags() + " are reserved for dlog itself");
        }
        if (r.payload().length > recordMaxBytes) {
            return new TooLargeRecordException("record of " + r.payload().length + " bytes exceeds record.max.bytes="
                    + recordMaxBytes + " on log " + ctx.fullName());
        }
        if (r.hasAutoTxid()) {
            if (lastAssignedTxId >= LogRecord.MAX_TXID) {
                return new InvalidArgumentException("txid space of " + ctx.fullName() + " is exhausted");
            }
        } else if (r.txid() < 0 || r.txid() > LogRecord.MAX_TXID) {
            return new InvalidArgumentException("txid " + r.txid() + " is out of range 0.." + LogRecord.MAX_TXID
                    + " on log " + ctx.fullName());
        } else if (r.txid() < lastAssignedTxId) {
            return new TransactionOutOfOrderException("txid " + r.txid() + " is below the last txid "
                    + lastAssignedTxId + " of log " + ctx.fullName());
        }
        int size = RecordSetWriter.recordBytes(r.payload().length);
        if (pendingBytes + size > maxPendingBytes) {
            return new OverCapacityException("log " + ctx.fullName() + " has " + pendingBytes
                    + " bytes pending; writer.max.pending.bytes=" + maxPendingBytes);
        }
        return null;
    }

    private void appendToSegment(PendingRecord pr) {
        SegmentWriter seg = segment;
        if (seg.hasOpenSet() && seg.openSetBytes() + pr.bytes > batchMaxBytes) {
            sendOpenSet(seg);
            if (state != State.WRITING) {
                queued.addFirst(pr); // the send started a roll: this record goes to the next segment
                return;
            }
        }
        boolean opensSet = !seg.hasOpenSet();
        seg.append(pr);
        if (seg.openSetBytes() >= batchMaxBytes) {
            sendOpenSet(seg);
        } else if (opensSet) {
            scheduleFlush();
        }
    }

    private void scheduleFlush() {
        long gen = setGeneration;
        try {
            if (flushIntervalMs == 0) {
                executor.execute(() -> flushTick(gen));
            } else {
                flushTimer = executor.schedule(() -> flushTick(gen), flushIntervalMs, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            fail(new AlreadyClosedException("namespace of " + ctx.fullName() + " is closed"));
        }
    }

    private synchronized void flushTick(long gen) {
        if (gen == setGeneration && segment != null && segment.hasOpenSet()
                && (state == State.WRITING || state == State.CLOSING || state == State.SEALING)) {
            sendOpenSet(segment);
        }
    }

    private void sendOpenSet(SegmentWriter seg) {
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
        if (state == State.WRITING && seg.bytesSent >= segmentMaxBytes) {
            startRoll(seg, "size");
        }
    }

    private void onAddComplete(SegmentWriter seg, InFlightEntry e, Long id, Throwable err) {
        synchronized (this) {
            if (!recordAdd(seg, e, id, err)) {
                return;
            }
            seg.acksCompleting++;
        }
        // Outside the monitor, so that callbacks may write again; before afterAck, so that a roll, seal or close
        // never overtakes the acknowledgement of the records it follows; before the latency metric, so that the
        // application hears of its records first.
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
            completeFlushWaiters();
            afterAck(seg, e);
        }
    }

    /** Accounts for a completed add; returns whether it succeeded (else the writer has failed). */
    private boolean recordAdd(SegmentWriter seg, InFlightEntry e, Long id, Throwable err) {
        seg.inFlight.remove(e);
        if (err == null && (id == null || id != e.entryId())) {
            err = new DLException(StatusCode.UNEXPECTED, "BookKeeper gave entry id " + id + " where " + e.entryId()
                    + " was expected, segment " + seg.seq() + " of " + ctx.fullName());
        }
        if (err != null) {
            // Once the writer failed, BookKeeper fails the adds behind the first one as "ledger closed": report
            // the root cause (typically WRITE_FENCED) for every one of them.
            DLException ex = state == State.FAILED ? failure : Ledgers.toDL(err, "write entry " + e.entryId()
                    + " of segment " + seg.seq() + " of " + ctx.fullName());
            for (PendingRecord pr : e.records()) {
                pendingBytes -= pr.record.isControl() ? 0 : pr.bytes;
                pr.future.completeExceptionally(ex);
            }
            fail(ex);
            return false;
        }
        acknowledge(seg, e);
        return true;
    }

    private void acknowledge(SegmentWriter seg, InFlightEntry e) {
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

    private void afterAck(SegmentWriter seg, InFlightEntry e) {
        if (seg != segment || !seg.settled()) {
            return;
        }
        switch (state) {
            case ROLLING -> finishRoll(seg);
            case SEALING -> finishSeal(seg);
            case CLOSING -> finishClose(seg);
            case WRITING -> {
                if (!e.control() && !seg.hasOpenSet()) {
                    scheduleControl(seg);
                }
            }
            default -> {
            }
        }
    }

    /**
     * Publishes the last-add-confirmed after a flush interval if the writer is still idle then. Waiting keeps a
     * writer whose records come in bursts (many logs, each written now and then) from sending a control entry
     * after nearly every data entry; readers learn of an idle writer's last entry at most one interval later.
     */
    private void scheduleControl(SegmentWriter seg) {
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

    private synchronized void controlTick(SegmentWriter seg, long gen) {
        if (seg == segment && state == State.WRITING && gen == setGeneration && seg.settled()
                && !seg.hasOpenSet()) {
            sendControl(seg);
        }
    }

    /** Publishes the last-add-confirmed of an idle writer: the next add carries it to the bookies. */
    private void sendControl(SegmentWriter seg) {
        seg.append(new PendingRecord(SegmentWriter.controlRecord(Math.max(0, lastAssignedTxId)),
                new CompletableFuture<>(), System.nanoTime()));
        sendOpenSet(seg);
    }

    private void completeFlushWaiters() {
        if (flushWaiters.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        flushWaiters.removeIf(w -> ackedRecords >= w.target() && done.add(w.future()));
        // After the removal: a callback may call flush() again, which adds to the list.
        done.forEach(f -> f.complete(null));
    }

    // ---- rolling ------------------------------------------------------------------------------------------

    private void armRollTimer(SegmentWriter seg) {
        if (rollIntervalMs <= 0 || seg == null) {
            return;
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - seg.startNanos);
        long delay = Math.max(1, rollIntervalMs - elapsedMs);
        rollTimer = executor.schedule(() -> onRollTimer(seg), delay, TimeUnit.MILLISECONDS);
    }

    private synchronized void onRollTimer(SegmentWriter seg) {
        if (seg != segment || state != State.WRITING) {
            return;
        }
        if (seg.applicationRecordsSent > 0 || seg.hasOpenSet()) {
            startRoll(seg, "age");
        } else {
            rollTimer = executor.schedule(() -> onRollTimer(seg), rollIntervalMs, TimeUnit.MILLISECONDS);
        }
    }

    private void startRoll(SegmentWriter seg, String reason) {
        state = State.ROLLING;
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
        CompletableFuture<WriteHandle> ledger = nextLedger != null ? nextLedger : Ledgers.create(ctx, next.sequenceNumber());
        nextLedger = null;
        int version = logVersion;
        seg.handle.closeAsync()
                .exceptionallyCompose(t -> Futures.failed(Ledgers.toDL(t, "close ledger of segment " + seg.seq())))
                .thenCompose(v -> ledger.exceptionallyCompose(t -> Ledgers.create(ctx, next.sequenceNumber())))
                .thenApplyAsync(h -> SegmentCommits.roll(ctx, completed, seg.znodeVersion, maxTxId,
                        SegmentCommits.withLedger(next, h), version, h),
                        ctx.metadataExecutor())
                .whenCompleteAsync((h, t) -> onRolled(completed, next, maxTxId, h, t), executor);
    }

    private synchronized void onRolled(LogSegmentMetadata completed, LogSegmentMetadata next, long maxTxId, WriteHandle h,
            Throwable t) {
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
        state = State.WRITING;
        preallocate();
        armRollTimer(segment);
        while (!queued.isEmpty() && state == State.WRITING) {
            appendToSegment(queued.poll());
        }
        runAfterTransition();
    }

    private LogSegmentMetadata completedMetadata(SegmentWriter seg) {
        return seg.started.complete(seg.firstTxId, seg.lastAckedTxId, seg.lastAckedDLSN, seg.ackedRecords,
                seg.bytesSent, ctx.clock().millis());
    }

    private void preallocate() {
        long seq = segment.seq() + 1;
        nextLedger = Ledgers.create(ctx, seq);
    }

    private void runAfterTransition() {
        if (state == State.ROLLING || state == State.SEALING) {
            return;
        }
        List<Runnable> actions = new ArrayList<>(afterTransition);
        afterTransition.clear();
        actions.forEach(Runnable::run);
    }

    // ---- sealing ------------------------------------------------------------------------------------------

    private void requestSeal(CompletableFuture<Void> f) {
        switch (state) {
            case SEALED -> f.complete(null);
            case FAILED -> f.completeExceptionally(failure);
            case CLOSING, CLOSED -> f.completeExceptionally(closedError());
            case SEALING -> sealFuture.whenComplete((v, t) -> complete(f, v, t));
            case ROLLING -> afterTransition.add(() -> requestSeal(f));
            default -> beginSeal(f);
        }
    }

    private void beginSeal(CompletableFuture<Void> f) {
        state = State.SEALING;
        sealFuture = f;
        cancelTimers();
        LogRecord eos = new LogRecord(Long.MAX_VALUE, new byte[0], LogRecord.FLAG_END_OF_STREAM);
        segment.append(new PendingRecord(eos, new CompletableFuture<>(), System.nanoTime()));
        sendOpenSet(segment);
    }

    private void finishSeal(SegmentWriter seg) {
        LogSegmentMetadata completed = completedMetadata(seg);
        long maxTxId = Math.max(maxTxIdCommitted, seg.lastAckedTxId);
        int version = logVersion;
        LogInfo sealedInfo = new LogInfo(logInfo.createdAtMillis(), true, logInfo.epoch());
        seg.handle.closeAsync()
                .exceptionallyCompose(t -> Futures.failed(Ledgers.toDL(t, "close ledger of segment " + seg.seq())))
                .thenApplyAsync(v -> SegmentCommits.seal(ctx, completed, seg.znodeVersion, maxTxId, sealedInfo, version),
                        ctx.metadataExecutor())
                .whenCompleteAsync((newVersion, t) -> onSealed(sealedInfo, maxTxId, newVersion, t), executor);
    }

    private synchronized void onSealed(LogInfo sealedInfo, long maxTxId, Integer newVersion, Throwable t) {
        CompletableFuture<Void> f = sealFuture;
        if (t != null) {
            DLException ex = Ledgers.toDL(t, "seal " + ctx.fullName());
            fail(ex);
            f.completeExceptionally(ex);
            return;
        }
        logVersion = newVersion;
        logInfo = sealedInfo;
        maxTxIdCommitted = maxTxId;
        segment = null;
        state = State.SEALED;
        deletePreallocated();
        LOG.info("log sealed log={} lastTxId={} lastDLSN={}", ctx.fullName(), lastAckedTxId, lastAckedDLSN);
        f.complete(null);
        runAfterTransition();
    }

    // ---- failing and closing ------------------------------------------------------------------------------

    private void fail(DLException ex) {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        boolean closing = state == State.CLOSING;
        state = State.FAILED;
        failure = ex;
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
            pr.future.completeExceptionally(ex);
        }
        List<FlushWaiter> waiters = new ArrayList<>(flushWaiters);
        flushWaiters.clear();
        waiters.forEach(w -> w.future().completeExceptionally(ex));
        if (sealFuture != null) {
            sealFuture.completeExceptionally(ex);
        }
        deletePreallocated();
        // Release the lock so another owner can take over; in-flight adds still complete as BookKeeper decides.
        ctx.metadataExecutor().execute(lock::release);
        if (closing) {
            state = State.CLOSED;
            closeFuture.complete(null);
        }
        runAfterTransitionOnFailure();
    }

    private void runAfterTransitionOnFailure() {
        List<Runnable> actions = new ArrayList<>(afterTransition);
        afterTransition.clear();
        actions.forEach(Runnable::run);
    }

    private void requestClose() {
        switch (state) {
            case CLOSED, CLOSING -> {
            }
            case ROLLING, SEALING -> afterTransition.add(this::requestClose);
            case FAILED, SEALED -> {
                state = State.CLOSED;
                cancelTimers();
                ctx.metadataExecutor().execute(() -> {
                    lock.release();
                    closeFuture.complete(null);
                });
            }
            default -> beginClose();
        }
    }

    private void beginClose() {
        state = State.CLOSING;
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
        int version = logVersion;
        // Waited for, so that a process that closes its writer and exits leaves no orphan ledger behind.
        CompletableFuture<Void> preallocatedDeleted = deletePreallocated();
        seg.handle.closeAsync()
                .exceptionallyCompose(t -> Futures.failed(Ledgers.toDL(t, "close ledger of segment " + seg.seq())))
                .thenRunAsync(() -> {
                    try {
                        SegmentCommits.close(ctx, seg, keep, completed, maxTxId, version);
                    } finally {
                        lock.release();
                    }
                }, ctx.metadataExecutor())
                .handle((v, t) -> t)
                .thenCombine(preallocatedDeleted, (t, deleted) -> t)
                .thenAcceptAsync(this::onClosed, executor);
    }

    private synchronized void onClosed(Throwable t) {
        state = State.CLOSED;
        if (t != null) {
            DLException ex = Ledgers.toDL(t, "close writer of " + ctx.fullName());
            LOG.warn("writer closed with error log={} code={} reason={}", ctx.fullName(), ex.code(), ex.getMessage());
            closeFuture.completeExceptionally(ex);
        } else {
            LOG.info("writer closed log={} lastTxId={} lastDLSN={}", ctx.fullName(), lastAckedTxId, lastAckedDLSN);
            closeFuture.complete(null);
        }
    }

    /** Deletes the ledger pre-allocated for the next segment; never fails (the audit reclaims what is left). */
    private CompletableFuture<Void> deletePreallocated() {
        CompletableFuture<WriteHandle> pre = nextLedger;
        nextLedger = null;
        if (pre == null) {
            return CompletableFuture.completedFuture(null);
        }
        return pre.thenCompose(h -> h.closeAsync().handle((v, t) -> h.getId()))
                .thenCompose(id -> Ledgers.delete(ctx, id))
                .handle((v, t) -> null);
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

    private AlreadyClosedException closedError() {
        return new AlreadyClosedException("writer of " + ctx.fullName() + " is closed");
    }

    private static <T> void complete(CompletableFuture<T> f, T v, Throwable t) {
        if (t != null) {
            f.completeExceptionally(Futures.unwrap(t));
        } else {
            f.complete(v);
        }
    }
}
