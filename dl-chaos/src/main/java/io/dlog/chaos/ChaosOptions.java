package io.dlog.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The shape of one run.
 *
 * @param seed          the nemesis seed
 * @param faultDuration how long faults are injected
 * @param kinds         which faults
 * @param bookies       bookie processes (4 or 5)
 * @param clients       client processes; every client competes for every log
 * @param logs          logs written
 * @param ratePerLog    records per second the owner of a log offers
 * @param sessionMillis the clients' ZooKeeper session timeout
 * @param dir           the run directory (created); nodes' data, logs, histories and the report go here
 * @param classpath     the classpath of the child JVMs
 */
public record ChaosOptions(long seed, Duration faultDuration, Set<FaultKind> kinds, int bookies, int clients,
                           int logs, int ratePerLog, long sessionMillis, Path dir, String classpath) {

    /** Validates. */
    public ChaosOptions {
        Objects.requireNonNull(faultDuration, "faultDuration");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(classpath, "classpath");
        kinds = Set.copyOf(kinds);
        if (bookies < 3 || clients < 1 || logs < 1 || ratePerLog < 1) {
            throw new IllegalArgumentException("need at least 3 bookies, 1 client, 1 log and a rate of 1/s");
        }
    }

    /**
     * The classpath of this JVM for the children: {@code dlog.chaos.classpath} if set (the script and the IT set
     * it, because a test JVM's own classpath may be a manifest-only jar), else {@code java.class.path}.
     */
    public static String defaultClasspath() {
        String cp = System.getProperty("dlog.chaos.classpath");
        return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
    }
}
