package io.dlog.core;

import io.dlog.protocol.DLSN;
import java.util.concurrent.CompletableFuture;

/**
 * A subscription's read lock held without a reader of its own ({@link Subscriptions#acquire}): for a process that
 * reads the log by other means and still wants the subscription's guarantees, such as the read proxy, which serves
 * a remote subscriber from its shared per-stream reader and cache instead of opening a BookKeeper reader per
 * subscriber. It holds the lock (an ephemeral znode) until it is closed or its ZooKeeper session expires; commits
 * are applied only while it does. Thread-safe.
 */
public interface SubscriptionLease extends AutoCloseable {

    /** Returns the subscription's name. */
    String subscription();

    /**
     * Returns where the subscription resumes (read the records at or after it): the slot after the committed
     * position, the first readable record when nothing was committed, or the start of the next segment when the
     * committed position ended a segment that
     * was released since. Resolved once, when the lock was taken.
     */
    DLSN start();

    /** Returns whether the lock is still held (false once lost to a session expiry, or closed). */
    boolean isHeld();

    /**
     * Commits a position, as {@link SubscriptionReader#commit}: only moves forward, refused once the lock is lost,
     * and only into the incarnation of the log the lease was taken on.
     *
     * @param position the last position consumed
     * @return the stored position afterwards; fails with LOCKING_EXCEPTION (the lock was lost), LOG_NOT_FOUND (the
     *     log was deleted, perhaps re-created, since the lease was taken; nothing was written), ZOOKEEPER_ERROR,
     *     ALREADY_CLOSED
     */
    CompletableFuture<DLSN> commit(DLSN position);

    /**
     * Releases the lock (never blocks).
     *
     * @return completes when the lock znode is gone
     */
    CompletableFuture<Void> asyncClose();

    /** Releases the lock, waiting a bounded time. */
    @Override
    void close();
}
