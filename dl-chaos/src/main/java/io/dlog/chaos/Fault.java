package io.dlog.chaos;

/**
 * One scheduled fault.
 *
 * @param number     its place in the schedule, from 1
 * @param atMillis   when to inject it, from the start of the fault phase
 * @param kind       what to do
 * @param target     the index of the target node among its kind (ignored for the ZooKeeper leader, found then);
 *                   for a proxy fault, write proxies come first, then read proxies
 * @param holdMillis how long before healing it
 * @param node       the target as the schedule prints it, e.g. {@code bookie-2}, {@code read-proxy-0}
 */
public record Fault(int number, long atMillis, FaultKind kind, int target, long holdMillis, String node) {

    @Override
    public String toString() {
        return String.format("#%d t=%.1fs %s %s hold=%.1fs", number, atMillis / 1000.0, kind.cliName(), node,
                holdMillis / 1000.0);
    }
}
