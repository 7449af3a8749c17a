package io.dlog.core.internal;

import com.codahale.metrics.MetricRegistry;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.NamespaceAdmin;
import io.dlog.core.internal.lock.WriteLock;
import io.dlog.core.internal.metadata.LogMetadataStore;
import io.dlog.core.internal.metadata.LogPaths;
import io.dlog.core.internal.metadata.SegmentCodec;
import io.dlog.core.internal.metadata.ZkErrors;
import io.dlog.core.internal.truncate.LogDeleter;
import io.dlog.core.internal.write.LogWriterImpl;
import io.dlog.protocol.AlreadyClosedException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LogNames;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.StatusCode;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.conf.ClientConfiguration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace: one Curator client, one BookKeeper client (and, once a completed segment is read, a second one on
 * BookKeeper's v2 wire protocol: {@link V2ReadClient}), the log executors and the metadata pool, shared by every log
 * opened through it. Thread-safe.
 */
public final class NamespaceImpl implements Namespace {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceImpl.class);

    private final URI uri;
    private final NamespaceUri parsed;
    private final DLConfig config;
    private final CuratorFramework zk;
    private final BookKeeper bk;
    private final V2ReadClient completedReads;
    private final LogMetadataStore store;
    private final ScheduledExecutorService[] logExecutors;
    private final ExecutorService metadataExecutor;
    private final ExecutorService openExecutor;
    /** Runs the blocking calls behind the {@code ...Async} API methods, apart from the metadata commits. */
    private final ExecutorService adminExecutor;
    private final NamespaceAdmin admin;
    private final Clock clock;
    private final CoreMetrics metrics;
    private final String owner;
    private final Set<LogManagerImpl> logs = ConcurrentHashMap.newKeySet();
    private final Set<LogWriterImpl> writers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * How a namespace is opened.
     *
     * @param createIfMissing whether a missing namespace znode is created
     * @param ownerId the name written into lock znodes, or null for {@code <host> pid=<pid> id=<random>}
     */
    record Options(boolean createIfMissing, String ownerId) {
    }

    /**
     * The namespace's clients.
     *
     * @param zk the ZooKeeper client, started
     * @param bk the BookKeeper client, started
     * @param completedReads builds the client that reads completed segments, or null for {@code bk}
     */
    private record Clients(CuratorFramework zk, BookKeeper bk, V2ReadClient.Factory completedReads) {
    }

    private NamespaceImpl(URI uri, NamespaceUri parsed, DLConfig config, Clients clients, MetricRegistry registry,
            Clock clock, String ownerId) {
        this.uri = uri;
        this.parsed = parsed;
        this.config = config;
        this.zk = clients.zk();
        this.bk = clients.bk();
        this.clock = clock;
        this.metrics = new CoreMetrics(registry);
        this.store = new LogMetadataStore(zk, new LogPaths(parsed.path()), clock);
        int n = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.logExecutors = new ScheduledExecutorService[n];
        ExecutorThreads logThreads = new ExecutorThreads("log");
        for (int i = 0; i < n; i++) {
            ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, logThreads);
            ex.setRemoveOnCancelPolicy(true);
            logExecutors[i] = ex;
        }
        this.metadataExecutor = Executors.newFixedThreadPool(4, new ExecutorThreads("metadata"));
        this.adminExecutor = Executors.newFixedThreadPool(2, new ExecutorThreads("admin"));
        // Opening a writer is a chain of blocking round trips (lock, fencing recovery, new segment): latency, not
        // CPU. Its own pool, wide enough that a proxy taking over hundreds of streams does not open them four at a
        // time, and whose threads go away when idle.
        int openThreads = config.get(DLConfigKeys.WRITER_OPEN_THREADS);
        ThreadPoolExecutor opens = new ThreadPoolExecutor(openThreads, openThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new ExecutorThreads("open"));
        opens.allowCoreThreadTimeOut(true);
        this.openExecutor = opens;
        this.completedReads = new V2ReadClient(bk, clients.completedReads(), adminExecutor);
        this.admin = new NamespaceAdminImpl(this);
        this.owner = ownerId != null ? ownerId : ownerName();
        // LOST says that a session is gone, not which: Curator 5.9 can deliver the expired session's LOST after the
        // next session's RECONNECTED. So only writers whose lock is not owned by the live session are failed; a
        // writer that took its lock in the live session keeps it. The live session is read once, before the
        // writers: if none is live, all fail. (A writer still opening is not in the set; its lock's own watch
        // sees its session's expiry, and the open checks the lock before returning the writer.)
        zk.getConnectionStateListenable().addListener((client, state) -> {
            if (state == ConnectionState.LOST) {
                long live = WriteLock.liveSession(client);
                LOG.warn("zookeeper session lost namespace={} liveSession=0x{} writers={}", parsed.path(),
                        Long.toHexString(live), writers.size());
                writers.forEach(w -> w.sessionLost(live, "ZooKeeper session lost"));
            }
        });
    }

    static NamespaceImpl open(URI uri, NamespaceUri parsed, DLConfig config, MetricRegistry registry, Clock clock,
            Options options) throws DLException {
        long sessionMs = config.get(DLConfigKeys.ZK_SESSION_TIMEOUT_MS);
        long connectMs = config.get(DLConfigKeys.ZK_CONNECT_TIMEOUT_MS);
        CuratorFramework zk = CuratorFrameworkFactory.builder()
                .connectString(parsed.zkConnect())
                .sessionTimeoutMs((int) sessionMs)
                .connectionTimeoutMs((int) Math.min(connectMs, sessionMs))
                .retryPolicy(new ExponentialBackoffRetry(100, 5, 2000))
                .build();
        BookKeeper bk = null;
        try {
            zk.start();
            if (!zk.blockUntilConnected((int) connectMs, TimeUnit.MILLISECONDS)) {
                throw new DLException(StatusCode.ZOOKEEPER_ERROR, "cannot reach ZooKeeper at " + parsed.zkConnect()
                        + " within " + connectMs + " ms (zookeeper.connect.timeout.ms)");
            }
            String ledgersPath = ensureNamespace(zk, parsed.path(), config.get(DLConfigKeys.LEDGERS_PATH),
                    options.createIfMissing());
            bk = BookKeeper.newBuilder(clientConfig(parsed.zkConnect(), ledgersPath, config)).build();
            ClientConfiguration v2 = clientConfig(parsed.zkConnect(), ledgersPath, config);
            v2.setUseV2WireProtocol(true);
            V2ReadClient.Factory v2Reads = config.get(DLConfigKeys.BK_READ_V2_PROTOCOL)
                    ? () -> BookKeeper.newBuilder(v2).build() : null;
            NamespaceImpl ns = new NamespaceImpl(uri, parsed, config, new Clients(zk, bk, v2Reads), registry, clock,
                    options.ownerId());
            LOG.info("namespace opened uri={} ledgers={}", uri, ledgersPath);
            return ns;
        } catch (DLException e) {
            closeQuietly(bk, zk);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(bk, zk);
            throw new DLException(StatusCode.INTERRUPTED, "interrupted while opening namespace " + uri, e);
        } catch (Exception e) {
            closeQuietly(bk, zk);
            throw new DLException(StatusCode.BK_TRANSMIT_ERROR, "cannot open namespace " + uri + ": " + e, e);
        }
    }

    private static String ensureNamespace(CuratorFramework zk, String path, String defaultLedgersPath,
            boolean create) throws DLException {
        try {
            if (!create && zk.checkExists().forPath(path) == null) {
                throw new LogNotFoundException("namespace " + path + " does not exist");
            }
            try {
                zk.create().creatingParentsIfNeeded().forPath(path, SegmentCodec.encodeNamespace(defaultLedgersPath));
                LOG.info("namespace created path={} ledgers={}", path, defaultLedgersPath);
            } catch (KeeperException.NodeExistsException e) {
                // Already there: use the ledger root recorded at creation.
            }
            byte[] data = zk.getData().forPath(path);
            return SegmentCodec.decodeNamespaceLedgersPath(data, path);
        } catch (DLException e) {
            throw e;
        } catch (Exception e) {
            throw ZkErrors.map(e, "open namespace znode " + path);
        }
    }

    private static ClientConfiguration clientConfig(String zkConnect, String ledgersPath, DLConfig config) {
        ClientConfiguration conf = new ClientConfiguration();
        conf.setMetadataServiceUri("zk+hierarchical://" + zkConnect.replace(',', ';') + ledgersPath);
        conf.setZkTimeout((int) (long) config.get(DLConfigKeys.ZK_SESSION_TIMEOUT_MS));
        conf.setThrottleValue(0);
        // The bookies' frame limit, which DLConfig has checked every entry against (docs/configuration.md).
        conf.setNettyMaxFrameSizeBytes(config.get(DLConfigKeys.BK_FRAME_MAX_BYTES));
        // Ledger creation times let the audit judge an unreferenced ledger's age (its grace period).
        conf.setStoreSystemtimeAsLedgerCreationTime(true);
        int bkTimeoutSec = (int) Math.max(1, config.get(DLConfigKeys.BK_TIMEOUT_MS) / 1000);
        conf.setAddEntryTimeout(bkTimeoutSec);
        conf.setReadEntryTimeout(bkTimeoutSec);
        return conf;
    }

    private static void closeQuietly(BookKeeper bk, CuratorFramework zk) {
        if (bk != null) {
            try {
                bk.close();
            } catch (Exception e) {
                LOG.debug("closing bookkeeper client failed", e);
            }
        }
        zk.close();
    }

    private static String ownerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host + " pid=" + ProcessHandle.current().pid() + " id=" + UUID.randomUUID();
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public DLConfig config() {
        return config;
    }

    @Override
    public void createLog(String name) throws DLException {
        checkOpen();
        store.createLog(LogNames.validate(name));
        LOG.info("log created log={}/{}", parsed.path(), name);
    }

    @Override
    public boolean logExists(String name) throws DLException {
        checkOpen();
        return store.logExists(LogNames.validate(name));
    }

    @Override
    public List<String> getLogs() throws DLException {
        checkOpen();
        return store.listLogs();
    }

    @Override
    public void deleteLog(String name) throws DLException {
        checkOpen();
        LogDeleter.delete(context(LogNames.validate(name)), false);
    }

    @Override
    public void forceDeleteLog(String name) throws DLException {
        checkOpen();
        LogDeleter.delete(context(LogNames.validate(name)), true);
    }

    @Override
    public CompletableFuture<Void> createLogAsync(String name) {
        return BlockingCalls.submit(adminExecutor, "create log " + name, () -> {
            createLog(name);
            return null;
        });
    }

    @Override
    public CompletableFuture<Boolean> logExistsAsync(String name) {
        return BlockingCalls.submit(adminExecutor, "check log " + name, () -> logExists(name));
    }

    @Override
    public CompletableFuture<List<String>> getLogsAsync() {
        return BlockingCalls.submit(adminExecutor, "list logs", this::getLogs);
    }

    @Override
    public CompletableFuture<Void> deleteLogAsync(String name) {
        return BlockingCalls.submit(adminExecutor, "delete log " + name, () -> {
            deleteLog(name);
            return null;
        });
    }

    @Override
    public NamespaceAdmin admin() {
        return admin;
    }

    @Override
    public LogManager openLog(String name) throws DLException {
        checkOpen();
        LogManagerImpl log = new LogManagerImpl(this, context(LogNames.validate(name)));
        logs.add(log);
        return log;
    }

    LogContext context(String log) {
        int idx = Math.floorMod(log.hashCode(), logExecutors.length);
        return new LogContext(parsed.path(), log, store, bk, config, logExecutors[idx], metadataExecutor, clock,
                metrics, owner, adminExecutor, openExecutor, completedReads);
    }

    /**
     * Returns the context of a log, for services built on the namespace (retention, audit). Does no I/O and does
     * not check that the log exists.
     *
     * @param log the log name
     * @return its context
     */
    public LogContext contextFor(String log) {
        return context(log);
    }

    /** Returns this namespace's owner description (host, pid, id), as written into lock znodes. */
    public String owner() {
        return owner;
    }

    void writerOpened(LogWriterImpl w) {
        writers.add(w);
    }

    void writerClosed(LogWriterImpl w) {
        writers.remove(w);
    }

    void logClosed(LogManagerImpl log) {
        logs.remove(log);
    }

    /** Returns the metadata store (for tools and services built on the namespace). */
    public LogMetadataStore store() {
        return store;
    }

    /** Returns the lock holder's description of a log, or "nobody". */
    public String lockHolder(String log) {
        return WriteLock.holder(zk, store.paths().lock(log));
    }

    /**
     * Fails if the namespace is closed.
     *
     * @throws AlreadyClosedException if it is
     */
    public void checkOpen() throws AlreadyClosedException {
        if (closed.get()) {
            throw new AlreadyClosedException("namespace " + uri + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (LogManagerImpl log : new ArrayList<>(logs)) {
            log.close();
        }
        for (ScheduledExecutorService ex : logExecutors) {
            ex.shutdown();
        }
        metadataExecutor.shutdown();
        adminExecutor.shutdown();
        openExecutor.shutdown();
        try {
            for (ScheduledExecutorService ex : logExecutors) {
                ex.awaitTermination(10, TimeUnit.SECONDS);
            }
            metadataExecutor.awaitTermination(10, TimeUnit.SECONDS);
            adminExecutor.awaitTermination(10, TimeUnit.SECONDS);
            openExecutor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        completedReads.close();
        closeQuietly(bk, zk);
        LOG.info("namespace closed uri={}", uri);
    }
}
