package io.dlog.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * This JVM's CPU time (all threads, user and system). With the cluster in a child JVM, CPU time per record is
 * the cost of the system under test alone, and repeats far better than throughput on a shared machine.
 */
final class ProcessCpu {
    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

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
}
