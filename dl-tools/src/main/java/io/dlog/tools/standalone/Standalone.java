package io.dlog.tools.standalone;

import com.codahale.metrics.MetricRegistry;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.Namespace;
import io.dlog.core.RetentionPolicy;
import io.dlog.core.RetentionService;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.DLException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone dlog: a {@link LocalCluster} (ZooKeeper + bookies) on loopback with data kept in a directory, the
 * namespace created and held open with the process's {@link MetricRegistry}, a {@link RetentionService} on it
 * (so {@code retention.*} is enforced and {@code dlog.retention.*} appears on {@code /metrics}), and the
 * {@link AdminServer}.
 *
 * <p>Writes {@code <dataDir>/standalone.uri} so commands run in the same directory find the namespace. Closing
 * stops the admin endpoint, the retention service, the namespace and the cluster, in that order; idempotent and
 * safe from a shutdown hook. Thread-safe.
 */
public final class Standalone implements AutoCloseable {
    /** The file, under the data directory, that holds the namespace URI. */
    public static final String URI_FILE = "standalone.uri";
    private static final Logger LOG = LoggerFactory.getLogger(Standalone.class);

    private final LocalCluster cluster;
    private final Namespace namespace;
    private final RetentionService retention;
    private final AdminServer admin;
    private final Path dataDir;
    private final DataDirLock dirLock;
    private boolean closed;

    private Standalone(LocalCluster cluster, Namespace namespace, RetentionService retention, AdminServer admin,
            Path dataDir, DataDirLock dirLock) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.retention = retention;
        this.admin = admin;
        this.dataDir = dataDir;
        this.dirLock = dirLock;
    }

    /**
     * Starts everything; on failure stops what was started.
     *
     * @param s the settings
     * @return the running standalone; the caller closes it
     * @throws IOException if the cluster or the admin endpoint cannot start (a port in use)
     * @throws DLException if the namespace cannot be opened
     */
    public static Standalone start(StandaloneSettings s) throws IOException, DLException {
        Path dataDir = s.dataDir().toAbsolutePath();
        // Before anything is written there: a second standalone must not touch a live one's files.
        DataDirLock dirLock = DataDirLock.acquire(dataDir);
        LocalCluster cluster;
        try {
            cluster = LocalCluster.builder().bookies(s.bookies()).dataDir(dataDir).zkPort(s.zkPort())
                    .bookiePort(s.bookiePort()).fsync(s.fsync()).start();
        } catch (IOException | RuntimeException e) {
            dirLock.close();
            throw e;
        }
        Namespace ns = null;
        RetentionService retention = null;
        try {
            MetricRegistry registry = new MetricRegistry();
            URI uri = cluster.namespaceUri(s.namespace());
            ns = Namespace.builder().uri(uri).config(s.config()).metrics(registry).build();
            StandaloneMetrics.register(registry, ns, cluster);
            retention = ns.admin().retentionService(Clock.systemUTC(), registry);
            RetentionPolicy policy = RetentionPolicy.fromConfig(s.config());
            LOG.info("retention enabled namespace={} retention.ms={} retention.bytes={} "
                    + "retention.check.interval.ms={}{}", uri, policy.retentionMs(), policy.retentionBytes(),
                    s.config().get(DLConfigKeys.RETENTION_CHECK_INTERVAL_MS),
                    policy.isEnabled() ? "" : " (keeps everything unless a log has an override)");
            retention.start();
            Namespace opened = ns;
            AdminServer admin = AdminServer.start(s.adminAddress(), s.adminPort(), registry,
                    () -> health(opened, cluster));
            writeUriFile(dataDir, uri);
            return new Standalone(cluster, ns, retention, admin, dataDir, dirLock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(retention, e);
            closeQuietly(ns, e);
            cluster.close();
            dirLock.close();
            throw e;
        }
    }

    /** Returns the namespace URI, {@code dlog://127.0.0.1:<zk port>/<namespace>}. */
    public URI namespaceUri() {
        return namespace.uri();
    }

    /** Returns the ZooKeeper connect string. */
    public String zkConnectString() {
        return cluster.zkConnectString();
    }

    /** Returns the bookie addresses. */
    public List<String> bookieAddresses() {
        return cluster.bookieAddresses();
    }

    /** Returns the admin endpoint's base URI. */
    public URI adminUri() {
        return admin.uri();
    }

    /** Returns the data directory (absolute). */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("standalone stopping dataDir={}", dataDir);
        admin.close();
        retention.close();
        namespace.close();
        cluster.close();
        dirLock.close();
        LOG.info("standalone stopped");
    }

    private static AdminServer.Health health(Namespace ns, LocalCluster cluster) {
        int running = StandaloneMetrics.running(cluster);
        boolean zk;
        try {
            // Bounded: a health check must answer even when ZooKeeper does not.
            zk = CompletableFuture.supplyAsync(() -> probe(ns)).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            zk = false;
        }
        boolean up = zk && running == cluster.bookieCount();
        return new AdminServer.Health(up, "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"zookeeper\":"
                + (zk ? "\"UP\"" : "\"DOWN\"") + ",\"bookies_running\":" + running + ",\"bookies\":"
                + cluster.bookieCount() + "}");
    }

    private static boolean probe(Namespace ns) {
        try {
            ns.getLogs();
            return true;
        } catch (DLException e) {
            return false;
        }
    }

    private static void writeUriFile(Path dataDir, URI uri) throws IOException {
        Path tmp = dataDir.resolve(URI_FILE + ".tmp");
        Files.writeString(tmp, uri + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dataDir.resolve(URI_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static void closeQuietly(AutoCloseable c, Exception failure) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
