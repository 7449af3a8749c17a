package io.dlog.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How many nodes of each kind a run has: what a {@link FaultPlan} picks its targets from.
 *
 * @param bookies         bookie processes
 * @param clients         client processes, embedded and remote
 * @param embeddedClients the first {@code embeddedClients} clients embed dl-core (the only ones with a ZooKeeper
 *                        session to expire); the others are remote clients of the proxies
 * @param zooKeepers      ZooKeeper members
 * @param writeProxies    write proxy processes
 * @param readProxies     read proxy processes
 * @param network         whether each node has its own network namespace, so network faults can be scheduled
 */
public record ClusterShape(int bookies, int clients, int embeddedClients, int zooKeepers, int writeProxies,
                           int readProxies, boolean network) {

    /** A loopback cluster (no network faults). */
    public ClusterShape(int bookies, int clients, int embeddedClients, int zooKeepers, int writeProxies,
                        int readProxies) {
        this(bookies, clients, embeddedClients, zooKeepers, writeProxies, readProxies, false);
    }

    /** Validates. */
    public ClusterShape {
        if (embeddedClients > clients || embeddedClients < 0 || writeProxies < 0 || readProxies < 0) {
            throw new IllegalArgumentException("bad cluster shape: " + clients + " clients of which "
                    + embeddedClients + " embedded, " + writeProxies + " write and " + readProxies + " read proxies");
        }
    }

    /** A cluster of embedded clients only, without proxies (the shape of every run before the proxies). */
    public static ClusterShape embedded(int bookies, int clients, int zooKeepers) {
        return new ClusterShape(bookies, clients, clients, zooKeepers, 0, 0);
    }

    /** Write and read proxies together: the index range of proxy faults. */
    public int proxies() {
        return writeProxies + readProxies;
    }

    /** How many nodes a fault kind can target; 0 means the kind cannot be scheduled in this cluster. */
    int targets(FaultKind kind) {
        if (kind == FaultKind.EXPIRE_SESSION) {
            return embeddedClients;   // a remote client has no ZooKeeper session
        }
        return switch (kind.target()) {
            case BOOKIE -> bookies;
            case CLIENT -> clients;
            case ZOOKEEPER -> zooKeepers;
            case PROXY -> proxies();
            case NETWORK -> network ? netTargets(kind).size() : 0;
        };
    }

    /** Every node's network key, in a fixed order: ZooKeeper, bookies, write then read proxies, client slots. */
    List<String> nodeKeys() {
        List<String> keys = new ArrayList<>(keys("zk-", zooKeepers));
        keys.addAll(keys("bookie-", bookies));
        keys.addAll(proxyKeys());
        keys.addAll(keys("client-", clients));
        return keys;
    }

    /** The nodes a network fault can target, by key; the leader isolation has one target, found when injected. */
    List<String> netTargets(FaultKind kind) {
        List<String> servers = new ArrayList<>(keys("zk-", zooKeepers));
        servers.addAll(keys("bookie-", bookies));
        servers.addAll(proxyKeys());
        return switch (kind) {
            case PARTITION_ZK -> {
                // Remote clients talk to no ZooKeeper: cutting them off from it would change nothing.
                List<String> t = new ArrayList<>(keys("bookie-", bookies));
                t.addAll(proxyKeys());
                t.addAll(keys("client-", embeddedClients));
                yield t;
            }
            case PARTITION_BOOKIE -> keys("bookie-", bookies);
            case ISOLATE_PROXY -> proxyKeys();
            case ISOLATE_ZK_LEADER -> zooKeepers > 0 ? List.of("the zk leader") : List.of();
            case ONE_WAY_DROP, FLAP_PARTITION, PACKET_LOSS -> servers;
            case CUT_WRITER_FROM_BOOKIES -> {
                List<String> t = new ArrayList<>(keys("write-proxy-", writeProxies));
                t.addAll(keys("client-", embeddedClients));
                yield t;
            }
            default -> throw new IllegalArgumentException(kind + " is not a network fault");
        };
    }

    /** The keys of the clients and proxies: who writes to (and reads from) a bookie. */
    List<String> writerKeys() {
        List<String> keys = new ArrayList<>(keys("client-", clients));
        keys.addAll(proxyKeys());
        return keys;
    }

    private List<String> proxyKeys() {
        List<String> keys = new ArrayList<>(keys("write-proxy-", writeProxies));
        keys.addAll(keys("read-proxy-", readProxies));
        return keys;
    }

    private static List<String> keys(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    /** The name of target {@code i} of a fault kind, as schedules print it. */
    String nodeName(FaultKind kind, int i) {
        return switch (kind.target()) {
            case BOOKIE -> "bookie-" + i;
            case CLIENT -> "client c" + i;
            case ZOOKEEPER -> kind == FaultKind.KILL_ZK_LEADER ? "the leader" : "zk-" + i;
            case PROXY -> i < writeProxies ? "write-proxy-" + i : "read-proxy-" + (i - writeProxies);
            case NETWORK -> netTargets(kind).get(i);
        };
    }
}
