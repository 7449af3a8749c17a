package io.dlog.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The nemesis schedule as a pure function of the seed: the same seed, duration, fault kinds and cluster shape give
 * the same faults at the same offsets. Faults run one at a time with a pause between them, so at most one node is
 * faulty at once and a fault never takes the cluster outside what it must survive (one bookie of five, one
 * ZooKeeper member of three, one client, one proxy); a disk wipe happens at most once per run (two wipes could
 * destroy both copies of an entry acknowledged by an ack quorum of two, which no configuration survives without
 * re-replication).
 */
public final class FaultPlan {

    private static final long WARMUP_MILLIS = 5_000;
    private static final long MIN_GAP_MILLIS = 2_000;
    private static final int GAP_SPREAD_MILLIS = 4_000;

    private FaultPlan() {
    }

    /**
     * Generates the schedule.
     *
     * @param seed           the seed
     * @param durationMillis faults are injected from the warm-up until this offset (the last may heal after it)
     * @param kinds          the kinds to choose from
     * @param bookies        bookie count
     * @param clients        client count
     * @param zooKeepers     ZooKeeper member count
     */
    public static List<Fault> generate(long seed, long durationMillis, Set<FaultKind> kinds, int bookies,
                                       int clients, int zooKeepers) {
        return generate(seed, durationMillis, kinds, ClusterShape.embedded(bookies, clients, zooKeepers));
    }

    /**
     * Generates the schedule for any cluster. Kinds with no target in it (proxy faults without proxies, session
     * expiry without embedded clients) are left out before the first draw, so a cluster without proxies gets the
     * same schedule for {@code all} as before the proxy faults existed.
     *
     * @param seed           the seed
     * @param durationMillis faults are injected from the warm-up until this offset (the last may heal after it)
     * @param kinds          the kinds to choose from
     * @param shape          the nodes to choose targets from
     */
    public static List<Fault> generate(long seed, long durationMillis, Set<FaultKind> kinds, ClusterShape shape) {
        List<FaultKind> choices = new ArrayList<>(kinds);
        choices.removeIf(k -> shape.targets(k) == 0);
        choices.sort(null);   // declaration order, whatever the set's iteration order: the schedule depends on it
        Random rnd = new Random(seed);
        List<Fault> plan = new ArrayList<>();
        long t = Math.min(WARMUP_MILLIS, durationMillis / 4);
        boolean wiped = false;
        while (t < durationMillis && !choices.isEmpty()) {
            FaultKind kind = choices.get(rnd.nextInt(choices.size()));
            if (kind == FaultKind.WIPE_BOOKIE) {
                if (wiped) {
                    choices.remove(kind);
                    continue;
                }
                wiped = true;
            }
            int target = rnd.nextInt(shape.targets(kind));
            long hold = kind.minHoldMillis() + (long) (rnd.nextDouble() * kind.holdSpreadMillis());
            plan.add(new Fault(plan.size() + 1, t, kind, target, hold, shape.nodeName(kind, target)));
            t += hold + MIN_GAP_MILLIS + rnd.nextInt(GAP_SPREAD_MILLIS);
        }
        return plan;
    }
}
