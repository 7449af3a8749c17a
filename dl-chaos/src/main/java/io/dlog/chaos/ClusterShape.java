package io.dlog.chaos;

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
 */
public record ClusterShape(int bookies, int clients, int embeddedClients, int zooKeepers, int writeProxies,
                           int readProxies) {

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
        };
    }

    /** The name of target {@code i} of a fault kind, as schedules print it. */
    String nodeName(FaultKind kind, int i) {
        return switch (kind.target()) {
            case BOOKIE -> "bookie-" + i;
            case CLIENT -> "client c" + i;
            case ZOOKEEPER -> kind == FaultKind.KILL_ZK_LEADER ? "the leader" : "zk-" + i;
            case PROXY -> i < writeProxies ? "write-proxy-" + i : "read-proxy-" + (i - writeProxies);
        };
    }
}
