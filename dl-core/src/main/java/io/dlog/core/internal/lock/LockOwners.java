package io.dlog.core.internal.lock;

import io.dlog.core.LockOwner;
import io.dlog.core.internal.metadata.ZkErrors;
import io.dlog.protocol.DLException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/** Reads who holds a write lock from its znode. Blocking; thread-safe. */
public final class LockOwners {
    private LockOwners() {
    }

    /**
     * Reads a lock's holder.
     *
     * @param zk a Curator client
     * @param path the lock znode
     * @return the holder, or empty when nobody holds the lock
     * @throws DLException ZOOKEEPER_ERROR when ZooKeeper cannot answer
     */
    public static Optional<LockOwner> read(CuratorFramework zk, String path) throws DLException {
        try {
            Stat stat = new Stat();
            byte[] data = zk.getData().storingStatIn(stat).forPath(path);
            return Optional.of(new LockOwner(ownerOf(new String(data, StandardCharsets.UTF_8)), stat.getCtime()));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw ZkErrors.map(e, "read lock " + path);
        }
    }

    /** Returns the {@code owner=} line of a lock znode's text, or "unknown". */
    static String ownerOf(String text) {
        int at = text.indexOf("owner=");
        if (at < 0) {
            return "unknown";
        }
        int end = text.indexOf('\n', at);
        return text.substring(at + 6, end < 0 ? text.length() : end).trim();
    }
}
