package io.dlog.core;

import com.codahale.metrics.MetricRegistry;
import io.dlog.protocol.DLException;
import java.net.URI;
import java.time.Clock;

/** Builds a {@link Namespace}. Not thread-safe. */
public interface NamespaceBuilder {

    /**
     * Sets the namespace URI, {@code dlog://host:port[,host:port]/path}. Required.
     *
     * @param uri the URI
     * @return this builder
     */
    NamespaceBuilder uri(URI uri);

    /**
     * Sets the configuration (default {@link DLConfig#defaults()}).
     *
     * @param config the configuration
     * @return this builder
     */
    NamespaceBuilder config(DLConfig config);

    /**
     * Sets the registry that receives dl-core's metrics (default: a private registry).
     *
     * @param registry the registry; borrowed, not closed
     * @return this builder
     */
    NamespaceBuilder metrics(MetricRegistry registry);

    /**
     * Sets the clock used to stamp segment times (default: the system clock). Tests inject one.
     *
     * @param clock the clock
     * @return this builder
     */
    NamespaceBuilder clock(Clock clock);

    /**
     * Says whether {@link #build()} creates the namespace znode when it is missing (default true, which embedding
     * and tests rely on). Tools that must not create a namespace from a mistyped URI set it to false.
     *
     * @param create false to fail with LOG_NOT_FOUND ("namespace … does not exist") instead
     * @return this builder
     */
    NamespaceBuilder createIfMissing(boolean create);

    /**
     * Sets how this process names itself in the lock znodes of the logs it writes (default
     * {@code <host> pid=<pid> id=<random>}). A write proxy sets its advertised {@code host:port}, so that other
     * proxies can redirect clients to it.
     *
     * @param ownerId a non-blank name, at most 255 characters, without line breaks
     * @return this builder
     */
    NamespaceBuilder ownerId(String ownerId);

    /**
     * Connects to ZooKeeper and BookKeeper and creates the namespace znode if absent (unless
     * {@link #createIfMissing(boolean)} says not to).
     *
     * @return the namespace
     * @throws DLException INVALID_ARGUMENT for a bad URI, LOG_NOT_FOUND for a missing namespace that may not be
     *     created, ZOOKEEPER_ERROR if ZooKeeper cannot be reached
     *     within {@code zookeeper.connect.timeout.ms}, BK_TRANSMIT_ERROR if the BookKeeper client fails
     */
    Namespace build() throws DLException;
}
