package io.dlog.core.internal.subscription;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.SubscriptionReader;
import io.dlog.core.internal.lock.WriteLock;
import io.dlog.protocol.AlreadyClosedException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LockingException;
import io.dlog.protocol.LogRecordWithDLSN;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log reader bound to a subscription's read lock. Reads go to the plain reader; once the lock is lost they fail
 * LOCKING_EXCEPTION (the plain reader is closed then, so pending reads end too). Closing closes the reader, then
 * releases the lock. Thread-safe.
 */
public final class SubscriptionReaderImpl implements SubscriptionReader {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionReaderImpl.class);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(30);

    private final AsyncLogReader reader;
    private final String subscription;
    private final LockHolder lock;
    private final Committer committer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

    /** Commits a position under the reader's lock (blocking work moved off the caller by the implementation). */
    @FunctionalInterface
    public interface Committer {
        /**
         * Commits.
         *
         * @param position the position
         * @return the stored position afterwards
         */
        CompletableFuture<DLSN> commit(DLSN position);
    }

    /**
     * The read lock, set once it is taken; the lock's loss callback runs before the lock object exists (it is
     * passed to the acquisition), so it goes through this holder.
     */
    public static final class LockHolder {
        private final AtomicBoolean lost = new AtomicBoolean();
        private volatile WriteLock lock;
        private volatile Runnable onLost = () -> { };

        /** Called by the lock when it is lost; never blocks. */
        public void lost() {
            if (lost.compareAndSet(false, true)) {
                onLost.run();
            }
        }

        /** Returns whether the lock was lost. */
        public boolean isLost() {
            return lost.get() || (lock != null && !lock.isHeld());
        }

        /**
         * Records the taken lock.
         *
         * @param taken the lock
         */
        public void set(WriteLock taken) {
            this.lock = taken;
        }

        WriteLock lock() {
            return lock;
        }
    }

    /**
     * Wraps a reader.
     *
     * @param reader the plain reader, owned from now on
     * @param subscription the subscription's name
     * @param lock the held read lock, owned from now on
     * @param committer commits positions under the lock
     */
    public SubscriptionReaderImpl(AsyncLogReader reader, String subscription, LockHolder lock, Committer committer) {
        this.reader = reader;
        this.subscription = subscription;
        this.lock = lock;
        this.committer = committer;
        lock.onLost = this::onLockLost;
        if (lock.isLost()) {
            onLockLost();
        }
    }

    private void onLockLost() {
        LOG.warn("subscription read lock lost log={} subscription={}; the reader stops", reader.logName(),
                subscription);
        reader.asyncClose(); // ends pending reads; they are reported as LOCKING_EXCEPTION below
    }

    /** Returns a future that completes when the reader is closed and its lock released. */
    public CompletableFuture<Void> closed() {
        return closeFuture;
    }

    @Override
    public String subscription() {
        return subscription;
    }

    @Override
    public String logName() {
        return reader.logName();
    }

    @Override
    public DLSN startPosition() {
        return reader.startPosition();
    }

    @Override
    public CompletableFuture<LogRecordWithDLSN> readNext() {
        return guard(AsyncLogReader::readNext);
    }

    @Override
    public CompletableFuture<List<LogRecordWithDLSN>> readBulk(int maxRecords) {
        return guard(r -> r.readBulk(maxRecords));
    }

    private <T> CompletableFuture<T> guard(Function<AsyncLogReader, CompletableFuture<T>> read) {
        if (closed.get()) {
            return Futures.failed(new AlreadyClosedException("subscription reader " + subscription + " of "
                    + reader.logName() + " is closed"));
        }
        if (lock.isLost()) {
            return Futures.failed(lockLost());
        }
        return read.apply(reader).handle((v, t) -> {
            if (t == null) {
                return CompletableFuture.completedFuture(v);
            }
            return Futures.<T>failed(lock.isLost() && !closed.get() ? lockLost() : Futures.unwrap(t));
        }).thenCompose(Function.identity());
    }

    private LockingException lockLost() {
        return new LockingException("subscription " + subscription + " of log " + reader.logName() + ": the read "
                + "lock was lost (ZooKeeper session expired or the lock deleted); close this reader and open another");
    }

    @Override
    public CompletableFuture<DLSN> commit(DLSN position) {
        Objects.requireNonNull(position, "position");
        if (closed.get()) {
            return Futures.failed(new AlreadyClosedException("subscription reader " + subscription + " of "
                    + reader.logName() + " is closed"));
        }
        if (lock.isLost()) {
            return Futures.failed(lockLost());
        }
        return committer.commit(position);
    }

    @Override
    public CompletableFuture<Void> asyncClose() {
        if (!closed.compareAndSet(false, true)) {
            return closeFuture;
        }
        reader.asyncClose().whenComplete((v, t) -> {
            WriteLock l = lock.lock();
            CompletableFuture<Void> released = l == null ? CompletableFuture.completedFuture(null) : l.releaseAsync();
            released.whenComplete((v2, t2) -> {
                LOG.info("subscription reader closed log={} subscription={}", reader.logName(), subscription);
                closeFuture.complete(null);
            });
        });
        return closeFuture;
    }

    @Override
    public void close() {
        try {
            Futures.result(asyncClose(), CLOSE_LIMIT);
        } catch (DLException e) {
            LOG.warn("subscription reader close did not finish log={} subscription={} error={}", reader.logName(),
                    subscription, e.getMessage());
        }
    }
}
