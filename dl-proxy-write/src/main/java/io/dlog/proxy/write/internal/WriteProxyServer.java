package io.dlog.proxy.write.internal;

import static io.dlog.proxy.common.Closeables.closeQuietly;

import com.codahale.metrics.MetricRegistry;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLException;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.wire.ProxyEndpoint;
import io.dlog.proxy.write.ProxyInfo;
import io.dlog.proxy.write.WriteProxy;
import io.dlog.proxy.write.WriteProxyConfig;
import io.dlog.proxy.common.AdminHttpServer;
import io.dlog.proxy.write.internal.metrics.WriteProxyMetrics;
import io.dlog.proxy.write.internal.net.ProxyFrontend;
import io.dlog.proxy.write.internal.net.RequestHandler;
import io.dlog.proxy.write.internal.ownership.StreamTable;
import io.dlog.proxy.common.ProxyRegistration;
import io.dlog.proxy.common.ServerTransport;
import io.dlog.proxy.write.internal.service.WriteService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write proxy process: transport, namespace, stream table, service, admin endpoint and registration, started
 * in that order and stopped in reverse. Thread-safe.
 */
public final class WriteProxyServer implements WriteProxy, ProxyFrontend {
    private static final Logger LOG = LoggerFactory.getLogger(WriteProxyServer.class);

    /** Lifecycle; moves only forward. */
    private enum State { STARTING, SERVING, DRAINING, STOPPED }

    private final WriteProxyConfig config;
    private final MetricRegistry registry;
    private final ExecutorService blocking;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile State state = State.STARTING;
    private volatile WriteService service;
    private volatile String self = "";
    private ServerTransport transport;
    private Namespace ns;
    private StreamTable table;
    private AdminHttpServer admin;
    private ProxyRegistration registration;
    private CompletableFuture<Void> drainFuture;

    private WriteProxyServer(WriteProxyConfig config, MetricRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.blocking = Executors.newFixedThreadPool(config.blockingThreads(), new NamedThreads("dlog-proxy-blocking"));
        this.timer = Executors.newSingleThreadScheduledExecutor(new NamedThreads("dlog-proxy-timer"));
    }

    /**
     * Starts a proxy (see {@link WriteProxy.Builder#start()}).
     *
     * @param uri the namespace
     * @param dlConfig dl-core's configuration
     * @param config the proxy's configuration
     * @param registry the metrics registry; borrowed
     * @return the serving proxy
     * @throws DLException when a part cannot start; what was started is stopped again
     */
    public static WriteProxyServer start(URI uri, DLConfig dlConfig, WriteProxyConfig config, MetricRegistry registry)
            throws DLException {
        long pending = dlConfig.get(DLConfigKeys.MAX_PENDING_BYTES);
        if (config.streamMaxInflightBytes() > pending) {
            throw new InvalidArgumentException("proxy.stream.max.inflight.bytes=" + config.streamMaxInflightBytes()
                    + " exceeds writer.max.pending.bytes=" + pending + "; the writer would refuse parts of bulk writes");
        }
        WriteProxyServer s = new WriteProxyServer(config, registry);
        try {
            s.startParts(uri, dlConfig);
            return s;
        } catch (DLException | RuntimeException e) {
            s.stopNow();
            throw e;
        }
    }

    private void startParts(URI uri, DLConfig dlConfig) throws DLException {
        transport = ServerTransport.bind("write-proxy", config.bindAddress(), config.port(), config.ioThreads(),
                config.frameMaxBytes(), RequestHandler.handlers(this));
        String host = advertisedHost();
        self = host + ":" + transport.port();
        DLConfig proxyDl = dlConfig.toBuilder().set(DLConfigKeys.LOCK_TIMEOUT_MS, 0L).build();
        ns = Namespace.builder().uri(uri).config(proxyDl).metrics(registry).ownerId(self).build();
        table = new StreamTable(ns, config, self, blocking, System::nanoTime);
        WriteProxyMetrics metrics = new WriteProxyMetrics(registry, table::size, table::inflightBytes);
        table.metrics(metrics);
        String adminAddress = "";
        if (config.adminPort() >= 0) {
            try {
                admin = AdminHttpServer.start(config.adminAddress(), config.adminPort(), registry, this::health,
                        this::drain);
                adminAddress = admin.address();
            } catch (IOException e) {
                throw new DLException(io.dlog.protocol.StatusCode.SERVICE_UNAVAILABLE, "cannot bind the admin endpoint "
                        + config.adminAddress() + ":" + config.adminPort() + ": " + e, e);
            }
        }
        String[] zk = splitUri(uri);
        ProxyInfo me = new ProxyInfo(ProxyInfo.WRITE + "-" + host + "-" + transport.port(), ProxyInfo.WRITE, self,
                adminAddress, System.currentTimeMillis());
        registration = ProxyRegistration.start(zk[0], zk[1], me, dlConfig.zkSessionTimeout(),
                java.time.Duration.ofMillis(dlConfig.get(DLConfigKeys.ZK_CONNECT_TIMEOUT_MS)));
        service = new WriteService(ns, table, metrics, blocking, this::drain, self);
        long sweep = config.idleRelease().isZero() ? 1000 : Math.max(50, Math.min(1000, config.idleRelease().toMillis() / 4));
        timer.scheduleWithFixedDelay(table::releaseIdle, sweep, sweep, TimeUnit.MILLISECONDS);
        state = State.SERVING;
        LOG.info("write proxy started address={} admin={} namespace={}", self, adminAddress.isEmpty() ? "off"
                : adminAddress, uri);
    }

