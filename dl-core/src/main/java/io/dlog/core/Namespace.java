package io.dlog.core;

import io.dlog.core.internal.NamespaceBuilderImpl;
import io.dlog.protocol.DLException;
import java.net.URI;
import java.util.List;

/**
 * A set of logs under one ZooKeeper path, named by {@code dlog://host:port[,host:port]/path}.
 *
 * <p>A namespace owns one ZooKeeper session and one BookKeeper client, shared by every log it opens; close it
 * last. Thread-safe. Log names are checked ({@link io.dlog.protocol.LogNames}) before any ZooKeeper call and
 * fail with {@link io.dlog.protocol.StatusCode#INVALID_STREAM_NAME}.
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
