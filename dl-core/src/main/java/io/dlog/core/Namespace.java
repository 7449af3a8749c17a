package io.dlog.core;

import io.dlog.core.internal.NamespaceBuilderImpl;
import io.dlog.protocol.DLException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A set of logs under one ZooKeeper path, named by {@code dlog://host:port[,host:port]/path}.
 *
 * <p>A namespace owns one ZooKeeper session and one BookKeeper client, shared by every log it opens; close it
 * last. Thread-safe. Log names are checked ({@link io.dlog.protocol.LogNames}) before any ZooKeeper call and
 * fail with {@link io.dlog.protocol.StatusCode#INVALID_STREAM_NAME}.
 *
 * <p>Blocking: {@link #createLog}, {@link #logExists}, {@link #getLogs}, {@link #deleteLog} and
 * {@link #forceDeleteLog} wait for ZooKeeper (deletion for BookKeeper too), and {@link #close} for everything
 * opened here; never call them from a Netty event loop or a ZooKeeper or BookKeeper callback. Their
 * {@code ...Async} variants never block the caller: they complete on a thread of the namespace (not the caller's),
 * so a continuation that blocks should move to its own executor. {@link #uri}, {@link #config}, {@link #admin}
 * and {@link #openLog} do no I/O.
 */
public interface Namespace extends AutoCloseable {

    /** Returns a builder. */
    static NamespaceBuilder builder() {
        return new NamespaceBuilderImpl();
    }

    /** Returns the namespace's URI. */
    URI uri();

    /** Returns the configuration every log of this namespace uses. */
    DLConfig config();

    /**
     * Creates a log.
     *
     * @param name the log name
     * @throws DLException LOG_EXISTS, INVALID_STREAM_NAME, ZOOKEEPER_ERROR, ALREADY_CLOSED
     */
    void createLog(String name) throws DLException;

    /**
     * Says whether a log exists.
     *
     * @param name the log name
     * @return true if it exists
     * @throws DLException INVALID_STREAM_NAME, ZOOKEEPER_ERROR, ALREADY_CLOSED
     */
    boolean logExists(String name) throws DLException;

    /**
     * Lists the logs.
     *
     * @return the names, sorted
     * @throws DLException ZOOKEEPER_ERROR, ALREADY_CLOSED
     */
    List<String> getLogs() throws DLException;

    /**
     * Deletes a log: its ledgers first, then its metadata. Refuses while a writer holds the log.
     *
     * @param name the log name
     * @throws DLException LOG_NOT_FOUND, LOCKING_EXCEPTION (a writer holds it), INVALID_STREAM_NAME
     */
    void deleteLog(String name) throws DLException;

    /**
     * Deletes a log even while a writer holds it (an admin operation); that writer is fenced.
     *
     * @param name the log name
     * @throws DLException LOG_NOT_FOUND, INVALID_STREAM_NAME, ZOOKEEPER_ERROR
     */
    void forceDeleteLog(String name) throws DLException;

    /**
     * Creates a log without blocking the caller.
     *
     * @param name the log name
     * @return completes when the log exists; fails with LOG_EXISTS, INVALID_STREAM_NAME, ZOOKEEPER_ERROR,
     *     ALREADY_CLOSED
     */
    CompletableFuture<Void> createLogAsync(String name);

    /**
     * Says whether a log exists, without blocking the caller.
     *
     * @param name the log name
     * @return true if it exists; fails with INVALID_STREAM_NAME, ZOOKEEPER_ERROR, ALREADY_CLOSED
     */
    CompletableFuture<Boolean> logExistsAsync(String name);

    /**
     * Lists the logs without blocking the caller.
     *
     * @return the names, sorted; fails with ZOOKEEPER_ERROR, ALREADY_CLOSED
     */
    CompletableFuture<List<String>> getLogsAsync();

    /**
     * Deletes a log (as {@link #deleteLog}) without blocking the caller.
     *
     * @param name the log name
     * @return completes when the log is deleted; fails with LOG_NOT_FOUND, LOCKING_EXCEPTION,
     *     INVALID_STREAM_NAME, ZOOKEEPER_ERROR, BK_TRANSMIT_ERROR, ALREADY_CLOSED
     */
    CompletableFuture<Void> deleteLogAsync(String name);

    /**
     * Returns the administrative services (truncation, audit, retention) of this namespace. No I/O.
     *
     * @return the services, which borrow this namespace
     */
    NamespaceAdmin admin();

    /**
     * Opens a handle on a log. Does not create the log and takes no lock.
     *
     * @param name the log name
     * @return the handle, to be closed by the caller
     * @throws DLException INVALID_STREAM_NAME, ALREADY_CLOSED
     */
    LogManager openLog(String name) throws DLException;

    /** Closes every log handle, writer and reader opened here, then the ZooKeeper and BookKeeper clients. */
    @Override
    void close();
}