    private String advertisedHost() throws DLException {
        if (!config.advertisedAddress().isEmpty()) {
            return config.advertisedAddress();
        }
        if (!config.bindAddress().equals("0.0.0.0")) {
            return config.bindAddress();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new InvalidArgumentException("proxy.bind.address=0.0.0.0 and the local host name cannot be "
                    + "resolved; set proxy.advertised.address");
        }
    }

    private static String[] splitUri(URI uri) throws InvalidArgumentException {
        String path = uri.getPath();
        if (uri.getRawAuthority() == null || path == null || path.length() < 2) {
            throw new InvalidArgumentException("namespace URI must look like dlog://host:port/path, got " + uri);
        }
        return new String[] {uri.getRawAuthority(), path.endsWith("/") ? path.substring(0, path.length() - 1) : path};
    }

    private AdminHttpServer.Health health() {
        State s = state;
        String json = "{\"status\":\"" + (s == State.SERVING ? "UP" : s.name()) + "\",\"address\":\"" + self
                + "\",\"streams\":" + (table == null ? 0 : table.size()) + ",\"bytesInflight\":"
                + (table == null ? 0 : table.inflightBytes()) + ",\"connections\":"
                + (service == null ? 0 : service.metrics().connections()) + "}";
        return new AdminHttpServer.Health(s == State.SERVING, json);
    }

    @Override
    public WriteService service() {
        return service;
    }

    @Override
    public boolean serving() {
        return state == State.SERVING;
    }

    @Override
    public boolean isServing() {
        return serving();
    }

    @Override
    public List<ProxyEndpoint> proxies() {
        return ProxyInfo.endpoints(liveProxies());
    }

    @Override
    public String address() {
        return self;
    }

    @Override
    public Optional<String> adminAddress() {
        return admin == null ? Optional.empty() : Optional.of(admin.address());
    }

    @Override
    public List<String> ownedStreams() {
        return table == null ? List.of() : table.owned();
    }

    @Override
    public List<ProxyInfo> liveProxies() {
        ProxyRegistration r = registration;
        if (r == null) {
            return List.of();
        }
        List<ProxyInfo> live = r.live();
        if (state != State.SERVING) {
            live.removeIf(p -> p.address().equals(self));
        }
        return live;
    }

    @Override
    public synchronized CompletableFuture<Void> drain() {
        if (drainFuture != null) {
            return drainFuture;
        }
        drainFuture = terminated;
        if (state != State.SERVING) {
            stopNow();
            return terminated;
        }
        state = State.DRAINING;
        LOG.info("write proxy draining address={} streams={}", self, table.size());
        // Off the caller's thread: it may be an event loop or the admin endpoint's thread.
        CompletableFuture.runAsync(this::drainAndStop, blocking);
        return terminated;
    }

    private void drainAndStop() {
        registration.deregister();
        try {
            table.drain().get(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("write proxy drained address={}", self);
        } catch (TimeoutException e) {
            LOG.warn("write proxy drain timed out address={} streamsLeft={} timeoutMs={}", self, table.size(),
                    config.drainTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("write proxy drain failed address={} error={}", self, e.toString());
        }
        stopNow();
    }

    private synchronized void stopNow() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.STOPPED;
        timer.shutdownNow();
        closeQuietly(transport);
        closeQuietly(admin);
        closeQuietly(registration);
        closeQuietly(ns); // closes any writer left and its lock
        blocking.shutdown();
        LOG.info("write proxy stopped address={}", self);
        terminated.complete(null);
    }


    @Override
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    @Override
    public void close() {
        drain();
        try {
            terminated.get(config.drainTimeout().toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("write proxy stop did not finish address={} error={}", self, e.toString());
        }
    }
}
