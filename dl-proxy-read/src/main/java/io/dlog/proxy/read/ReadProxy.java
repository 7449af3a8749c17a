package io.dlog.proxy.read;

import com.codahale.metrics.MetricRegistry;
import io.dlog.core.DLConfig;
import io.dlog.protocol.DLException;
import io.dlog.proxy.read.internal.ReadProxyServer;
import io.dlog.proxy.write.ProxyInfo;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running read proxy: serves remote readers of any stream of a namespace (it owns nothing, so any read proxy can
 * serve any stream; clients gather one stream's readers on one proxy by consistent hashing). Per stream it runs one
 * core reader at the tail and keeps a bounded cache of recent records that every subscriber near the tail is served
 * from; a subscriber behind the cache gets a catch-up reader of its own until it reaches the cache.
 *
 * <pre>{@code
 * try (ReadProxy proxy = ReadProxy.builder().uri(URI.create("dlog://127.0.0.1:2181/ns")).start()) {
 *     System.out.println("serving on " + proxy.address());
 *     proxy.terminated().join();
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops it (readers end with {@code SERVICE_UNAVAILABLE}); it is idempotent.
 */
public interface ReadProxy extends AutoCloseable {

    /** Returns a builder. */
    static Builder builder() {
        return new Builder();
    }

    /** Returns the address clients use, {@code host:port}. */
    String address();

    /** Returns the admin endpoint ({@code /metrics}, {@code /health}), {@code host:port}, when enabled. */
    Optional<String> adminAddress();

    /** Returns the live proxies (write and read) of the namespace as this proxy sees them. */
    List<ProxyInfo> liveProxies();

    /**
     * Returns how many BookKeeper entries this proxy's core readers of {@code stream} have read since the stream's
     * feed opened with its first reader (the tail reader and catch-up readers together; entries holding only control
     * records are not counted). With every subscriber near the tail, this is one per entry however many
     * subscribers there are. The count (and its metric) goes with the stream's last reader.
     *
     * @param stream the stream
     * @return the count, 0 for a stream no reader reads here now
     */
    long entriesRead(String stream);

    /** Returns the readers (subscribers) served now. */
    int readers();

    /** Returns the catch-up readers running now. */
    int catchUpReaders();

    /** Starts a stop: deregisters, ends every reader with SERVICE_UNAVAILABLE, closes. */
    CompletableFuture<Void> drain();

    /** Returns a future that completes when the proxy has stopped. */
    CompletableFuture<Void> terminated();

    /** Stops and waits for the stop. */
    @Override
    void close();

    /** Configures and starts a {@link ReadProxy}. Not thread-safe. */
    final class Builder {
        private URI uri;
        private DLConfig dlConfig = DLConfig.defaults();
        private ReadProxyConfig config = ReadProxyConfig.defaults();
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
         * Sets dl-core's configuration (default {@link DLConfig#defaults()}).
         *
         * @param c the configuration
         * @return this builder
         */
        public Builder dlConfig(DLConfig c) {
            this.dlConfig = Objects.requireNonNull(c, "c");
            return this;
        }

        /**
         * Sets the proxy's configuration (default {@link ReadProxyConfig#defaults()}).
         *
         * @param c the configuration
         * @return this builder
         */
        public Builder config(ReadProxyConfig c) {
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
         * @throws DLException INVALID_ARGUMENT (bad URI), ZOOKEEPER_ERROR, or SERVICE_UNAVAILABLE when a port
         *     cannot be bound
         */
        public ReadProxy start() throws DLException {
            if (uri == null) {
                throw new IllegalStateException("ReadProxy.builder() needs uri(...)");
            }
            return ReadProxyServer.start(uri, dlConfig, config, metrics == null ? new MetricRegistry() : metrics);
        }
    }
}
