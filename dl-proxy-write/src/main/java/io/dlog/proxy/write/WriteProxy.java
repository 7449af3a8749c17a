package io.dlog.proxy.write;

import com.codahale.metrics.MetricRegistry;
import io.dlog.core.DLConfig;
import io.dlog.protocol.DLException;
import io.dlog.proxy.write.internal.WriteProxyServer;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running write proxy: a stateless server that owns streams on demand (by taking their write lock), writes the
 * records of many remote clients through one writer per stream, redirects clients to the owner of streams it does
 * not own ({@code FOUND}), and gives its streams up on a graceful stop.
 *
 * <pre>{@code
 * try (WriteProxy proxy = WriteProxy.builder().uri(URI.create("dlog://127.0.0.1:2181/ns")).start()) {
 *     System.out.println("serving on " + proxy.address());
 *     proxy.terminated().join();
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} is a bounded graceful stop; it is idempotent.
 */
public interface WriteProxy extends AutoCloseable {

    /** Returns a builder. */
    static Builder builder() {
        return new Builder();
    }

    /** Returns the address clients use and other proxies redirect to, {@code host:port}. */
    String address();

    /** Returns the admin endpoint ({@code /metrics}, {@code /health}), {@code host:port}, when enabled. */
    Optional<String> adminAddress();

    /** Returns the streams this proxy owns now, sorted. */
    List<String> ownedStreams();

    /** Returns the live proxies of the namespace as this proxy sees them (itself included while serving). */
    List<ProxyInfo> liveProxies();

    /** Returns whether the proxy takes new streams (false once draining or stopped). */
    boolean isServing();

    /**
     * Starts a graceful stop if none is under way: deregisters, takes no new streams, lets in-flight writes finish,
     * releases every lock (so other proxies take the streams at once, without waiting for a session timeout),
     * then closes connections and the namespace. Bounded by {@code proxy.drain.timeout.ms}.
     *
     * @return completes when the proxy has stopped
     */
    CompletableFuture<Void> drain();

    /** Returns a future that completes when the proxy has stopped (after a drain or a close). */
    CompletableFuture<Void> terminated();

    /** Drains and waits for the stop. */
    @Override
    void close();

    /** Configures and starts a {@link WriteProxy}. Not thread-safe. */
    final class Builder {
        private URI uri;
        private DLConfig dlConfig = DLConfig.defaults();
        private WriteProxyConfig config = WriteProxyConfig.defaults();
        private MetricRegistry metrics;

        private Builder() {
        }

        /**
         * Sets the namespace, {@code dlog://host:port[,host:port]/path}. Required.
         *
         * @param namespace the URI
         * @return this builder
         */
        public Builder uri(URI namespace) {
            this.uri = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        /**
         * Sets dl-core's configuration (default {@link DLConfig#defaults()}); {@code writer.lock.timeout.ms} is
         * replaced by 0, because a proxy never waits for another owner's lock.
         *
         * @param c the configuration
         * @return this builder
         */
        public Builder dlConfig(DLConfig c) {
            this.dlConfig = Objects.requireNonNull(c, "c");
            return this;
        }

        /**
         * Sets the proxy's configuration (default {@link WriteProxyConfig#defaults()}).
         *
         * @param c the configuration
         * @return this builder
         */
        public Builder config(WriteProxyConfig c) {
            this.config = Objects.requireNonNull(c, "c");
            return this;
        }

        /**
         * Sets the registry for the proxy's and dl-core's metrics (default: a private one).
         *
         * @param registry the registry; borrowed
         * @return this builder
         */
        public Builder metrics(MetricRegistry registry) {
            this.metrics = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Binds the ports, opens the namespace, registers the proxy and starts serving.
         *
         * @return the running proxy
         * @throws DLException INVALID_ARGUMENT (bad URI or limits), ZOOKEEPER_ERROR, BK_TRANSMIT_ERROR, or
         *     SERVICE_UNAVAILABLE when a port cannot be bound
         */
        public WriteProxy start() throws DLException {
            if (uri == null) {
                throw new IllegalStateException("WriteProxy.builder() needs uri(...)");
            }
            return WriteProxyServer.start(uri, dlConfig, config, metrics == null ? new MetricRegistry() : metrics);
        }
    }
}
