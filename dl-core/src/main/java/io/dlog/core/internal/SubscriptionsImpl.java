package io.dlog.core.internal;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.Subscription;
import io.dlog.core.SubscriptionLease;
import io.dlog.core.SubscriptionReader;
import io.dlog.core.Subscriptions;
import io.dlog.core.internal.lock.WriteLock;
import io.dlog.core.internal.metadata.IncarnationGuard;
import io.dlog.core.internal.metadata.SubscriptionStore;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.core.internal.read.LogInspector;
import io.dlog.core.internal.subscription.SubscriptionLeaseImpl;
import io.dlog.core.internal.subscription.SubscriptionReaderImpl;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.LogTruncatedException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions of one log: the store's blocking calls run on the namespace's admin executor; a subscription
 * reader takes the read lock (a {@link WriteLock} on {@code <log>/readlock-<name>}: ephemeral, with a token, so a
 * create whose reply was lost is recognised as ours), then opens a plain reader through the log handle.
 *
 * <p>Every commit goes to one incarnation of the log ({@link SubscriptionStore#incarnation}), never to a log
 * deleted and re-created under the same name since: a plain commit to the incarnation this view's first call found,
 * a reader's or lease's to the one it was opened on. Thread-safe.
 */
final class SubscriptionsImpl implements Subscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionsImpl.class);
    /** Guards taken per commit: a guard can go with its session while the log stays, so another is tried. */
    private static final int GUARD_ATTEMPTS = 3;

    private final LogContext ctx;
    private final SubscriptionStore store;
    private final Function<DLSN, CompletableFuture<AsyncLogReader>> opener;
    private final Consumer<SubscriptionReaderImpl> tracker;
    /** The incarnation this view's first call found the log in, 0 before: where its plain commits go. */
    private final AtomicLong viewIncarnation = new AtomicLong();

    /**
     * Makes the subscriptions of a log.
     *
     * @param ctx the log
     * @param opener opens (and tracks) a plain reader of the log at a position
     * @param tracker tracks a subscription reader, so that closing the log handle closes it (and frees its lock)
     */
    SubscriptionsImpl(LogContext ctx, Function<DLSN, CompletableFuture<AsyncLogReader>> opener,
            Consumer<SubscriptionReaderImpl> tracker) {
        this.ctx = ctx;
        this.store = new SubscriptionStore(ctx.store().curator(), ctx.store().paths());
        this.opener = opener;
        this.tracker = tracker;
    }

    private <T> CompletableFuture<T> call(String what, String name, BlockingCalls.Call<T> call) {
        if (name != null) {
            try {
                Subscription.validateName(name);
            } catch (DLException e) {
                return Futures.failed(e);
            }
        }
        return BlockingCalls.submit(ctx.adminExecutor(), what + " of " + ctx.fullName(), call);
    }

    @Override
    public CompletableFuture<DLSN> commit(String name, DLSN position) {
        Objects.requireNonNull(position, "position");
        return call("subscription commit", name, () -> commitInto(pinned(), name, position, null, 0));
    }

    /**
     * Returns the incarnation this view is bound to, binding it to the current one on its first call. The position
     * an application commits was read from some incarnation, and a DLSN does not say which: the view's first sight
     * of the log is the best evidence there is (a log re-created since is a different log).
     */
    private long pinned() throws DLException {
        long seen = viewIncarnation.get();
        return seen != 0 ? seen : pin(store.incarnation(ctx.log()));
    }

    private long pin(long incarnation) {
        long witness = viewIncarnation.compareAndExchange(0, incarnation);
        return witness == 0 ? incarnation : witness;
    }

    /**
     * Commits into one incarnation of the log, or fails LOG_NOT_FOUND having written nothing. The guard is taken
     * first, then the log checked to be that incarnation: from then on the guard lives only as long as the
     * incarnation does, and the commit's transaction checks it, so a delete and re-create racing the commit (or a
     * Curator retry of it) cannot make it land on the new log.
     */
    private DLSN commitInto(long incarnation, String name, DLSN position, String lockPath, long lockSession)
            throws DLException {
        for (int attempt = 1; ; attempt++) {
            IncarnationGuard guard = ctx.store().guard(ctx.log());
            try {
                requireIncarnation(incarnation);
                return store.commit(ctx.log(), name, position, lockPath, lockSession, guard);
            } catch (LogNotFoundException e) {
                // The guard also goes with its ZooKeeper session: only a changed incarnation is final.
                if (attempt >= GUARD_ATTEMPTS || store.incarnation(ctx.log()) != incarnation) {
                    throw e;
                }
            } finally {
                ctx.store().dropGuard(guard);
            }
        }
    }

    private void requireIncarnation(long incarnation) throws DLException {
        if (store.incarnation(ctx.log()) != incarnation) {
            throw new LogNotFoundException("log " + ctx.fullName() + " was deleted and re-created since this "
                    + "subscription's position was read; the commit was not applied (a position of the old log "
                    + "means nothing in the new one: commit through a handle, reader or lease opened since)");
        }
    }

    @Override
    public CompletableFuture<Optional<DLSN>> position(String name) {
        return call("subscription position", name, () -> {
            pinned();
            Versioned<Optional<DLSN>> v = store.read(ctx.log(), name);
            return v == null ? Optional.empty() : v.value();
        });
    }

    @Override
    public CompletableFuture<List<Subscription>> list() {
        return call("subscription list", null, () -> {
            pinned();
            return store.list(ctx.log());
        });
    }

    @Override
    public CompletableFuture<Boolean> delete(String name) {
        return call("subscription delete", name, () -> {
            pinned();
            boolean existed = store.delete(ctx.log(), name);
            if (existed) {
                LOG.info("subscription deleted log={} subscription={}", ctx.fullName(), name);
            }
            return existed;
        });
    }

    @Override
    public CompletableFuture<SubscriptionReader> openReader(String name) {
        return openReader(name, Duration.ZERO);
    }

    @Override
    public CompletableFuture<SubscriptionReader> openReader(String name, Duration lockWait) {
        return underReadLock(name, lockWait, (lockPath, lock, holder) -> openUnderLock(name, lockPath, lock, holder));
    }

    @Override
    public CompletableFuture<SubscriptionLease> acquire(String name, Duration lockWait) {
        return underReadLock(name, lockWait, (lockPath, lock, holder) -> call("subscription acquire", name, () -> {
            Committed c = readCommitted(name);
            DLSN start = resolveStart(c.position());
            LOG.info("subscription lease taken log={} subscription={} start={}", ctx.fullName(), name, start);
            return new SubscriptionLeaseImpl(ctx.fullName(), name, start, holder,
                    p -> call("subscription commit", name, () -> commitInto(c.incarnation(), name, p, lockPath,
                            lock.sessionId())));
        }));
    }

    /** A subscription's committed position, and the incarnation of the log it was read from. */
    private record Committed(long incarnation, Optional<DLSN> position) {
    }

    /**
     * Under the read lock: binds to the current incarnation, registers the subscription and reads its position, all
     * in that incarnation (checked after the read), so a reader or lease never starts from one log's position and
     * commits into another. Blocking.
     */
    private Committed readCommitted(String name) throws DLException {
        long incarnation = store.incarnation(ctx.log());
        pin(incarnation);
        store.register(ctx.log(), name);
        Versioned<Optional<DLSN>> v = store.read(ctx.log(), name);
        requireIncarnation(incarnation);
        return new Committed(incarnation, v == null ? Optional.empty() : v.value());
    }

    /** What runs once a subscription's read lock is taken. */
    @FunctionalInterface
    private interface UnderLock<T> {
        CompletableFuture<T> run(String lockPath, WriteLock lock, SubscriptionReaderImpl.LockHolder holder);
    }

    /**
     * Takes a subscription's read lock (waiting up to {@code lockWait}), then runs {@code work} under it; the lock
     * is released again if the work fails. Shared by {@link #openReader} and {@link #acquire}.
     */
    private <T> CompletableFuture<T> underReadLock(String name, Duration lockWait, UnderLock<T> work) {
        Objects.requireNonNull(lockWait, "lockWait");
        try {
            Subscription.validateName(name);
        } catch (DLException e) {
            return Futures.failed(e);
        }
        String lockPath = store.readLock(ctx.log(), name);
        SubscriptionReaderImpl.LockHolder holder = new SubscriptionReaderImpl.LockHolder();
        return WriteLock.acquireAsync(ctx.store().curator(), lockPath, ctx.owner() + " subscription=" + name,
                lockWait.isNegative() ? Duration.ZERO : lockWait, holder::lost).thenCompose(lock -> {
                    holder.set(lock);
                    return work.run(lockPath, lock, holder).whenComplete((r, t) -> {
                        if (t != null) {
                            lock.releaseAsync();
                        }
                    });
                });
    }

    /**
     * Where a lease resumes, as {@link #openAfter} decides without opening a reader: after the committed position,
     * at the first readable record when nothing was committed (or the log is empty: the first record to come), at
     * the next segment when the committed position ended a released segment; LOG_TRUNCATED for any other release
     * of unconsumed records.
     */
    private DLSN resolveStart(Optional<DLSN> committed) throws DLException {
        DLSN wanted = committed.map(DLSN::nextSlot).orElse(DLSN.INITIAL);
        DLSN first;
        try {
            first = LogInspector.firstDLSN(ctx);
        } catch (DLException e) {
            if (e.code() == io.dlog.protocol.StatusCode.LOG_EMPTY) {
                return wanted;
            }
            throw e;
        }
        if (committed.isEmpty() || wanted.compareTo(first) >= 0) {
            return committed.isEmpty() && first.compareTo(wanted) > 0 ? first : wanted;
        }
        DLSN next = consumedSegmentEnd(committed.get());
        if (next != null && next.compareTo(first) >= 0) {
            return next;
        }
        throw new LogTruncatedException("subscription position " + committed.get() + " of " + ctx.fullName()
                + " was released; the first readable record is " + first);
    }

    private CompletableFuture<SubscriptionReader> openUnderLock(String name, String lockPath, WriteLock lock,
            SubscriptionReaderImpl.LockHolder holder) {
        return call("subscription open", name, () -> readCommitted(name)).thenCompose(c -> openAfter(c.position())
                .thenApply(reader -> {
                    LOG.info("subscription reader opened log={} subscription={} committed={} start={}",
                            ctx.fullName(), name, c.position().map(DLSN::toString).orElse("none"),
                            reader.startPosition());
                    SubscriptionReaderImpl sub = new SubscriptionReaderImpl(reader, name, holder,
                            p -> call("subscription commit", name, () -> commitInto(c.incarnation(), name, p,
                                    lockPath, lock.sessionId())));
                    tracker.accept(sub);
                    return sub;
                }));
    }

    /**
     * Opens a reader at the record after {@code committed}, or at the first readable record when nothing was
     * committed. A committed position that was the last record of a segment released since is not a loss: the
     * reader then starts at the next segment. Any other release of unconsumed records fails LOG_TRUNCATED.
     */
    private CompletableFuture<AsyncLogReader> openAfter(Optional<DLSN> committed) {
        DLSN start = committed.map(DLSN::nextSlot).orElse(DLSN.INITIAL);
        return opener.apply(start).handle((r, t) -> {
            if (t == null) {
                return CompletableFuture.completedFuture(r);
            }
            if (!(Futures.unwrap(t) instanceof LogTruncatedException)) {
                return Futures.<AsyncLogReader>failed(Futures.unwrap(t));
            }
            if (committed.isEmpty()) {
                return BlockingCalls.submit(ctx.adminExecutor(), "first DLSN of " + ctx.fullName(),
                        () -> LogInspector.firstDLSN(ctx)).thenCompose(opener);
            }
            return BlockingCalls.submit(ctx.adminExecutor(), "segments of " + ctx.fullName(),
                    () -> consumedSegmentEnd(committed.get())).thenCompose(next -> next == null
                            ? Futures.<AsyncLogReader>failed(Futures.unwrap(t)) : opener.apply(next));
        }).thenCompose(Function.identity());
    }

    /** Returns the start of the next segment if {@code committed} ends its segment, else null. */
    private DLSN consumedSegmentEnd(DLSN committed) throws DLException {
        for (Versioned<LogSegmentMetadata> v : ctx.store().readSegments(ctx.log())) {
            LogSegmentMetadata s = v.value();
            if (s.sequenceNumber() == committed.segmentSequenceNumber()) {
                return s.lastDLSN().compareTo(committed) <= 0 && !s.lastDLSN().equals(DLSN.INVALID)
                        ? new DLSN(s.sequenceNumber() + 1, 0, 0) : null;
            }
        }
        return null;
    }
}
