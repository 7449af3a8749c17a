package io.dlog.core.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Where a local cluster keeps its files, and the ports it used last time.
 *
 * <pre>
 * dataDir/cluster.properties     zk.port, bookie.&lt;i&gt;.port of the last start
 * dataDir/zookeeper/             snapshots and transaction log
 * dataDir/bookie-&lt;i&gt;/journal     bookie i's journal
 * dataDir/bookie-&lt;i&gt;/ledgers     bookie i's entry logs and index
 * </pre>
 *
 * <p>A bookie's identity is its {@code 127.0.0.1:port} and is written in its cookie, so a restart on a kept data
 * directory must reuse the ports: they are remembered in {@code cluster.properties}. Not thread-safe.
 */
final class ClusterLayout {

    private static final String PORTS_FILE = "cluster.properties";
    private static final String ZK_PORT = "zk.port";

    private final Path root;
    private final Properties saved;

    private ClusterLayout(Path root, Properties saved) {
        this.root = root;
        this.saved = saved;
    }

    /** Opens (creating if needed) the layout under {@code root} and reads the ports of the last start, if any. */
    static ClusterLayout open(Path root) throws IOException {
        Files.createDirectories(root);
        Properties saved = new Properties();
        Path file = root.resolve(PORTS_FILE);
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                saved.load(in);
            }
        }
        return new ClusterLayout(root, saved);
    }

    Path root() {
        return root;
    }

    Path zooKeeperDir() {
        return root.resolve("zookeeper");
    }

    Path journalDir(int bookie) {
        return root.resolve("bookie-" + bookie).resolve("journal");
    }

    Path ledgersDir(int bookie) {
        return root.resolve("bookie-" + bookie).resolve("ledgers");
    }

    /** The ZooKeeper port of the last start, or 0. */
    int savedZkPort() {
        return Integer.parseInt(saved.getProperty(ZK_PORT, "0"));
    }

    /**
     * The port of each bookie: {@code firstPort + i} when {@code firstPort > 0}; otherwise the port bookie i had
     * last time, or a free ephemeral port for a new bookie.
     */
    List<Integer> bookiePorts(int bookies, int firstPort) throws IOException {
        List<Integer> ports = new ArrayList<>(bookies);
        List<ServerSocket> reserved = new ArrayList<>();
        try {
            for (int i = 0; i < bookies; i++) {
                int port = firstPort > 0 ? firstPort + i : Integer.parseInt(saved.getProperty(bookieKey(i), "0"));
                // Hold every probe socket until all ports are chosen so no two bookies get the same one; a saved
                // port is not bound while the cluster is down, so the OS may offer it again: probe once more.
                while (port == 0 || ports.contains(port)) {
                    ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    reserved.add(probe);
                    port = probe.getLocalPort();
                }
                ports.add(port);
            }
        } finally {
            for (ServerSocket probe : reserved) {
                probe.close();
            }
        }
        return ports;
    }

    /** Remembers the ports of this start, for a restart on the same directory. */
    void savePorts(int zkPort, List<Integer> bookiePorts) throws IOException {
        Properties props = new Properties();
        props.putAll(saved);
        props.setProperty(ZK_PORT, Integer.toString(zkPort));
        for (int i = 0; i < bookiePorts.size(); i++) {
            props.setProperty(bookieKey(i), Integer.toString(bookiePorts.get(i)));
        }
        Path tmp = root.resolve(PORTS_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            props.store(out, "dlog LocalCluster ports; bookie identities depend on them");
        }
        Files.move(tmp, root.resolve(PORTS_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        saved.clear();
        saved.putAll(props);
    }

    private static String bookieKey(int index) {
        return "bookie." + index + ".port";
    }

    /** Deletes {@code dir} and everything under it; a missing directory is fine. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
