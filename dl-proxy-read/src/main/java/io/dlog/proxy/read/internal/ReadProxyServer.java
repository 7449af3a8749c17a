package io.dlog.proxy.read.internal;

import static io.dlog.proxy.common.Closeables.closeQuietly;

import com.codahale.metrics.MetricRegistry;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLException;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.ProxyEndpoint;
import io.dlog.proxy.common.AdminHttpServer;
import io.dlog.proxy.common.ProxyRegistration;
import io.dlog.proxy.common.ServerTransport;
import io.dlog.proxy.read.ReadProxy;
import io.dlog.proxy.read.ReadProxyConfig;
import io.dlog.proxy.read.ReadProxyConfigKeys;
import io.dlog.proxy.read.internal.feed.FeedContext;
import io.dlog.proxy.read.internal.feed.FeedTable;
import io.dlog.proxy.read.internal.net.ReadFrontend;
import io.dlog.proxy.read.internal.net.ReadRequestHandler;
import io.dlog.proxy.write.ProxyInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read proxy process: transport, namespace, feeds, admin endpoint and registration, started in that order and
 * stopped in reverse. Thread-safe.
 */
public final class ReadProxyServer implements ReadProxy, ReadFrontend {
    private static final Logger LOG = LoggerFactory.getLogger(ReadProxyServer.class);

    /** Lifecycle; moves only forward. */
    private enum State { STARTING, SERVING, STOPPED }

    private final ReadProxyConfig config;
    private final MetricRegistry registry;
    private final ExecutorService feedExecutor;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile State state = State.STARTING;
    private volatile FeedTable feeds;
    private volatile ReadProxyMetrics metrics;
    private volatile String self = "";
    private ServerTransport transport;
    private Namespace ns;
    private AdminHttpServer admin;
    private volatile ProxyRegistration registration;

