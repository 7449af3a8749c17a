package io.dlog.chaos;

/**
 * One scheduled fault.
 *
 * @param number     its place in the schedule, from 1
 * @param atMillis   when to inject it, from the start of the fault phase
 * @param kind       what to do
 * @param target     the index of the target node among its kind (ignored for the ZooKeeper leader, found then)
 * @param holdMillis how long before healing it
 */
public record Fault(int number, long atMillis, FaultKind kind, int target, long holdMillis) {

    @Override
    public String toString() {
        String who = switch (kind.target()) {
            case BOOKIE -> "bookie-" + target;
            case CLIENT -> "client c" + target;
            case ZOOKEEPER -> kind == FaultKind.KILL_ZK_LEADER ? "the leader" : "zk-" + target;
        };
        return String.format("#%d t=%.1fs %s %s hold=%.1fs", number, atMillis / 1000.0, kind.cliName(), who,
                holdMillis / 1000.0);
    }
}
