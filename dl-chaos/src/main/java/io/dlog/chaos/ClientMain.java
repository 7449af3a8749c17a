package io.dlog.chaos;

import io.dlog.client.DLClient;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.Namespace;
import io.dlog.core.internal.NamespaceImpl;
import io.dlog.protocol.DLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client process: an embedded dl-core namespace, a {@link WriterLoop} and a {@link ReaderLoop} per log, and a
 * history file; or, with {@code --proxies}, a remote {@link DLClient} with a {@link RemoteWriterLoop} and a
 * {@link RemoteReaderLoop} per log. An embedded client understands the stdin command {@code expire} (expire its
 * ZooKeeper session now). Runs until killed.
 */
public final class ClientMain {

    private static final Logger LOG = LoggerFactory.getLogger(ClientMain.class);

    private ClientMain() {
    }

    /**
     * Runs the client.
     *
     * @param args as written by {@link ClientOptions#toArgs()}
     */
    public static void main(String[] args) throws Exception {
        ClientOptions options = ClientOptions.parse(args);
        if (options.remote()) {
            runRemote(options);
            return;
        }
        DLConfig config = config(options);
        Namespace ns = openNamespace(options, config);
        ChildMain.onCommand("expire", line -> expire(ns));
        HistoryWriter history = new HistoryWriter(options.historyDir(), options.client());
        AtomicLong seq = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (String log : options.logs()) {
            threads.add(new Thread(new WriterLoop(ns, log, options, history, seq), "writer-" + log));
            threads.add(new Thread(new ReaderLoop(ns, log, history), "reader-" + log));
        }
        threads.forEach(Thread::start);
        LOG.info("chaos client started client={} logs={} rate={}/s", options.client(), options.logs(),
                options.ratePerLog());
        new CountDownLatch(1).await();   // until killed
    }

    /** A remote client: writes through the write proxies, tails through the read proxies. */
    private static void runRemote(ClientOptions options) throws Exception {
        HistoryWriter history = new HistoryWriter(options.historyDir(), options.client());
        DLClient client = DLClient.builder().proxies(options.proxies()).clientId(options.client()).build();
        AtomicLong seq = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (String log : options.logs()) {
            threads.add(new Thread(new RemoteWriterLoop(client, log, options, history, seq), "writer-" + log));
            threads.add(new Thread(new RemoteReaderLoop(client, log, history), "reader-" + log));
        }
        threads.forEach(Thread::start);
        LOG.info("chaos remote client started client={} logs={} rate={}/s proxies={}", options.client(),
                options.logs(), options.ratePerLog(), options.proxies());
        new CountDownLatch(1).await();   // until killed
    }

    /** The client configuration: short sessions and timeouts so faults show within a short run, rolls every 10 s. */
    static DLConfig config(ClientOptions options) {
        return DLConfig.builder()
                .set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, options.sessionMillis())
                .set(DLConfigKeys.ZK_CONNECT_TIMEOUT_MS, 30_000L)
                .set(DLConfigKeys.LOCK_TIMEOUT_MS, 2 * options.sessionMillis())
                .set(DLConfigKeys.BK_TIMEOUT_MS, 5_000L)
                .set(DLConfigKeys.SEGMENT_ROLL_INTERVAL_MS, 10_000L)
                .build();
    }

    private static Namespace openNamespace(ClientOptions options, DLConfig config) {
        while (true) {
            try {
                return Namespace.builder().uri(options.uri()).config(config).build();
            } catch (DLException e) {
                LOG.warn("chaos client cannot open the namespace yet: {}", e.toString());
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    /**
     * Expires the namespace's ZooKeeper session with ZooKeeper's own test hook: the client learns at once and the
     * server drops the session (with its lock znodes) one timeout later. The only use of dl-core's internals in
     * this module: there is no public way to reach the session.
     *
     * <p>A Disconnected is queued ahead of the hook's Expired, as a real client reports them (dl-core's test
     * {@code SessionExpiry} explains why): an Expired handed to a connected Curator 5.9 client can race with its
     * reconnection and leave it believing, for good, that it is disconnected.
     */
    private static void expire(Namespace ns) {
        try {
            ZooKeeper zk = ((NamespaceImpl) ns).store().curator().getZookeeperClient().getZooKeeper();
            LOG.info("chaos client expiring its ZooKeeper session 0x{}", Long.toHexString(zk.getSessionId()));
            zk.getTestable().queueEvent(
                    new WatchedEvent(Watcher.Event.EventType.None, Watcher.Event.KeeperState.Disconnected, null));
            zk.getTestable().injectSessionExpiration();
        } catch (Exception e) {   // Curator declares Exception; the fault is then not injected, which we log
            LOG.warn("chaos client could not expire its session", e);
        }
    }
}
