package io.dlog.chaos;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every process of a run: the ZooKeeper ensemble, the bookies, the proxies and the clients, started in that order
 * and all killed by {@link #close()} (paused ones are resumed first), which also runs from a shutdown hook. A
 * restarted client is a new incarnation ({@code c1-2}: slot 1, second start) with its own history file. Client slots
 * {@code 0..clients-1} embed dl-core; the slots after them are remote clients of the proxies.
 *
 * <p>Thread-safe for {@link #close()} against the nemesis; the other methods are called from the run's thread.
 */
final class ChaosCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final String NAMESPACE = "chaos";

    private final ChaosOptions options;
    private final Path historyDir;
    private final ZooKeeperEnsemble zk;
    private final BookieFleet fleet;
    private final ProxyFleet proxies;
    private final List<ChildProcess> clients = new ArrayList<>();
    private final ChaosNetwork net;
    private final Thread hook = new Thread(this::close, "chaos-cluster-cleanup");
    private boolean closed;

    ChaosCluster(ChaosOptions options, Path historyDir) throws IOException {
        this.options = options;
        this.historyDir = historyDir;
        this.net = options.network() == NetworkMode.NETNS ? NetnsNetwork.create(options.shape().nodeKeys())
                : ChaosNetwork.loopback();
        try {
            this.zk = new ZooKeeperEnsemble(options.dir(), 3, options.classpath(), net);
            this.fleet = new BookieFleet(options.dir(), options.bookies(), zk.connectString(), options.classpath(),
                    net);
            this.proxies = new ProxyFleet(options.dir(), options.writeProxies(), options.readProxies(),
                    namespaceUri(), options.sessionMillis(), options.classpath(), net);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
        // Also on Ctrl-C: the processes die and the namespaces, veths and bridge are removed.
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The network key of client slot i (every incarnation of the slot lives in its namespace). */
    static String clientKey(int i) {
        return "client-" + i;
    }

    /** The network of the run: loopback, or a {@link NetnsNetwork} (the only kind network faults act on). */
    ChaosNetwork network() {
        return net;
    }

    ZooKeeperEnsemble zooKeeper() {
        return zk;
    }

    BookieFleet fleet() {
        return fleet;
    }

    ProxyFleet proxies() {
        return proxies;
    }

    URI namespaceUri() {
        return URI.create("dlog://" + zk.connectString() + "/" + NAMESPACE);
    }

    List<String> logs() {
        return IntStream.range(0, options.logs()).mapToObj(i -> "log-" + i).toList();
    }

    /** Starts ZooKeeper, formats BookKeeper's metadata, starts the bookies and waits for them. */
    void startServers() throws IOException {
        zk.start();
        zk.awaitQuorum(START_TIMEOUT);
        fleet.formatMetadata();
        fleet.startAll();
        fleet.awaitRegistered(zk.connectString(), IntStream.range(0, options.bookies()).boxed().toList(), -1,
                START_TIMEOUT);
        proxies.startAll(START_TIMEOUT);
        LOG.info("chaos servers up zk={} bookies={} writeProxies={} readProxies={}", zk.connectString(),
                options.bookies(), options.writeProxies(), options.readProxies());
    }

    /** Starts every client, embedded then remote. */
    void startClients() throws IOException {
        for (int i = 0; i < options.clients() + options.remoteClients(); i++) {
            clients.add(null);
            restartClient(i);
        }
    }

    /** Starts client slot {@code i} as a new incarnation (after a kill); a live one is killed first. */
    synchronized ChildProcess restartClient(int i) throws IOException {
        ChildProcess old = clients.get(i);
        int incarnation = 1;
        if (old != null) {
            old.kill9();
            incarnation = Integer.parseInt(old.name().substring(old.name().indexOf('-') + 1)) + 1;
        }
        String name = "c" + i + "-" + incarnation;
        String bootstrap = i < options.clients() ? "" : proxies.bootstrap();
        ClientOptions co = new ClientOptions(namespaceUri(), name, logs(), historyDir, options.ratePerLog(),
                options.sessionMillis(), bootstrap);
        ChildProcess client = new ChildProcess(name, NodeKind.CLIENT, options.dir().resolve("client-" + i),
                co.toArgs(), options.classpath(), net.launcher(clientKey(i)));
        clients.set(i, client);
        client.start();
        return client;
    }

    synchronized ChildProcess client(int i) {
        return clients.get(i);
    }

    /** Stops the clients (SIGTERM; they record nothing more) before the final read. */
    synchronized void stopClients() {
        for (ChildProcess c : clients) {
            if (c != null) {
                c.terminate(10);
            }
        }
    }

    /** Drains the proxies after the clients stopped, so the final recovery can take every log's lock at once. */
    void stopProxies() {
        proxies.stopAll();
    }

    /** Every node process, in start order. */
    synchronized List<ChildProcess> all() {
        List<ChildProcess> all = new ArrayList<>(zk.members());
        all.addAll(fleet.bookies());
        all.addAll(proxies.proxies());
        for (ChildProcess c : clients) {
            if (c != null) {
                all.add(c);
            }
        }
        return all;
    }

    /** Kills every process of the run; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<ChildProcess> all = all();
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).kill9();
        }
        net.close();   // after the processes: removing a namespace does not kill what runs in it
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook running
        }
        LOG.info("chaos cluster stopped: {} processes killed", all.size());
    }
}
