package io.dlog.chaos;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network faults of the nemesis (T3): each writes an nftables table into its target's namespace
 * ({@link NftRules}), holds it, and removes it (also when interrupted or failing), then waits until the target
 * serves again. Peers are every other node of the run, found by key; the harness's own address (on the bridge) is
 * never cut, so it can still watch the cluster. Runs on the nemesis thread; single threaded.
 */
final class NetworkNemesis {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkNemesis.class);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(120);
    private static final long FLAP_MIN_MILLIS = 1_000;

    private final ChaosCluster cluster;
    private final NetnsNetwork net;
    private final ClusterShape shape;

    NetworkNemesis(ChaosCluster cluster, NetnsNetwork net, ClusterShape shape) {
        this.cluster = cluster;
        this.net = net;
        this.shape = shape;
    }

    /**
     * The loss rate of a {@link FaultKind#PACKET_LOSS} fault, 5–20 %: drawn from the seeded hold, so the schedule
     * (and its printed form) fixes it without another draw from the seed's random sequence.
     */
    static int lossPercent(Fault f) {
        return 5 + (int) (f.holdMillis() % 16);
    }

    /** The on and off period of a {@link FaultKind#FLAP_PARTITION}, 1–2 s, likewise fixed by the hold. */
    static long flapMillis(Fault f) {
        return FLAP_MIN_MILLIS + f.holdMillis() % 1_000;
    }

    /** Injects, holds and heals one network fault; returns what was done. */
    String inject(Fault f) throws IOException, InterruptedException {
        String key = f.kind() == FaultKind.ISOLATE_ZK_LEADER ? leaderKey() : f.node();
        if (key == null) {
            TimeUnit.MILLISECONDS.sleep(f.holdMillis());   // the fault's duration, not synchronization
            return "isolate zk leader: none found (election in progress), skipped";
        }
        List<String> everyone = new ArrayList<>(shape.nodeKeys());
        everyone.remove(key);
        String label;
        try {
            label = switch (f.kind()) {
                case PARTITION_ZK -> hold(f, key, NftRules.partition(addresses(keys("zk-"))),
                        "partition " + key + " from zookeeper");
                case CUT_WRITER_FROM_BOOKIES -> hold(f, key, NftRules.partition(addresses(keys("bookie-"))),
                        "partition " + key + " from every bookie");
                case PARTITION_BOOKIE -> hold(f, key, NftRules.partition(addresses(shape.writerKeys())),
                        "partition " + key + " from clients and proxies");
                case ISOLATE_PROXY, ISOLATE_ZK_LEADER -> hold(f, key, NftRules.partition(addresses(everyone)),
                        "isolate " + key + " from every node");
                case ONE_WAY_DROP -> hold(f, key, NftRules.dropOutgoing(addresses(everyone)),
                        "one-way drop " + key + " -> every node (the other way delivered)");
                case PACKET_LOSS -> hold(f, key, NftRules.loss(port(key), lossPercent(f)),
                        "drop " + lossPercent(f) + "% on " + key + " port " + port(key));
                case FLAP_PARTITION -> flap(f, key, NftRules.partition(addresses(everyone)));
                default -> throw new IllegalStateException("not a network fault: " + f.kind());
            };
        } finally {
            net.heal(key);
        }
        awaitServing(key);
        return label;
    }

    private String hold(Fault f, String key, String script, String label) throws IOException, InterruptedException {
        net.apply(key, script);
        TimeUnit.MILLISECONDS.sleep(f.holdMillis());   // the fault's duration, not synchronization
        return label;
    }

    /** Toggles a partition on and off until the hold is over; the caller heals it. */
    private String flap(Fault f, String key, String script) throws IOException, InterruptedException {
        long period = flapMillis(f);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(f.holdMillis());
        int cuts = 0;
        while (System.nanoTime() < end) {
            net.apply(key, script);
            cuts++;
            TimeUnit.MILLISECONDS.sleep(period);   // the flap's rhythm
            net.heal(key);
            TimeUnit.MILLISECONDS.sleep(period);
        }
        return "flap " + key + " from every node: " + cuts + " cuts of " + period + " ms";
    }

    private String leaderKey() {
        int leader = cluster.zooKeeper().leader();
        return leader < 0 ? null : ZooKeeperEnsemble.key(leader);
    }

    private List<String> keys(String prefix) {
        return shape.nodeKeys().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    private List<String> addresses(List<String> keys) {
        return keys.stream().map(net::host).toList();
    }

    /** The service port of a ZooKeeper member (client port), bookie or proxy. */
    private int port(String key) {
        int i = index(key);
        if (key.startsWith("zk-")) {
            return cluster.zooKeeper().clientPort(i);
        }
        if (key.startsWith("bookie-")) {
            return cluster.fleet().port(i);
        }
        return cluster.proxies().port(proxyIndex(key));
    }

    /** Waits until the healed node serves again: a ZooKeeper quorum, a registered bookie, a listening proxy. */
    private void awaitServing(String key) throws IOException {
        if (key.startsWith("zk-")) {
            cluster.zooKeeper().awaitQuorum(RECOVERY_TIMEOUT);
        } else if (key.startsWith("bookie-")) {
            int i = index(key);
            ChildProcess b = cluster.fleet().bookies().get(i);
            if (!b.isAlive()) {
                // A bookie that lost its ZooKeeper session for good may stop itself; a supervisor restarts it.
                LOG.warn("chaos {} exited during a network fault; restarting it", b);
                b.start();
            }
            cluster.fleet().awaitRegistered(cluster.zooKeeper().connectString(), List.of(i), -1, RECOVERY_TIMEOUT);
        } else if (key.contains("proxy-")) {
            cluster.proxies().awaitListening(proxyIndex(key), RECOVERY_TIMEOUT);
        }
    }

    private int proxyIndex(String key) {
        return key.startsWith("write-") ? index(key) : shape.writeProxies() + index(key);
    }

    private static int index(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
    }
}
