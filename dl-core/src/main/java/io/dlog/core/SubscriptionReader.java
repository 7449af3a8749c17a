package io.dlog.core;

import io.dlog.protocol.DLSN;
import java.util.concurrent.CompletableFuture;

/**
 * A reader opened through a durable subscription ({@link Subscriptions#openReader}). It holds the subscription's
 * read lock (an ephemeral znode) from the open until it is closed or its ZooKeeper session expires, so at most one
 * such reader per subscription is active at a time.
 *
 * <p>When the lock is lost (session expiry, the log deleted), pending and later reads and commits fail with
 * LOCKING_EXCEPTION, and the reader should be closed; another process may have the subscription by then.
 * Thread-safe.
 */
public interface SubscriptionReader extends AsyncLogReader {

    /** Returns the subscription's name. */
    String subscription();

    /**
     * Commits a position: the subscription resumes after it. Only moves forward; a position at or behind the
     * stored one changes nothing. The commit is refused if this reader no longer holds the read lock, and never
     * lands on a later incarnation of the log (deleted and re-created under the same name since this reader opened).
     *
     * @param position the last position consumed (normally the DLSN of the last record processed)
     * @return the stored position afterwards (the larger of the old one and {@code position}); fails with
     *     LOCKING_EXCEPTION (the lock was lost), LOG_NOT_FOUND (the log was deleted, perhaps re-created, since this
     *     reader opened; nothing was written), ZOOKEEPER_ERROR, ALREADY_CLOSED
     */
    CompletableFuture<DLSN> commit(DLSN position);
}
