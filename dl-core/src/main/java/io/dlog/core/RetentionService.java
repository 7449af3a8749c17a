package io.dlog.core;

import io.dlog.protocol.DLException;
import java.util.Optional;

/**
 * Enforces {@code retention.ms} and {@code retention.bytes} on every log of a namespace, in the background,
 * whether or not a writer has the log open. Per-log overrides are set with {@link #setPolicy}.
 *
 * <p>Only completed segments are deleted, oldest first (a prefix of the log), never the last completed segment,
 * the in-progress segment or anything after them. Each deleted segment is marked TRUNCATED before its ledger is
 * deleted, so readers below it get LOG_TRUNCATED. A segment's age is judged on this service's clock, as
 * {@code now - max(completion time stamped by the writer, time ZooKeeper recorded the completion)}: a writer whose
 * clock runs behind cannot make a segment look old, and one whose clock runs ahead only delays deletion (a skew
 * above a minute is logged at WARN).
 *
 * <p>With {@code retention.respect.subscriptions} (namespace configuration or a log's override) the limits stop
 * at the slowest durable subscription of the log: a segment is released only if every subscription committed a
 * position at or after its last record ({@link #heldBackBy} names the subscription that holds retention back).
 * Explicit truncation ignores subscriptions.
 *
 * <p>Several services may run against the same namespace (in every proxy, say): each pass first takes the
 * namespace's retention lock (an ephemeral znode {@code <ns>/.retention-lock}); a service that finds it held skips
 * the pass. Every metadata change is also a compare-and-set on the segment's znode version, so even two passes at
 * once would only duplicate work.
 *
 * <p>A pass plans its changes from what it read, under a guard on the log's incarnation (see
 * docs/zookeeper-layout.md): a log deleted and re-created between the plan and the change is left untouched.
 *
 * <p>Made by {@link NamespaceAdmin#retentionService}. Thread-safe. The service borrows the namespace (close the
 * service first); it owns one thread, {@code dlog-retention-N}. {@link #runOnce}, {@link #setPolicy},
 * {@link #clearPolicy} and {@link #policy} block on ZooKeeper (and BookKeeper): never call them from a Netty
 * event loop or a ZooKeeper or BookKeeper callback.
 */
public interface RetentionService extends AutoCloseable {

    /**
     * Starts the background passes, the first at once, then every {@code retention.check.interval.ms}.
     *
     * @throws IllegalStateException if already started or closed
     */
    void start();

    /**
     * Runs one pass over every log now, on the caller's thread (tests, the CLI). Blocking.
     *
     * @return what the pass did
     * @throws DLException ALREADY_CLOSED, or ZOOKEEPER_ERROR if the logs cannot be listed (a failure on one log
     *     is counted in {@link RetentionRun#logsFailed()} instead)
     */
    RetentionRun runOnce() throws DLException;

    /**
     * Sets a log's own retention, overriding the namespace configuration. Stored in ZooKeeper
     * ({@code <ns>/<log>/retention}), so every service sees it; deleted with the log.
     *
     * @param log the log
     * @param policy its policy
     * @throws DLException LOG_NOT_FOUND, INVALID_STREAM_NAME, ZOOKEEPER_ERROR, ALREADY_CLOSED
     */
    void setPolicy(String log, RetentionPolicy policy) throws DLException;

    /**
     * Removes a log's override: the namespace configuration applies again.
     *
     * @param log the log
     * @throws DLException INVALID_STREAM_NAME, ZOOKEEPER_ERROR, ALREADY_CLOSED
     */
    void clearPolicy(String log) throws DLException;

    /**
     * Returns the policy that applies to a log: its override, else the namespace configuration.
     *
     * @param log the log
     * @return the effective policy
     * @throws DLException INVALID_STREAM_NAME, ZOOKEEPER_ERROR, METADATA_EXCEPTION, ALREADY_CLOSED
     */
    RetentionPolicy policy(String log) throws DLException;

    /**
     * Says which durable subscription holds a log's retention back: with {@code retention.respect.subscriptions}
     * in force for the log, the slowest subscription, if the limits would release a segment it has not consumed.
     *
     * @param log the log
     * @return the subscription, or empty if none holds anything back (or the policy ignores subscriptions)
     * @throws DLException LOG_NOT_FOUND, INVALID_STREAM_NAME, ZOOKEEPER_ERROR, METADATA_EXCEPTION, ALREADY_CLOSED
     */
    Optional<Subscription> heldBackBy(String log) throws DLException;

    /** Stops the background passes, waiting for a running one to finish. Idempotent. */
    @Override
    void close();
}
