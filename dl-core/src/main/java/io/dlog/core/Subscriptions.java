package io.dlog.core;

import io.dlog.protocol.DLSN;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The durable subscriptions of one log (Apache DistributedLog's {@code SubscriptionsStore}, plus the read lock
 * of its {@code getAsyncLogReaderWithLock}). A subscription is a name with a committed position, stored in
 * ZooKeeper at {@code <ns>/<log>/subscriptions/<name>}; it is deleted with the log, so a log re-created under
 * the same name starts without subscriptions.
 *
 * <p>Commits never land on a later incarnation of the log (one deleted and re-created under the same name): a DLSN
 * of the old log may name a different record of the new one, or one not written yet. The view returned by
 * {@link LogManager#subscriptions()} is bound to the incarnation its first call (of any method) found; readers and
 * leases to the one they were opened on. Reads ({@link #position}, {@link #list}) and {@link #delete} act on the
 * log as it is now.
 *
 * <p>A subscription name is 1 to 255 characters of {@code [A-Za-z0-9._-]}, not starting with {@code .};
 * anything else fails INVALID_ARGUMENT before any ZooKeeper call.
 *
 * <p>Made by {@link LogManager#subscriptions()}. Thread-safe. Every method returns at once; the futures
 * complete on a thread of the namespace, so a continuation that blocks should move to its own executor.
 */
public interface Subscriptions {

    /**
     * Commits a subscription's position, creating the subscription if it does not exist. The position only moves
     * forward: a commit at or behind the stored position is a no-op that returns the stored one, and concurrent
     * commits never move it back (compare-and-set on the znode's version). A commit whose reply was lost is
     * retried by the ZooKeeper client and recognised, so it is never applied twice nor reported wrongly. The commit
     * applies only to the incarnation of the log this view is bound to (see above); once that log is deleted, every
     * commit through this view fails LOG_NOT_FOUND, even after a re-creation: commit into the new log through a new
     * {@link Namespace#openLog} handle, or a reader or lease opened since.
     *
     * @param name the subscription
     * @param position the last position consumed
     * @return the stored position afterwards; fails with INVALID_ARGUMENT (bad name), LOG_NOT_FOUND (no log, or not
     *     the incarnation this view is bound to; nothing was written), METADATA_EXCEPTION (a malformed znode),
     *     ZOOKEEPER_ERROR, ALREADY_CLOSED
     */
    CompletableFuture<DLSN> commit(String name, DLSN position);

    /**
     * Returns a subscription's committed position.
     *
     * @param name the subscription
     * @return the position, or empty if the subscription does not exist or has not committed yet; fails with
     *     INVALID_ARGUMENT, LOG_NOT_FOUND, ZOOKEEPER_ERROR, ALREADY_CLOSED
     */
    CompletableFuture<Optional<DLSN>> position(String name);

    /**
     * Lists the log's subscriptions with their positions, sorted by name.
     *
     * @return the subscriptions (empty if none); fails with LOG_NOT_FOUND, ZOOKEEPER_ERROR, ALREADY_CLOSED
     */
    CompletableFuture<List<Subscription>> list();

    /**
     * Deletes a subscription. A reader holding it keeps reading, but its next commit re-creates it.
     *
     * @param name the subscription
     * @return true if it existed; fails with INVALID_ARGUMENT, LOG_NOT_FOUND, ZOOKEEPER_ERROR, ALREADY_CLOSED
     */
    CompletableFuture<Boolean> delete(String name);

    /**
     * Opens the subscription's reader, refusing at once if another reader holds it ({@link #openReader(String,
     * Duration)} with a zero wait).
     *
     * @param name the subscription
     * @return the reader
     */
    CompletableFuture<SubscriptionReader> openReader(String name);

    /**
     * Takes the subscription's read lock ({@code <ns>/<log>/readlock-<name>}, ephemeral), registers the
     * subscription if it is new, and opens a reader after its committed position (at the first readable record
     * when nothing was committed).
     *
     * @param name the subscription
     * @param lockWait how long to wait while another reader holds the subscription (zero: refuse at once)
     * @return the reader; fails with LOCKING_EXCEPTION (another reader holds the subscription; the message names
     *     it), INVALID_ARGUMENT, LOG_NOT_FOUND, LOG_TRUNCATED (the committed position was released by truncation
     *     or retention: the subscriber must decide to skip, e.g. by deleting the subscription), ZOOKEEPER_ERROR,
     *     ALREADY_CLOSED
     */
    CompletableFuture<SubscriptionReader> openReader(String name, Duration lockWait);

    /**
     * Takes the subscription's read lock without opening a reader, and resolves where the subscription resumes (see
     * {@link SubscriptionLease#start()}). Registers the subscription if it is new. Costs a few ZooKeeper calls and
     * no BookKeeper read.
     *
     * @param name the subscription
     * @param lockWait how long to wait while another reader holds the subscription (zero: refuse at once)
     * @return the lease; fails as {@link #openReader(String, Duration)}: LOCKING_EXCEPTION, INVALID_ARGUMENT,
     *     LOG_NOT_FOUND, LOG_TRUNCATED (the committed position was released), ZOOKEEPER_ERROR, ALREADY_CLOSED
     */
    CompletableFuture<SubscriptionLease> acquire(String name, Duration lockWait);
}
