package io.dlog.chaos;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The faults the nemesis injects, each with the node kind it targets and how long it holds (RELIABILITY.md rows in
 * brackets). Pauses last longer than the session timeout of their target, so its session expires.
 */
public enum FaultKind {
    /** {@code kill -9} a bookie, restart it on the same data. */
    KILL_BOOKIE(Target.BOOKIE, 3_000, 7_000),
    /** SIGSTOP a bookie past its 10 s ZooKeeper session, then SIGCONT. */
    PAUSE_BOOKIE(Target.BOOKIE, 11_000, 5_000),
    /** {@code kill -9} a bookie, delete its disks, delete its cookie, restart it empty; once per run. */
    WIPE_BOOKIE(Target.BOOKIE, 2_000, 3_000),
    /** {@code kill -9} a client (writer crash mid-segment, R-01), restart it as a new incarnation. */
    KILL_CLIENT(Target.CLIENT, 1_000, 4_000),
    /** SIGSTOP a client past its session timeout so another takes its logs over, then SIGCONT. */
    PAUSE_CLIENT(Target.CLIENT, 6_000, 5_000),
    /** Expire a client's ZooKeeper session with ZooKeeper's test hook (R-09 a). */
    EXPIRE_SESSION(Target.CLIENT, 5_000, 1),
    /** {@code kill -9} the ZooKeeper leader, restart it. */
    KILL_ZK_LEADER(Target.ZOOKEEPER, 3_000, 6_000),
    /** {@code kill -9} any ZooKeeper member, restart it. */
    KILL_ZK(Target.ZOOKEEPER, 3_000, 6_000),
    /** {@code kill -9} a write or read proxy, restart it on the same port. */
    KILL_PROXY(Target.PROXY, 2_000, 5_000),
    /** SIGSTOP a write or read proxy past its 4 s ZooKeeper session, then SIGCONT (R-12: a stale owner). */
    PAUSE_PROXY(Target.PROXY, 6_000, 5_000),
    /** SIGTERM a write or read proxy (graceful drain: locks released at once), restart it: a rolling restart. */
    DRAIN_PROXY(Target.PROXY, 1_000, 3_000),
    // The network faults (T3): nftables rules in the target's namespace, scheduled only with --network netns.
    /** Cut a bookie, proxy or embedded client off from every ZooKeeper member, both ways (R-09 b, R-19). */
    PARTITION_ZK(Target.NETWORK, 4_000, 6_000),
    /** Cut a bookie off from every client and proxy (the writers), both ways; ZooKeeper still sees it. */
    PARTITION_BOOKIE(Target.NETWORK, 4_000, 6_000),
    /** Cut a write or read proxy off from every other node, both ways; it keeps running (R-12: a stale owner). */
    ISOLATE_PROXY(Target.NETWORK, 4_000, 6_000),
    /** Cut the ZooKeeper leader off from every other node, both ways: an election without a crash. */
    ISOLATE_ZK_LEADER(Target.NETWORK, 4_000, 5_000),
    /** Drop what a ZooKeeper member, bookie or proxy sends to the other nodes; what they send still arrives. */
    ONE_WAY_DROP(Target.NETWORK, 3_000, 5_000),
    /** Partition a ZooKeeper member, bookie or proxy from every other node and heal it, on and off, 1–2 s each. */
    FLAP_PARTITION(Target.NETWORK, 8_000, 6_000),
    /** Drop 5–20 % of the TCP segments on a ZooKeeper member's, bookie's or proxy's service port. */
    PACKET_LOSS(Target.NETWORK, 8_000, 10_000),
    /** Cut a write proxy or an embedded client off from every bookie, both ways, not from ZooKeeper. */
    CUT_WRITER_FROM_BOOKIES(Target.NETWORK, 4_000, 8_000);

    /** What a fault acts on. */
    enum Target {
        BOOKIE, CLIENT, ZOOKEEPER,
        /** A write or a read proxy: write proxies first, then read proxies, in one index range. */
        PROXY,
        /** A node's network, by its key ({@link ClusterShape#netTargets}); only in a network-namespace run. */
        NETWORK
    }

    private final Target target;
    private final long minHoldMillis;
    private final long holdSpreadMillis;

    FaultKind(Target target, long minHoldMillis, long holdSpreadMillis) {
        this.target = target;
        this.minHoldMillis = minHoldMillis;
        this.holdSpreadMillis = holdSpreadMillis;
    }

    Target target() {
        return target;
    }

    long minHoldMillis() {
        return minHoldMillis;
    }

    long holdSpreadMillis() {
        return holdSpreadMillis;
    }

    /** The command-line name, e.g. {@code kill-bookie}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses {@code all} or a comma-separated list of {@link #cliName()}s.
     *
     * @throws IllegalArgumentException naming the valid names
     */
    public static Set<FaultKind> parse(String spec) {
        if (spec.equals("all")) {
            return EnumSet.allOf(FaultKind.class);
        }
        Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        for (String name : spec.split(",")) {
            FaultKind match = null;
            for (FaultKind k : values()) {
                if (k.cliName().equals(name.strip())) {
                    match = k;
                }
            }
            if (match == null) {
                List<String> names = new ArrayList<>();
                for (FaultKind k : values()) {
                    names.add(k.cliName());
                }
                throw new IllegalArgumentException("unknown nemesis '" + name + "'; use all or some of " + names);
            }
            kinds.add(match);
        }
        return kinds;
    }
}
