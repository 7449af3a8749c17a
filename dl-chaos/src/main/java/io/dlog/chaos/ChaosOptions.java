package io.dlog.chaos;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The shape of one run.
 *
 * @param seed          the nemesis seed
 * @param faultDuration how long faults are injected
 * @param kinds         which faults
 * @param bookies       bookie processes (4 or 5)
 * @param clients       embedded client processes; every one competes for every log (with the write proxies)
 * @param logs          logs written
 * @param ratePerLog    records per second the owner of a log offers
 * @param sessionMillis the clients' ZooKeeper session timeout
 * @param dir           the run directory (created); nodes' data, logs, histories and the report go here
 * @param classpath     the classpath of the child JVMs
 * @param writeProxies  write proxy processes
 * @param readProxies   read proxy processes
 * @param remoteClients client processes that write through the write proxies and tail through the read proxies
 * @param network       loopback (T2) or a network namespace per node (T3, root only; adds the network faults)
 */
public record ChaosOptions(long seed, Duration faultDuration, Set<FaultKind> kinds, int bookies, int clients,
                           int logs, int ratePerLog, long sessionMillis, Path dir, String classpath,
                           int writeProxies, int readProxies, int remoteClients, NetworkMode network) {

    /** Validates. */
    public ChaosOptions {
        Objects.requireNonNull(faultDuration, "faultDuration");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(classpath, "classpath");
        Objects.requireNonNull(network, "network");
        // An EnumSet: Set.copyOf's iteration order changes from JVM to JVM, and the schedule must not.
        kinds = Collections.unmodifiableSet(kinds.isEmpty() ? EnumSet.noneOf(FaultKind.class) : EnumSet.copyOf(kinds));
        if (bookies < 3 || clients < 0 || clients + remoteClients < 1 || logs < 1 || ratePerLog < 1) {
            throw new IllegalArgumentException("need at least 3 bookies, 1 client, 1 log and a rate of 1/s");
        }
        if (writeProxies < 0 || readProxies < 0 || remoteClients < 0) {
            throw new IllegalArgumentException("proxy and remote client counts cannot be negative");
        }
        if (remoteClients > 0 && (writeProxies < 1 || readProxies < 1)) {
            throw new IllegalArgumentException("remote clients need at least 1 write proxy and 1 read proxy "
                    + "(--write-proxies, --read-proxies)");
        }
    }

    /** The nodes faults are chosen from: the embedded clients are slots {@code 0..clients-1}, then the remote ones. */
    public ClusterShape shape() {
        return new ClusterShape(bookies, clients + remoteClients, clients, 3, writeProxies, readProxies,
                network == NetworkMode.NETNS);
    }

    /**
     * The classpath of the children: {@code dlog.chaos.classpath} if set (by the script); else the module's classes
     * directory {@code dlog.chaos.classesDir} plus the dependency list in {@code dlog.chaos.classpathFile} (set by
     * the IT's failsafe configuration, whose own classpath is a manifest-only jar); else {@code java.class.path}.
     */
    public static String defaultClasspath() {
        String cp = System.getProperty("dlog.chaos.classpath");
        if (cp != null && !cp.isBlank()) {
            return cp;
        }
        String file = System.getProperty("dlog.chaos.classpathFile");
        if (file != null && !file.isBlank()) {
            try {
                return System.getProperty("dlog.chaos.classesDir") + File.pathSeparator
                        + Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the child classpath from " + file, e);
            }
        }
        return System.getProperty("java.class.path");
    }
}
