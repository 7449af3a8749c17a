package io.dlog.core.internal;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LockOwner;
import io.dlog.core.LogManager;
import io.dlog.core.LogReader;
import io.dlog.core.LogWriter;
import io.dlog.core.Subscriptions;
import io.dlog.core.internal.lock.LockOwners;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.core.internal.read.AsyncLogReaderImpl;
import io.dlog.core.internal.read.LogInspector;
import io.dlog.core.internal.read.ReaderOpener;
import io.dlog.core.internal.read.SyncLogReader;
import io.dlog.core.internal.subscription.SubscriptionReaderImpl;
import io.dlog.core.internal.write.LogWriterImpl;
import io.dlog.core.internal.write.SyncLogWriter;
import io.dlog.core.internal.write.WriterOpener;
import io.dlog.protocol.AlreadyClosedException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.LogSegmentMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** A handle on one log. Thread-safe. */
final class LogManagerImpl implements LogManager {
    private static final Duration OPEN_SLACK = Duration.ofSeconds(120);

    private final NamespaceImpl ns;
    private final LogContext ctx;
    private final Set<AutoCloseable> opened = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SubscriptionsImpl subscriptions;

    LogManagerImpl(NamespaceImpl ns, LogContext ctx) {
        this.ns = ns;
        this.ctx = ctx;
        this.subscriptions = new SubscriptionsImpl(ctx, this::openAsyncLogReader, this::trackSubscriptionReader);
    }

    @Override
    public Subscriptions subscriptions() {
        return subscriptions;
    }

    @Override
    public String name() {
        return ctx.log();
    }

    @Override
    public CompletableFuture<AsyncLogWriter> openAsyncLogWriter() {
        if (closed.get()) {
            return Futures.failed(closedError());
        }
        return WriterOpener.open(ctx).thenApply(this::track);
    }

    private AsyncLogWriter track(LogWriterImpl w) {
        opened.add(w);
        ns.writerOpened(w);
        w.closed().whenComplete((v, t) -> {
            opened.remove(w);
            ns.writerClosed(w);
        });
        return w;
    }

    @Override
    public LogWriter openLogWriter() throws DLException {
        AsyncLogWriter w = Futures.result(openAsyncLogWriter(), ctx.config().lockTimeout().plus(OPEN_SLACK));
        return new SyncLogWriter(w);
    }

    @Override
    public CompletableFuture<AsyncLogReader> openAsyncLogReader(DLSN from) {
        Objects.requireNonNull(from, "from");
        if (closed.get()) {
            return Futures.failed(closedError());
        }
        return ReaderOpener.open(ctx, from).thenApply(this::trackReader);
    }

    @Override
    public CompletableFuture<AsyncLogReader> openAsyncLogReader(long fromTxId) {
        if (fromTxId < 0) {
            return Futures.failed(new InvalidArgumentException("txid " + fromTxId + " is negative"));
        }
        if (closed.get()) {
            return Futures.failed(closedError());
        }
        return ReaderOpener.open(ctx, fromTxId).thenApply(this::trackReader);
    }

    private AsyncLogReader trackReader(AsyncLogReader r) {
        opened.add(r);
        if (r instanceof AsyncLogReaderImpl impl) {
            impl.closed().whenComplete((v, t) -> opened.remove(r));
        }
        return r;
    }

    private void trackSubscriptionReader(SubscriptionReaderImpl r) {
        opened.add(r);
        r.closed().whenComplete((v, t) -> opened.remove(r));
        if (closed.get()) {
            r.asyncClose(); // the handle closed while the reader opened: nobody else would close it
        }
    }

    @Override
    public LogReader openLogReader(DLSN from) throws DLException {
        return new SyncLogReader(Futures.result(openAsyncLogReader(from), OPEN_SLACK));
    }

    @Override
    public DLSN getFirstDLSN() throws DLException {
        return LogInspector.firstDLSN(ctx);
    }

    @Override
    public DLSN getLastDLSN() throws DLException {
        return LogInspector.lastDLSN(ctx);
    }

    @Override
    public long getLastTxId() throws DLException {
        return LogInspector.lastTxId(ctx);
    }

    @Override
    public long getLogRecordCount() throws DLException {
        return LogInspector.recordCount(ctx);
    }

    @Override
    public List<LogSegmentMetadata> getLogSegments() throws DLException {
        return ctx.store().readSegments(ctx.log()).stream().map(Versioned::value).toList();
    }

    @Override
    public Optional<LockOwner> getLockOwner() throws DLException {
        return LockOwners.read(ctx.store().curator(), ctx.store().paths().lock(ctx.log()));
    }

    @Override
    public CompletableFuture<DLSN> getFirstDLSNAsync() {
        return inspect("first DLSN", this::getFirstDLSN);
    }

    @Override
    public CompletableFuture<DLSN> getLastDLSNAsync() {
        return inspect("last DLSN", this::getLastDLSN);
    }

    @Override
    public CompletableFuture<Long> getLastTxIdAsync() {
        return inspect("last txid", this::getLastTxId);
    }

    @Override
    public CompletableFuture<Long> getLogRecordCountAsync() {
        return inspect("record count", this::getLogRecordCount);
    }

    @Override
    public CompletableFuture<List<LogSegmentMetadata>> getLogSegmentsAsync() {
        return inspect("segments", this::getLogSegments);
    }

    private <T> CompletableFuture<T> inspect(String what, BlockingCalls.Call<T> call) {
        if (closed.get()) {
            return Futures.failed(closedError());
        }
        return BlockingCalls.submit(ctx.adminExecutor(), what + " of " + ctx.fullName(), call);
    }

    private AlreadyClosedException closedError() {
        return new AlreadyClosedException("log handle " + ctx.fullName() + " is closed");
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                // close() of writers and readers logs its own failures
            }
        }
        opened.clear();
        ns.logClosed(this);
    }
}
