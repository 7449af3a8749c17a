package io.dlog.core.internal.subscription;

import io.dlog.core.SubscriptionLease;
import io.dlog.core.internal.lock.WriteLock;
import io.dlog.protocol.AlreadyClosedException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LockingException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A held subscription read lock with its resolved start and a committer bound to the lock. Thread-safe. */
public final class SubscriptionLeaseImpl implements SubscriptionLease {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionLeaseImpl.class);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(30);

    private final String log;
    private final String subscription;
    private final DLSN start;
    private final SubscriptionReaderImpl.LockHolder lock;
    private final SubscriptionReaderImpl.Committer committer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

    /**
     * Wraps a taken lock.
     *
     * @param log the log's full name (for messages)
     * @param subscription the subscription
     * @param start where the subscription resumes
     * @param lock the held lock, owned from now on
     * @param committer commits under the lock
     */
    public SubscriptionLeaseImpl(String log, String subscription, DLSN start, SubscriptionReaderImpl.LockHolder lock,
            SubscriptionReaderImpl.Committer committer) {
        this.log = log;
        this.subscription = subscription;
        this.start = start;
        this.lock = lock;
        this.committer = committer;
    }

    @Override
    public String subscription() {
        return subscription;
    }

    @Override
    public DLSN start() {
        return start;
    }

    @Override
    public boolean isHeld() {
        return !closed.get() && !lock.isLost();
    }

    @Override
    public CompletableFuture<DLSN> commit(DLSN position) {
        Objects.requireNonNull(position, "position");
        if (closed.get()) {
            return Futures.failed(new AlreadyClosedException("subscription " + subscription + " of " + log
                    + " is released"));
        }
        if (lock.isLost()) {
            return Futures.failed(new LockingException("subscription " + subscription + " of log " + log
                    + ": the read lock was lost (ZooKeeper session expired or the lock deleted)"));
        }
        return committer.commit(position);
    }

    @Override
    public CompletableFuture<Void> asyncClose() {
        if (!closed.compareAndSet(false, true)) {
            return closeFuture;
        }
        WriteLock l = lock.lock();
        CompletableFuture<Void> released = l == null ? CompletableFuture.completedFuture(null) : l.releaseAsync();
        released.whenComplete((v, t) -> {
            LOG.info("subscription lease released log={} subscription={}", log, subscription);
            closeFuture.complete(null);
        });
        return closeFuture;
    }

    @Override
    public void close() {
        try {
            Futures.result(asyncClose(), CLOSE_LIMIT);
        } catch (DLException e) {
            LOG.warn("subscription lease release did not finish log={} subscription={} error={}", log, subscription,
                    e.getMessage());
        }
    }
}
