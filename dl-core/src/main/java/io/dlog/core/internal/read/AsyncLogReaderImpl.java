package io.dlog.core.internal.read;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.internal.LogContext;
import io.dlog.protocol.AlreadyClosedException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader of a log: serves {@code readNext}/{@code readBulk} in call order from the {@link ReadAheadCache}
 * that a {@link ReadAhead} fills.
 *
 * <p>Threading: every public method hops onto the log executor, which owns all state; futures complete on it. A
 * read asked for on that thread from a callback of a read being delivered is queued without a hop, unless a read or
 * close asked for earlier is still on its way to the executor (call order is kept).
 * Once the readahead stops, the records already cached are delivered first where the failure allows it
 * (END_OF_STREAM, LOG_READ_ERROR), then every read fails with that failure; LOG_NOT_FOUND fails at once. After
 * {@link #asyncClose()} pending reads fail READ_CANCELLED_EXCEPTION and new ones ALREADY_CLOSED. A reader that
 * waits at the tail for {@code reader.idle.warn.ms} with no new record is reported once per wait (WARN line and
 * the {@code dlog.reader.idle} counter).
 */
public final class AsyncLogReaderImpl implements AsyncLogReader, ReadAheadListener {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncLogReaderImpl.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private enum State { OPEN, CLOSED }

    private final LogContext ctx;
    private final DLSN startPosition;
    private final ReadAheadCache cache;
    private final ReadAhead readAhead;
    private final IdleTracker idle;
    private final ArrayDeque<ReadRequest> pending = new ArrayDeque<>();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    /** Reads and closes handed to the executor and not yet run there: while any is, no read is queued directly. */
    private final AtomicInteger hops = new AtomicInteger();
    /**
     * The executor thread while it hands records over ({@link #drain}), else null: a read asked for on that thread
     * (from a delivered read's callback) is queued directly behind the reads being served instead of hopping onto
     * the executor again (issue 13: with 1,000 readers of a log that hop, one executor task per reader and entry,
     * was a quarter of the log executor's time). Written on the executor, read by any caller.
     */
    private volatile Thread drainingOn;
    private State state = State.OPEN;
    private DLException failure;
    private ScheduledFuture<?> idleTimer;

    private AsyncLogReaderImpl(LogContext ctx, ReaderConfig config, ResolvedStart start) {
        this.ctx = ctx;
        this.startPosition = start.position();
        this.cache = new ReadAheadCache(config.readaheadMaxBytes());
        this.readAhead = new ReadAhead(ctx, config, cache, start, this);
        this.idle = new IdleTracker(config.idleWarn().toMillis());
    }

    /**
     * Makes a reader and starts its readahead. Runs on the log executor.
     *
     * @param ctx the log
     * @param config the reader settings
     * @param start where to start
     * @return the started reader
     */
    static AsyncLogReaderImpl start(LogContext ctx, ReaderConfig config, ResolvedStart start) {
        AsyncLogReaderImpl r = new AsyncLogReaderImpl(ctx, config, start);
        r.readAhead.start();
        LOG.debug("reader opened log={} start={} minTxId={}", ctx.fullName(), start.position(), start.minTxId());
        return r;
    }

    @Override
    public String logName() {
        return ctx.log();
    }

    @Override
    public DLSN startPosition() {
        return startPosition;
    }

    @Override
    public CompletableFuture<LogRecordWithDLSN> readNext() {
        return readBulk(1).thenApply(records -> records.get(0));
    }

    @Override
    public CompletableFuture<List<LogRecordWithDLSN>> readBulk(int maxRecords) {
        if (maxRecords < 1) {
            return Futures.failed(new InvalidArgumentException("readBulk of " + ctx.fullName() + " needs at least 1 "
                    + "record, got " + maxRecords));
        }
        ReadRequest req = new ReadRequest(maxRecords, new CompletableFuture<>());
        if (drainingOn == Thread.currentThread() && hops.get() == 0) {
            // Called from a callback of this reader's drain, on the executor, with no earlier read or close on its
            // way: the drain serves it next, in call order, without a hop.
            pending.add(req);
            return req.future();
        }
        hops.incrementAndGet();
        try {
            ctx.executor().execute(() -> {
                hops.decrementAndGet();
                enqueue(req);
            });
        } catch (RejectedExecutionException e) {
            hops.decrementAndGet();
            req.future().completeExceptionally(closedError());
        }
        return req.future();
    }

    @Override
    public CompletableFuture<Void> asyncClose() {
        hops.incrementAndGet(); // reads asked for after this call must not be served ahead of the close
        try {
            ctx.executor().execute(() -> {
                hops.decrementAndGet();
                closeOnExecutor();
            });
        } catch (RejectedExecutionException e) {
            hops.decrementAndGet();
            // The namespace is closing: its executors are gone and with them everything this reader held.
            failAll(new DLException(StatusCode.READ_CANCELLED_EXCEPTION, "reader of " + ctx.fullName()
                    + " closed with its namespace"));
            closeFuture.complete(null);
        }
        return closeFuture;
    }

    /** Returns a future that completes once the reader has closed (without asking it to close). */
    public CompletableFuture<Void> closed() {
        return closeFuture;
    }

    @Override
    public void close() {
        try {
            Futures.result(asyncClose(), CLOSE_WAIT);
        } catch (DLException e) {
            LOG.warn("reader close failed log={} code={} reason={}", ctx.fullName(), e.code(), e.getMessage());
        }
    }

    // ---- on the executor --------------------------------------------------------------------------------

    private void enqueue(ReadRequest req) {
        if (state == State.CLOSED) {
            req.future().completeExceptionally(closedError());
            return;
        }
        pending.add(req);
        drain();
    }

    @Override
    public void recordsAvailable() {
        if (state == State.OPEN) {
            drain();
        }
    }

    @Override
    public void stopped(DLException why, boolean afterCached) {
        if (state == State.CLOSED || failure != null) {
            return;
        }
        failure = why;
        if (!afterCached) {
            cache.clear();
        }
        LOG.debug("reader stopped log={} position={} code={} reason={}", ctx.fullName(), readAhead.position(),
                why.code(), why.getMessage());
        drain();
    }

    private void drain() {
        Thread outer = drainingOn;
        drainingOn = Thread.currentThread();
        try {
            // A read asked for by a callback below joins pending and is served by this same loop. The state cannot
            // change meanwhile: a close asked for by a callback runs later, as an executor task.
            while (!pending.isEmpty() && !cache.isEmpty()) {
                ReadRequest req = pending.poll();
                List<LogRecordWithDLSN> records = cache.take(req.maxRecords());
                ctx.metrics().recordsRead.mark(records.size());
                idle.progressed();
                req.future().complete(records);
            }
        } finally {
            drainingOn = outer;
        }
        if (cache.isEmpty() && failure != null) {
            failAll(failure);
        }
        trackIdle();
        readAhead.advance();
    }

    private void failAll(DLException why) {
        ReadRequest req;
        while ((req = pending.poll()) != null) {
            req.future().completeExceptionally(why);
        }
    }

    private void trackIdle() {
        if (pending.isEmpty() || failure != null) {
            idle.progressed();
            return;
        }
        long now = ctx.clock().millis();
        idle.waiting(now);
        long delay = idle.delayUntilDueMs(now);
        if (delay >= 0 && idleTimer == null) {
            idleTimer = ctx.executor().schedule(this::checkIdle, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void checkIdle() {
        idleTimer = null;
        if (state == State.CLOSED) {
            return;
        }
        long now = ctx.clock().millis();
        if (idle.shouldReport(now)) {
            ctx.metrics().idleReaders.inc();
            LOG.warn("reader idle log={} position={} waitedMs={} pendingReads={}", ctx.fullName(),
                    readAhead.position(), idle.waitedMs(now), pending.size());
        }
        long delay = idle.delayUntilDueMs(now);
        if (delay >= 0) {
            idleTimer = ctx.executor().schedule(this::checkIdle, Math.max(1, delay), TimeUnit.MILLISECONDS);
        }
    }

    private void closeOnExecutor() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
        failAll(new DLException(StatusCode.READ_CANCELLED_EXCEPTION, "reader of " + ctx.fullName() + " was closed"));
        cache.clear();
        readAhead.close().whenComplete((v, t) -> closeFuture.complete(null));
        LOG.debug("reader closed log={} position={}", ctx.fullName(), readAhead.position());
    }

    private AlreadyClosedException closedError() {
        return new AlreadyClosedException("reader of " + ctx.fullName() + " is closed");
    }
}