    private ReadProxyServer(ReadProxyConfig config, MetricRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.feedExecutor = Executors.newFixedThreadPool(config.get(ReadProxyConfigKeys.FEED_THREADS),
                threads("dlog-read-proxy-feed"));
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("dlog-read-proxy-timer"));
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Starts a read proxy (see {@link ReadProxy.Builder#start()}).
     *
     * @param uri the namespace
     * @param dlConfig dl-core's configuration
     * @param config the proxy's configuration
     * @param registry the metrics registry; borrowed
     * @return the serving proxy
     * @throws DLException when a part cannot start; what was started is stopped again
     */
    public static ReadProxyServer start(URI uri, DLConfig dlConfig, ReadProxyConfig config, MetricRegistry registry)
            throws DLException {
        ReadProxyServer s = new ReadProxyServer(config, registry);
        try {
            s.startParts(uri, dlConfig);
            return s;
        } catch (DLException | RuntimeException e) {
            s.stopNow();
            throw e;
        }
    }

    private void startParts(URI uri, DLConfig dlConfig) throws DLException {
        String[] zk = splitUri(uri);
        transport = ServerTransport.bind("read-proxy", config.get(ReadProxyConfigKeys.BIND_ADDRESS),
                config.get(ReadProxyConfigKeys.PORT), config.get(ReadProxyConfigKeys.IO_THREADS),
                config.get(ReadProxyConfigKeys.FRAME_MAX_BYTES), ReadRequestHandler.handlers(this));
        String host = advertisedHost();
        self = host + ":" + transport.port();
        ns = Namespace.builder().uri(uri).config(dlConfig).metrics(registry).ownerId("read-proxy " + self).build();
        FeedTable[] table = new FeedTable[1];
        ReadProxyMetrics m = new ReadProxyMetrics(registry, () -> table[0] == null ? 0 : table[0].streams(),
                () -> table[0] == null ? 0 : table[0].cacheBytes());
        FeedContext ctx = new FeedContext(config.get(ReadProxyConfigKeys.CACHE_MAX_BYTES),
                config.get(ReadProxyConfigKeys.BATCH_MAX_RECORDS), config.get(ReadProxyConfigKeys.BATCH_MAX_BYTES),
                config.creditTimeout().toNanos(), feedExecutor,
                new AtomicInteger(config.get(ReadProxyConfigKeys.CATCHUP_MAX_READERS)), m, System::nanoTime);
        table[0] = new FeedTable(ns, ctx, config.get(ReadProxyConfigKeys.MAX_READERS));
        String adminAddress = "";
        int adminPort = config.get(ReadProxyConfigKeys.ADMIN_PORT);
        if (adminPort >= 0) {
            String adminBind = config.get(ReadProxyConfigKeys.ADMIN_ADDRESS);
            try {
                admin = AdminHttpServer.start(adminBind, adminPort, registry, this::health, this::drain);
                adminAddress = admin.address();
            } catch (IOException e) {
                throw new DLException(StatusCode.SERVICE_UNAVAILABLE, "cannot bind the admin endpoint " + adminBind
                        + ":" + adminPort + ": " + e, e);
            }
        }
        ProxyInfo me = new ProxyInfo(ProxyInfo.READ + "-" + host + "-" + transport.port(), ProxyInfo.READ, self,
                adminAddress, System.currentTimeMillis());
        registration = ProxyRegistration.start(zk[0], zk[1], me, dlConfig.zkSessionTimeout(),
                Duration.ofMillis(dlConfig.get(DLConfigKeys.ZK_CONNECT_TIMEOUT_MS)));
        metrics = m;
        feeds = table[0];
        long sweep = Math.max(50, Math.min(1000, config.creditTimeout().toMillis() / 4));
        timer.scheduleWithFixedDelay(() -> feedExecutor.execute(table[0]::sweep), sweep, sweep,
                TimeUnit.MILLISECONDS);
        state = State.SERVING;
        LOG.info("read proxy started address={} admin={} namespace={}", self, adminAddress.isEmpty() ? "off"
                : adminAddress, uri);
    }

    private String advertisedHost() throws DLException {
        String advertised = config.get(ReadProxyConfigKeys.ADVERTISED_ADDRESS);
        String bind = config.get(ReadProxyConfigKeys.BIND_ADDRESS);
        if (!advertised.isEmpty()) {
            return advertised;
        }
        if (!bind.equals("0.0.0.0")) {
            return bind;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new InvalidArgumentException("read.proxy.bind.address=0.0.0.0 and the local host name cannot be "
                    + "resolved; set read.proxy.advertised.address");
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
        FeedTable t = feeds;
        ReadProxyMetrics m = metrics;
        String json = "{\"status\":\"" + (s == State.SERVING ? "UP" : s.name()) + "\",\"address\":\"" + self
                + "\",\"streams\":" + (t == null ? 0 : t.streams()) + ",\"readers\":" + (m == null ? 0 : m.readers())
                + ",\"catchUpReaders\":" + (m == null ? 0 : m.catchUps()) + ",\"cacheBytes\":"
                + (t == null ? 0 : t.cacheBytes()) + ",\"connections\":" + (m == null ? 0 : m.connections()) + "}";
        return new AdminHttpServer.Health(s == State.SERVING, json);
    }

    @Override
    public FeedTable feeds() {
        return feeds;
    }

    @Override
    public ReadProxyMetrics metrics() {
        return metrics;
    }

    @Override
    public boolean serving() {
        return state == State.SERVING;
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
    public long entriesRead(String stream) {
        ReadProxyMetrics m = metrics;
        return m == null ? 0 : m.streamEntriesRead(stream);
    }

    @Override
    public int readers() {
        ReadProxyMetrics m = metrics;
        return m == null ? 0 : m.readers();
    }

    @Override
    public int catchUpReaders() {
        ReadProxyMetrics m = metrics;
        return m == null ? 0 : m.catchUps();
    }

    @Override
    public void stop() {
        drain();
    }

    @Override
    public CompletableFuture<Void> drain() {
        if (state == State.SERVING) {
            // off the caller's thread: it may be an event loop or the admin endpoint's thread
            CompletableFuture.runAsync(this::stopNow, timer);
        }
        return terminated;
    }

    private synchronized void stopNow() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.STOPPED;
        LOG.info("read proxy stopping address={} readers={}", self, readers());
        closeQuietly(registration);
        FeedTable t = feeds;
        if (t != null) {
            CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> t.closeAll(new DLException(
                    StatusCode.SERVICE_UNAVAILABLE, "read proxy " + self + " is stopping; resume elsewhere")),
                    feedExecutor);
            ended.completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        }
        closeQuietly(transport);
        closeQuietly(admin);
        closeQuietly(ns);
        feedExecutor.shutdown();
        timer.shutdown();
        LOG.info("read proxy stopped address={}", self);
        terminated.complete(null);
    }


    @Override
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    @Override
    public void close() {
        if (state != State.STOPPED) {
            stopNow();
        }
        try {
            terminated.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("read proxy stop did not finish address={} error={}", self, e.toString());
        }
    }
}
