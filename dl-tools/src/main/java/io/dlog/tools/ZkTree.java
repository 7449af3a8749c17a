package io.dlog.tools;

import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;

/**
 * The few direct ZooKeeper reads the namespace commands need and dl-core's API does not offer: finding every
 * namespace znode of an ensemble, and deleting an empty one. A namespace znode holds {@code format=1} and
 * {@code ledgersPath=...} (docs/zookeeper-layout.md). Not thread-safe; close it.
 */
final class ZkTree implements AutoCloseable {
    private static final int MAX_DEPTH = 8;

    private final CuratorFramework zk;

    private ZkTree(CuratorFramework zk) {
        this.zk = zk;
    }

    static ZkTree connect(URI uri, DLConfig config) throws DLException {
        long connectMs = config.get(DLConfigKeys.ZK_CONNECT_TIMEOUT_MS);
        String connect = uri.getRawAuthority();
        CuratorFramework zk = CuratorFrameworkFactory.builder().connectString(connect)
                .sessionTimeoutMs((int) (long) config.get(DLConfigKeys.ZK_SESSION_TIMEOUT_MS))
                .connectionTimeoutMs((int) connectMs).retryPolicy(new ExponentialBackoffRetry(100, 3, 1000)).build();
        zk.start();
        try {
            if (!zk.blockUntilConnected((int) connectMs, TimeUnit.MILLISECONDS)) {
                zk.close();
                throw new DLException(StatusCode.ZOOKEEPER_ERROR, "cannot reach ZooKeeper at " + connect
                        + " within " + connectMs + " ms (zookeeper.connect.timeout.ms)");
            }
        } catch (InterruptedException e) {
            zk.close();
            Thread.currentThread().interrupt();
            throw new DLException(StatusCode.INTERRUPTED, "interrupted while connecting to " + connect, e);
        }
        return new ZkTree(zk);
    }

    /**
     * Returns the namespace paths, sorted; does not descend into a namespace (its children are logs), the
     * BookKeeper metadata or {@code /zookeeper}.
     */
    List<String> namespaces(String ledgersPath) throws DLException {
        List<String> found = new ArrayList<>();
        try {
            walk("/", ledgersPath, 0, found);
        } catch (KeeperException.NoNodeException e) {
            // A znode vanished while walking: the listing is a snapshot anyway.
        } catch (Exception e) {
            throw new DLException(StatusCode.ZOOKEEPER_ERROR, "cannot list namespaces: " + e, e);
        }
        found.sort(String::compareTo);
        return found;
    }

    private void walk(String path, String ledgersPath, int depth, List<String> found) throws Exception {
        if (depth > MAX_DEPTH) {
            return;
        }
        for (String child : zk.getChildren().forPath(path)) {
            String p = path.equals("/") ? "/" + child : path + "/" + child;
            if (p.equals("/zookeeper") || p.equals(ledgersPath)) {
                continue;
            }
            byte[] data;
            try {
                data = zk.getData().forPath(p);
            } catch (KeeperException.NoNodeException e) {
                continue;
            }
            if (isNamespace(data)) {
                found.add(p);
            } else {
                walk(p, ledgersPath, depth + 1, found);
            }
        }
    }

    static boolean isNamespace(byte[] data) {
        if (data == null) {
            return false;
        }
        String s = new String(data, StandardCharsets.UTF_8);
        return s.startsWith("format=") && s.contains("\nledgersPath=");
    }

    /**
     * Says whether a log was sealed: its znode's {@code state} (docs/zookeeper-layout.md) is {@code sealed}.
     *
     * @param nsPath the namespace path
     * @param log the log
     * @return true when sealed; false when active or gone
     */
    boolean isSealed(String nsPath, String log) throws DLException {
        try {
            byte[] data = zk.getData().forPath(nsPath + "/" + log);
            for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
                if (line.equals("state=sealed")) {
                    return true;
                }
            }
            return false;
        } catch (KeeperException.NoNodeException e) {
            return false;
        } catch (Exception e) {
            throw new DLException(StatusCode.ZOOKEEPER_ERROR, "cannot read log znode " + nsPath + "/" + log + ": "
                    + e, e);
        }
    }

    /** Deletes a namespace znode and its service children (names starting with '.'); it must have no log. */
    void deleteNamespace(String path) throws DLException {
        try {
            for (String child : zk.getChildren().forPath(path)) {
                if (!child.startsWith(".")) {
                    throw new DLException(StatusCode.REQUEST_DENIED, "namespace " + path + " has log " + child
                            + "; not deleted");
                }
            }
            zk.delete().deletingChildrenIfNeeded().forPath(path);
        } catch (DLException e) {
            throw e;
        } catch (KeeperException.NoNodeException e) {
            throw new DLException(StatusCode.LOG_NOT_FOUND, "namespace " + path + " does not exist");
        } catch (Exception e) {
            throw new DLException(StatusCode.ZOOKEEPER_ERROR, "cannot delete namespace " + path + ": " + e, e);
        }
    }

    @Override
    public void close() {
        zk.close();
    }
}
