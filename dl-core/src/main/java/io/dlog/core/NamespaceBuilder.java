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
     * Connects to ZooKeeper and BookKeeper and creates the namespace znode if absent.
     *
     * @return the namespace
     * @throws DLException INVALID_ARGUMENT for a bad URI, ZOOKEEPER_ERROR if ZooKeeper cannot be reached
     *     within {@code zookeeper.connect.timeout.ms}, BK_TRANSMIT_ERROR if the BookKeeper client fails
     */
    Namespace build() throws DLException;
}
