package io.dlog.core.testing;

import io.dlog.core.local.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A human-readable description of a {@link LocalCluster}'s state for failure reports: which bookies run, and the
 * ZooKeeper tree (path, size, ephemeral owner, short printable data) up to {@value #MAX_NODES} znodes. Stateless.
 */
public final class ClusterStateDump {

    /** The most znodes listed; the rest is summarised as a count. */
    public static final int MAX_NODES = 300;
    private static final int MAX_DATA_CHARS = 120;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private ClusterStateDump() {
    }

    /**
     * Describes the cluster. Never throws for ZooKeeper trouble: it ends up in the text.
     *
     * @param cluster a cluster, running or not
     * @return a multi-line description
     */
    public static String describe(LocalCluster cluster) {
        StringBuilder out = new StringBuilder();
        out.append("zk=").append(cluster.zkConnectString()).append('\n');
        List<String> addresses = cluster.bookieAddresses();
        for (int i = 0; i < addresses.size(); i++) {
            out.append("bookie ").append(i).append(' ').append(addresses.get(i))
                    .append(cluster.isBookieRunning(i) ? " running" : " STOPPED").append('\n');
        }
        appendTree(cluster.zkConnectString(), out);
        return out.toString();
    }

    private static void appendTree(String connectString, StringBuilder out) {
        CountDownLatch connected = new CountDownLatch(1);
        Watcher watcher = event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
        ZooKeeper zk = null;
        try {
            zk = new ZooKeeper(connectString, 10_000, watcher);
            if (!connected.await(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                out.append("(ZooKeeper not reachable within ").append(CONNECT_TIMEOUT_MS).append(" ms)\n");
                return;
            }
            walk(zk, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.append("(interrupted)\n");
        } catch (Exception e) {
            out.append("(ZooKeeper tree unavailable: ").append(e).append(")\n");
        } finally {
            if (zk != null) {
                try {
                    zk.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void walk(ZooKeeper zk, StringBuilder out) throws KeeperException, InterruptedException {
        Deque<String> pending = new ArrayDeque<>();
        pending.push("/");
        int listed = 0;
        while (!pending.isEmpty()) {
            String path = pending.pop();
            if (listed == MAX_NODES) {
                out.append("... and at least ").append(pending.size() + 1).append(" more znodes\n");
                return;
            }
            Stat stat = new Stat();
            byte[] data;
            List<String> children;
            try {
                data = zk.getData(path, false, stat);
                children = zk.getChildren(path, false);
            } catch (KeeperException.NoNodeException e) {
                continue;   // deleted while we walk
            }
            listed++;
            out.append(path).append(" bytes=").append(stat.getDataLength());
            if (stat.getEphemeralOwner() != 0) {
                out.append(" ephemeral=0x").append(Long.toHexString(stat.getEphemeralOwner()));
            }
            out.append(printable(data)).append('\n');
            Collections.sort(children, Collections.reverseOrder());
            for (String child : children) {
                pending.push(path.equals("/") ? "/" + child : path + "/" + child);
            }
        }
    }

    private static String printable(byte[] data) {
        if (data == null || data.length == 0) {
            return "";
        }
        String text = new String(data, 0, Math.min(data.length, MAX_DATA_CHARS), StandardCharsets.UTF_8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t') {
                return "";   // binary
            }
        }
        return " data=\"" + text.replace("\n", "\\n") + (data.length > MAX_DATA_CHARS ? "...\"" : "\"");
    }
}
