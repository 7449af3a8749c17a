package io.dlog.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.bookkeeper.client.BookKeeperAdmin;
import org.apache.bookkeeper.conf.ServerConfiguration;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The bookies of a run as child processes, each with its own port (its identity, kept across restarts) and data
 * directory; also formats the BookKeeper metadata. Not thread-safe: the run drives it from one thread.
 */
final class BookieFleet {

    static final String LEDGERS_ROOT = "/ledgers";

    private final String metadataServiceUri;
    private final String classpath;
    private final List<ChildProcess> bookies = new ArrayList<>();
    private final List<Integer> ports;
    private final List<Path> dirs = new ArrayList<>();
    private final ChaosNetwork net;

    BookieFleet(Path root, int count, String zkConnect, String classpath, ChaosNetwork net) throws IOException {
        this.net = net;
        this.metadataServiceUri = "zk+hierarchical://" + zkConnect.replace(',', ';') + LEDGERS_ROOT;
        this.classpath = classpath;
        this.ports = Ports.free(count);
        for (int i = 0; i < count; i++) {
            Path dir = Files.createDirectories(root.resolve("bookie-" + i));
            dirs.add(dir);
            bookies.add(node(i, false));
        }
    }

    private ChildProcess node(int i, boolean reformat) throws IOException {
        List<String> args = new ArrayList<>(List.of(metadataServiceUri, Integer.toString(ports.get(i)),
                dirs.get(i).resolve("data").toString()));
        if (reformat) {
            args.add("--reformat");
        }
        if (!host(i).equals("127.0.0.1")) {
            args.add("--address");
            args.add(host(i));
        }
        return new ChildProcess("bookie-" + i, NodeKind.BOOKIE, dirs.get(i), args, classpath, net.launcher(key(i)));
    }

    /** The network key of bookie i. */
    static String key(int i) {
        return "bookie-" + i;
    }

    /** Bookie i's address. */
    String host(int i) {
        return net.host(key(i));
    }

    /** Bookie i's port. */
    int port(int i) {
        return ports.get(i);
    }

    List<ChildProcess> bookies() {
        return bookies;
    }

    String address(int i) {
        return host(i) + ":" + ports.get(i);
    }

    /** Creates the BookKeeper cluster metadata in ZooKeeper (a new cluster). */
    void formatMetadata() throws IOException {
        ServerConfiguration conf = new ServerConfiguration();
        conf.setMetadataServiceUri(metadataServiceUri);
        try {
            if (!BookKeeperAdmin.initNewCluster(conf)) {
                throw new IOException("BookKeeper metadata already exists at " + metadataServiceUri);
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot format BookKeeper metadata at " + metadataServiceUri, e);
        }
    }

    void startAll() throws IOException {
        for (ChildProcess b : bookies) {
            b.start();
        }
    }

    /**
     * Deletes a stopped bookie's journal and ledgers, and replaces its node by one that deletes its cookie before
     * starting (RELIABILITY.md R-07: the operator's deliberate reformat). The caller starts it.
     */
    ChildProcess wipe(int i) throws IOException {
        if (bookies.get(i).isAlive()) {
            throw new IllegalStateException("wipe a stopped bookie only: " + bookies.get(i));
        }
        Path data = dirs.get(i).resolve("data");
        if (Files.exists(data)) {
            try (var walk = Files.walk(data)) {
                for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
        ChildProcess fresh = node(i, true);
        bookies.set(i, fresh);
        return fresh;
    }

    /**
     * The ZooKeeper session holding bookie {@code i}'s registration, or 0 if it is not registered.
     */
    long registrationSession(String zkConnect, int i) throws IOException {
        try (ZooKeeper zk = new ZooKeeper(zkConnect, 10_000, e -> { })) {
            for (int attempt = 0; attempt < 50; attempt++) {
                try {
                    Stat stat = zk.exists(LEDGERS_ROOT + "/available/" + address(i), false);
                    return stat == null ? 0 : stat.getEphemeralOwner();
                } catch (KeeperException e) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));   // not connected yet
                }
            }
            throw new IOException("cannot read the registration of " + address(i));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Waits until the given bookies are registered as writable, by a session other than {@code staleSession}
     * (the registration of a killed bookie lingers until its session expires; it must not count as its return).
     *
     * @throws IOException if they are not within {@code timeout}
     */
    void awaitRegistered(String zkConnect, List<Integer> which, long staleSession, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ZooKeeper zk = new ZooKeeper(zkConnect, 10_000, e -> { })) {
            while (true) {
                try {
                    boolean all = true;
                    for (int i : which) {
                        Stat stat = zk.exists(LEDGERS_ROOT + "/available/" + address(i), false);
                        all &= stat != null && stat.getEphemeralOwner() != staleSession;
                    }
                    if (all) {
                        return;
                    }
                } catch (KeeperException e) {
                    // not connected yet, or the ensemble is electing: ask again
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("bookies " + which + " not registered within " + timeout);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));   // polling ZooKeeper without a watch
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for bookies", e);
        }
    }
}
