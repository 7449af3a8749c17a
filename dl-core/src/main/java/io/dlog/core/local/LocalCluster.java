package io.dlog.core.local;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.bookkeeper.client.BookKeeperAdmin;
import org.apache.bookkeeper.client.DefaultEnsemblePlacementPolicy;
import org.apache.bookkeeper.conf.ClientConfiguration;
import org.apache.bookkeeper.conf.ServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded ZooKeeper plus N BookKeeper bookies, all in this JVM on 127.0.0.1, for tests and
 * {@code dlog standalone}.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(3)) {
 *     URI uri = cluster.namespaceUri("test");       // dlog://127.0.0.1:<port>/test
 *     cluster.stopBookie(0);
 *     cluster.startBookie(0);                       // same address, same data
 * }
 * }</pre>
 *
 * <p>Bookie {@code i} keeps the address {@code 127.0.0.1:<port>} it got at start for the life of the cluster, and
 * across restarts on a kept {@linkplain Builder#dataDir(Path) data directory}; that address is its bookie id.
 * The BookKeeper metadata ({@value #LEDGERS_ROOT}) is formatted when the cluster is new and kept otherwise.
 *
 * <p>Thread-safety: every method is safe to call from any thread. The lifecycle methods ({@link #stopBookie},
 * {@link #startBookie}, {@link #close}) are synchronized and block until done; the accessors return values fixed
 * at start and never block. Threads the cluster starts are daemon threads or end on {@link #close()}.
 */
public final class LocalCluster implements AutoCloseable {

    static final String LOOPBACK = "127.0.0.1";
    private static final String LEDGERS_ROOT = "/ledgers";
    private static final Duration BOOKIE_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

    private enum State { RUNNING, CLOSED }

    private final ClusterLayout layout;
    private final boolean deleteOnClose;
    private final EmbeddedZooKeeper zooKeeper;
    private final int zkPort;
    private final List<LocalBookie> bookies;
    private State state = State.RUNNING;

    private LocalCluster(ClusterLayout layout, boolean deleteOnClose, EmbeddedZooKeeper zooKeeper,
                         List<LocalBookie> bookies) {
        this.layout = layout;
        this.deleteOnClose = deleteOnClose;
        this.zooKeeper = zooKeeper;
        this.zkPort = zooKeeper.port();
        this.bookies = List.copyOf(bookies);
    }

    /**
     * Starts ZooKeeper and {@code bookies} bookies on ephemeral ports, with data in a new temporary directory that
     * {@link #close()} deletes. Same as {@code builder().bookies(bookies).start()}.
     *
     * @param bookies number of bookies, at least 1
     * @return the running cluster; the caller owns it and must close it
     * @throws IOException if ZooKeeper or a bookie fails to start; nothing is left running then
     */
    public static LocalCluster start(int bookies) throws IOException {
        return builder().bookies(bookies).start();
    }

    /**
     * A builder with the defaults: 3 bookies, a temporary data directory, ephemeral ports, session timeouts from
     * 1 s to 60 s, fsynced journals.
     *
     * @return a new builder; builders are not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The URI of a dlog namespace on this cluster: {@code dlog://127.0.0.1:<zkport>/<namespace>}.
     *
     * @param namespace the namespace path, one or more {@code /}-separated segments; a leading {@code /} is optional
     * @return the URI; the namespace znode is not created here
     * @throws IllegalArgumentException if the namespace is empty or not a valid URI path
     */
    public URI namespaceUri(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        String path = namespace.startsWith("/") ? namespace.substring(1) : namespace;
        if (path.isEmpty() || path.endsWith("/") || path.contains("//")) {
            throw new IllegalArgumentException("invalid namespace path: '" + namespace + "'");
        }
        return URI.create("dlog://" + zkConnectString() + "/" + path);
    }

    /**
     * The ZooKeeper connect string.
     *
     * @return {@code 127.0.0.1:<port>}
     */
    public String zkConnectString() {
        return LOOPBACK + ":" + zkPort;
    }

    /**
     * The BookKeeper metadata service URI, for {@code ClientConfiguration.setMetadataServiceUri}.
     *
     * @return {@code zk+hierarchical://127.0.0.1:<port>/ledgers}
     */
    public String metadataServiceUri() {
        return "zk+hierarchical://" + zkConnectString() + LEDGERS_ROOT;
    }

    /**
     * The ZooKeeper path under which BookKeeper keeps its metadata.
     *
     * @return {@code /ledgers}
     */
    public String ledgersRootPath() {
        return LEDGERS_ROOT;
    }

    /**
     * The number of bookies, running or not.
     *
     * @return the bookie count given at start
     */
    public int bookieCount() {
        return bookies.size();
    }

    /**
     * The address, which is also the bookie id, of every bookie, running or not, by index.
     *
     * @return an immutable list of {@code 127.0.0.1:<port>}
     */
    public List<String> bookieAddresses() {
        List<String> addresses = new ArrayList<>(bookies.size());
        for (LocalBookie bookie : bookies) {
            addresses.add(bookie.address());
        }
        return List.copyOf(addresses);
    }

    /**
     * Stops a bookie gracefully (its ZooKeeper registration goes at once), keeping its data; no-op if stopped.
     *
     * @param index the bookie index, {@code 0 <= index < bookieCount()}
     * @throws IllegalStateException if the cluster is closed
     */
    public synchronized void stopBookie(int index) {
        LocalBookie bookie = bookie(index);
        boolean wasRunning = bookie.isRunning();
        bookie.stop();   // also releases a bookie that shut itself down
        if (wasRunning) {
            LOG.info("LocalCluster bookie stopped index={} address={}", index, bookie.address());
        }
    }

    /**
     * Starts a stopped bookie again on the same address and data directories (so its cookie matches), and waits
     * until it is registered; no-op if running.
     *
     * @param index the bookie index, {@code 0 <= index < bookieCount()}
     * @throws IllegalStateException if the cluster is closed, or the bookie fails or times out (60 s) starting,
     *                               in which case it is left stopped
     */
    public synchronized void startBookie(int index) {
        LocalBookie bookie = bookie(index);
        if (bookie.isRunning()) {
            return;
        }
        bookie.stop();   // releases what is left of a bookie that shut itself down
        try {
            bookie.start(BOOKIE_START_TIMEOUT);
            awaitRegistered(zooKeeper, List.of(bookie));
        } catch (IOException e) {
            throw new IllegalStateException("LocalCluster could not restart bookie " + index, e);
        }
        LOG.info("LocalCluster bookie started index={} address={}", index, bookie.address());
    }

    /**
     * Whether a bookie is running.
     *
     * @param index the bookie index, {@code 0 <= index < bookieCount()}
     * @return true between a successful start and a stop or close
     */
    public boolean isBookieRunning(int index) {
        Objects.checkIndex(index, bookies.size());
        return bookies.get(index).isRunning();
    }

    /**
     * A new BookKeeper client configuration for this cluster: the metadata service URI set, no client throttle
     * (the default 5000 permits/s also limits reads), and random ensemble placement, which suits one host better
     * than rack awareness.
     *
     * @return a new configuration, owned by the caller
     */
    public ClientConfiguration newClientConfiguration() {
        return clientConfiguration(metadataServiceUri());
    }

    /**
     * The client configuration {@link #newClientConfiguration()} makes, for a cluster known only by its metadata
     * service URI (one running in another process, for example).
     *
     * @param metadataServiceUri {@code zk+hierarchical://<zk connect string><ledgers root>}
     * @return a new configuration, owned by the caller
     */
    public static ClientConfiguration clientConfiguration(String metadataServiceUri) {
        ClientConfiguration conf = new ClientConfiguration();
        conf.setMetadataServiceUri(metadataServiceUri);
        conf.setThrottleValue(0);
        conf.setEnsemblePlacementPolicy(DefaultEnsemblePlacementPolicy.class);
        return conf;
    }

    /**
     * Stops every bookie, then ZooKeeper, and deletes the data directory if it is a temporary one. Idempotent.
     * Afterwards no thread of the cluster is left running and its ports are free.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        stopAll(bookies);
        closeZooKeeper(zooKeeper, deleteOnClose ? layout.root() : null, null);
        LOG.info("LocalCluster closed zk={} dataDir={}", zkConnectString(),
                deleteOnClose ? "(deleted)" : layout.root());
    }

    private LocalBookie bookie(int index) {
        Objects.checkIndex(index, bookies.size());
        if (state == State.CLOSED) {
            throw new IllegalStateException("LocalCluster is closed");
        }
        return bookies.get(index);
    }

    private static LocalCluster start(Builder builder) throws IOException {
        long begin = System.nanoTime();
        boolean temporary = builder.dataDir == null;
        Path root = temporary ? Files.createTempDirectory("dlog-local-") : builder.dataDir;
        ClusterLayout layout;
        EmbeddedZooKeeper zooKeeper;
        try {
            layout = ClusterLayout.open(root);
            zooKeeper = startZooKeeper(layout, builder);
        } catch (IOException | RuntimeException e) {
            deleteIfTemporary(temporary ? root : null, e);
            throw e;
        }
        List<LocalBookie> bookies = new ArrayList<>();
        try {
            String metadataServiceUri = "zk+hierarchical://" + LOOPBACK + ":" + zooKeeper.port() + LEDGERS_ROOT;
            formatIfNew(zooKeeper, metadataServiceUri);
            List<Integer> ports = layout.bookiePorts(builder.bookies, builder.bookiePort);
            layout.savePorts(zooKeeper.port(), ports);
            for (int i = 0; i < ports.size(); i++) {
                bookies.add(new LocalBookie(i, BookieSettings.create(metadataServiceUri, ports.get(i),
                        layout.journalDir(i), layout.ledgersDir(i), builder.fsync, builder.storage)));
            }
            startAll(bookies);
            awaitRegistered(zooKeeper, bookies);
        } catch (IOException | RuntimeException e) {
            stopAll(bookies);
            closeZooKeeper(zooKeeper, temporary ? root : null, e);
            throw e;
        }
        LocalCluster cluster = new LocalCluster(layout, temporary, zooKeeper, bookies);
        LOG.info("LocalCluster started zk={} bookies={} dataDir={} fsync={} storage={} elapsedMs={}",
                cluster.zkConnectString(), cluster.bookieAddresses(), root, builder.fsync, builder.storage,
                (System.nanoTime() - begin) / 1_000_000);
        return cluster;
    }

    private static EmbeddedZooKeeper startZooKeeper(ClusterLayout layout, Builder builder) throws IOException {
        int savedPort = layout.savedZkPort();
        if (builder.zkPort == 0 && savedPort > 0) {
            // Restart on a kept directory: prefer the old port so namespace URIs stay valid.
            try {
                return EmbeddedZooKeeper.start(layout.zooKeeperDir(), savedPort, builder.zkSessionTimeout);
            } catch (BindException e) {
                LOG.warn("LocalCluster zk port {} of the last start is taken, using an ephemeral port", savedPort);
            }
        }
        return EmbeddedZooKeeper.start(layout.zooKeeperDir(), builder.zkPort, builder.zkSessionTimeout);
    }

    private static void formatIfNew(EmbeddedZooKeeper zooKeeper, String metadataServiceUri) throws IOException {
        if (zooKeeper.exists(LEDGERS_ROOT)) {
            return;   // a restart on a kept directory: keep the metadata and the ledgers
        }
        ServerConfiguration conf = new ServerConfiguration();
        conf.setMetadataServiceUri(metadataServiceUri);
        try {
            if (!BookKeeperAdmin.initNewCluster(conf)) {
                throw new IOException("could not format BookKeeper metadata at " + metadataServiceUri);
            }
        } catch (IOException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while formatting BookKeeper metadata", e);
        } catch (Exception e) {
            throw new IOException("could not format BookKeeper metadata at " + metadataServiceUri, e);
        }
    }

    /** Starts the bookies in parallel; on failure the caller stops them all. */
    private static void startAll(List<LocalBookie> bookies) throws IOException {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (LocalBookie bookie : bookies) {
            starts.add(bookie.startAsync());
        }
        long deadline = System.nanoTime() + BOOKIE_START_TIMEOUT.toNanos();
        IOException failure = null;
        for (int i = 0; i < bookies.size(); i++) {
            try {
                bookies.get(i).await(starts.get(i), deadline - System.nanoTime());
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Waits until every given bookie is registered as writable in ZooKeeper. A bookie registers asynchronously
     * after its server starts; a client created before that sees too few bookies and fails to create ledgers
     * ("Not enough non-faulty bookies").
     */
    private static void awaitRegistered(EmbeddedZooKeeper zooKeeper, List<LocalBookie> bookies) throws IOException {
        long deadline = System.nanoTime() + BOOKIE_START_TIMEOUT.toNanos();
        for (LocalBookie bookie : bookies) {
            String path = LEDGERS_ROOT + "/available/" + bookie.address();
            while (!zooKeeper.exists(path)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("bookie " + bookie.address() + " did not register at " + path + " within "
                            + BOOKIE_START_TIMEOUT.toMillis() + " ms");
                }
                // Polls the server's in-memory tree: no client, no watch to clean up; registration takes ms.
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    /** Stops bookies in parallel: each stop waits for its journal and server threads. */
    private static void stopAll(List<LocalBookie> bookies) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (LocalBookie bookie : bookies) {
            stops.add(bookie.stopAsync());
        }
        for (CompletableFuture<Void> stop : stops) {
            stop.join();
        }
    }

    private static void closeZooKeeper(EmbeddedZooKeeper zooKeeper, Path temporaryDir, Exception failure) {
        try {
            zooKeeper.close();
        } catch (IOException | RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                LOG.warn("LocalCluster ZooKeeper close failed", e);
            }
        }
        deleteIfTemporary(temporaryDir, failure);
    }

    private static void deleteIfTemporary(Path temporaryDir, Exception failure) {
        if (temporaryDir == null) {
            return;
        }
        try {
            ClusterLayout.deleteRecursively(temporaryDir);
        } catch (IOException | RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                LOG.warn("LocalCluster could not delete its data dir {}", temporaryDir, e);
            }
        }
    }

    /**
     * Options of a {@link LocalCluster}. Not thread-safe; each {@link #start()} starts a new cluster.
     */
    public static final class Builder {
        private int bookies = 3;
        private Path dataDir;
        private int zkPort;
        private int bookiePort;
        private Duration zkSessionTimeout = Duration.ofSeconds(1);
        private boolean fsync = true;
        private BookieStorage storage = BookieStorage.SORTED;

        private Builder() {
        }

        /**
         * The number of bookies.
         *
         * @param n at least 1; default 3
         * @return this builder
         */
        public Builder bookies(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("bookies must be at least 1: " + n);
            }
            this.bookies = n;
            return this;
        }

        /**
         * A data directory to use and keep on close, instead of a temporary one. Starting again on the same
         * directory keeps the ZooKeeper data, the BookKeeper metadata and every bookie's ledgers. Bookie ports
         * (their identities) are remembered in it and reused when {@link #bookiePort(int)} is 0, as is the
         * ZooKeeper port when {@link #zkPort(int)} is 0 and that port is free.
         *
         * @param dir the directory, created if missing
         * @return this builder
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * The ZooKeeper client port.
         *
         * @param port 0 (default) for an ephemeral port, or the reused one of a kept data directory
         * @return this builder
         */
        public Builder zkPort(int port) {
            this.zkPort = checkPort(port);
            return this;
        }

        /**
         * The port of bookie 0; bookie {@code i} gets {@code firstPort + i}.
         *
         * @param firstPort 0 (default) for ephemeral ports (or those remembered in a kept data directory)
         * @return this builder
         */
        public Builder bookiePort(int firstPort) {
            this.bookiePort = checkPort(firstPort);
            return this;
        }

        /**
         * The shortest ZooKeeper session timeout the server grants: clients asking for less get this. The longest
         * is the larger of this and 60 s, and the server tick is at most 500 ms (half this value if shorter), so
         * expired sessions are noticed promptly. Tests of session expiry can use e.g. 2 s sessions with the
         * default.
         *
         * @param d at least 100 ms; default 1 s
         * @return this builder
         */
        public Builder zkSessionTimeout(Duration d) {
            Objects.requireNonNull(d, "d");
            if (d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("zkSessionTimeout must be between 100 ms and 1 h: " + d);
            }
            this.zkSessionTimeout = d;
            return this;
        }

        /**
         * Whether bookies fsync their journal before acknowledging an add (BookKeeper's default). Without fsync,
         * acknowledged entries survive a bookie stop or a JVM crash (they are in the OS page cache) but not a
         * machine crash; tests may turn it off for speed.
         *
         * @param fsync default true
         * @return this builder
         */
        public Builder fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        /**
         * How the bookies store entries and their index.
         *
         * @param storage default {@link BookieStorage#SORTED}; {@link BookieStorage#DB} needs RocksDB on the
         *                classpath
         * @return this builder
         * @throws IllegalStateException if {@code DB} is asked for and RocksDB is not on the classpath
         */
        public Builder storage(BookieStorage storage) {
            if (Objects.requireNonNull(storage, "storage") == BookieStorage.DB) {
                BookieSettings.checkRocksDbPresent();
            }
            this.storage = storage;
            return this;
        }

        /**
         * Starts a cluster: ZooKeeper, then the BookKeeper metadata format if the cluster is new, then the
         * bookies in parallel. Blocks until every bookie is registered.
         *
         * @return the running cluster; the caller owns it and must close it
         * @throws IOException if anything fails to start (a bookie within 60 s); everything already started is
         *                     stopped again, and a temporary data directory is deleted
         */
        public LocalCluster start() throws IOException {
            return LocalCluster.start(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return port;
        }
    }
}
