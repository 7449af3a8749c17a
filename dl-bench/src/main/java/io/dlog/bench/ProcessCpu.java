package io.dlog.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time (all threads, user and system) of this JVM, and of its child processes. With the cluster in a child JVM,
 * this JVM's CPU time per record is the cost of the system under test alone, and repeats far better than
 * throughput on a shared machine; the child's is what the bookies and ZooKeeper spent serving it.
 */
final class ProcessCpu {
    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
    /** Linux's clock tick for {@code /proc/<pid>/stat} times ({@code USER_HZ}, 100 on every common build). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {
    }

    /** The process's CPU time so far in nanoseconds, or -1 where the JVM cannot tell. */
    static long nanos() {
        if (OS instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /** CPU time between two readings, or -1 if either is unknown. */
    static long between(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    /**
     * The CPU time so far of each process descended from this one (the cluster's child JVM), by pid, from
     * {@code /proc}; empty where there is none or no {@code /proc} (an in-JVM cluster's time is in {@link #nanos}).
     */
    static Map<Long, Long> children() {
        Map<Long, Long> out = new HashMap<>();
        ProcessHandle.current().descendants().forEach(p -> {
            try {
                out.put(p.pid(), ticks(Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat")))
                        * NANOS_PER_TICK);
            } catch (IOException | RuntimeException e) {
                // gone, or no /proc: not counted
            }
        });
        return out;
    }

    /** The CPU time the children present at both readings spent between them, or -1 if there were none. */
    static long childrenBetween(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        boolean any = false;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            Long b = before.get(e.getKey());
            if (b != null) {
                sum += e.getValue() - b;
                any = true;
            }
        }
        return any ? sum : -1;
    }

    /**
     * utime + stime, in clock ticks, of a {@code /proc/<pid>/stat} line. The command name (field 2) is in
     * parentheses and may hold spaces and parentheses itself, so fields are counted from the last ')'.
     */
    static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
    }
}
