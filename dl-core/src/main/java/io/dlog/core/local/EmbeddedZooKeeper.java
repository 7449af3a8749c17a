package io.dlog.core.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.zookeeper.server.NIOServerCnxnFactory;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;

/**
 * A standalone ZooKeeper server bound to 127.0.0.1, with its snapshots and transaction log under one directory.
 *
 * <p>Not thread-safe: {@link LocalCluster} calls it under its own lock.
 */
final class EmbeddedZooKeeper implements AutoCloseable {

    /** The longest tick we use: session expiry is detected at tick granularity. */
    private static final int MAX_TICK_MS = 500;
    /** The longest session the server grants, unless the shortest one is set higher. */
    private static final Duration DEFAULT_MAX_SESSION = Duration.ofSeconds(60);
    private static final String FOUR_LETTER_WORDS = "zookeeper.4lw.commands.whitelist";

    private final FileTxnSnapLog txnLog;
    private final ZooKeeperServer server;
    private final ServerCnxnFactory factory;
    private boolean closed;

    private EmbeddedZooKeeper(FileTxnSnapLog txnLog, ZooKeeperServer server, ServerCnxnFactory factory) {
        this.txnLog = txnLog;
        this.server = server;
        this.factory = factory;
    }

    /**
     * Starts a server.
     *
     * @param dir        directory of its snapshots and transaction log (created if missing, kept on close)
     * @param port       the client port, 0 for an ephemeral one
     * @param minSession the shortest session timeout it grants without raising it
     */
    static EmbeddedZooKeeper start(Path dir, int port, Duration minSession) throws IOException {
        // Four-letter words are read from a system property; keep a value the embedding process chose.
        if (System.getProperty(FOUR_LETTER_WORDS) == null) {
            System.setProperty(FOUR_LETTER_WORDS, "*");
        }
        int minSessionMs = Math.toIntExact(minSession.toMillis());
        int maxSessionMs = Math.toIntExact(Math.max(minSessionMs, DEFAULT_MAX_SESSION.toMillis()));
        int tickMs = Math.max(1, Math.min(MAX_TICK_MS, minSessionMs / 2));

        Files.createDirectories(dir);
        FileTxnSnapLog txnLog = new FileTxnSnapLog(dir.resolve("log").toFile(), dir.resolve("snapshot").toFile());
        ServerCnxnFactory factory = null;
        try {
            ZooKeeperServer server = new ZooKeeperServer(txnLog, tickMs, null);
            server.setMinSessionTimeout(minSessionMs);
            server.setMaxSessionTimeout(maxSessionMs);
            factory = new NIOServerCnxnFactory();
            // maxClientCnxns 0: every client of a local cluster comes from 127.0.0.1, so no per-host limit.
            factory.configure(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0, -1, false);
            factory.startup(server);
            return new EmbeddedZooKeeper(txnLog, server, factory);
        } catch (IOException | RuntimeException e) {
            closeQuietly(factory, txnLog, e);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            IOException failure = new IOException("interrupted while starting ZooKeeper in " + dir, e);
            closeQuietly(factory, txnLog, failure);
            throw failure;
        }
    }

    private static void closeQuietly(ServerCnxnFactory factory, FileTxnSnapLog txnLog, Exception failure) {
        if (factory != null) {
            try {
                factory.shutdown();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        try {
            txnLog.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** The port clients connect to. */
    int port() {
        return factory.getLocalPort();
    }

    /** Whether the znode exists in the server's in-memory tree (no client round trip). */
    boolean exists(String path) {
        return server.getZKDatabase().getNode(path) != null;
    }

    /** Stops the server and closes its files; idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            factory.shutdown();   // closes the connections and shuts the server down
            factory.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.shutdown();
            txnLog.close();
        }
    }
}
