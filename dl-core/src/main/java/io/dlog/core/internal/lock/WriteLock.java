package io.dlog.core.internal.lock;

import io.dlog.core.internal.metadata.ZkErrors;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LockingException;
import io.dlog.protocol.LogNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log's write lock: the ephemeral znode {@code <ns>/<log>/lock}, whose data names the owner.
 *
 * <p>It lives as long as the owner's ZooKeeper session. When the znode disappears while held (session expired,
 * or an admin deleted it) the loss callback runs once, on the ZooKeeper event thread: it must not block.
 * {@link #acquire} and {@link #release} block on ZooKeeper: call them from a metadata thread. Thread-safe.
 */
public final class WriteLock {
    private static final Logger LOG = LoggerFactory.getLogger(WriteLock.class);

    private final CuratorFramework zk;
    private final String path;
    private final long sessionId;
    private final AtomicBoolean held = new AtomicBoolean(true);
    private final Runnable onLost;

    private WriteLock(CuratorFramework zk, String path, long sessionId, Runnable onLost) {
        this.zk = zk;
        this.path = path;
        this.sessionId = sessionId;
        this.onLost = onLost;
    }

    /**
     * Takes the lock, waiting for the current holder to release it.
     *
     * @param zk the owner's Curator client
     * @param path the lock znode
     * @param owner who is taking it, written into the znode (host, process, purpose)
     * @param timeout how long to wait for another holder
     * @param onLost runs once if the lock is lost while held; must not block
     * @return the held lock
     * @throws LockingException if another owner holds it past the timeout (the message names that owner)
     * @throws LogNotFoundException if the log's znode does not exist
     */
    public static WriteLock acquire(CuratorFramework zk, String path, String owner, Duration timeout,
            Runnable onLost) throws DLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // A token per acquisition: a znode of our own session is ours only if it carries our token, so two
        // writers of one namespace (one ZooKeeper session) cannot both "hold" the lock.
        byte[] data = ("format=1\nowner=" + owner + "\ntoken=" + UUID.randomUUID() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try {
            while (true) {
                long session = zk.getZookeeperClient().getZooKeeper().getSessionId();
                try {
                    zk.create().withMode(CreateMode.EPHEMERAL).forPath(path, data);
                    return watchAndReturn(new WriteLock(zk, path, session, onLost));
                } catch (KeeperException.NodeExistsException e) {
                    CountDownLatch changed = new CountDownLatch(1);
                    Stat stat = new Stat();
                    byte[] current;
                    try {
                        current = zk.getData().storingStatIn(stat).usingWatcher((Watcher) ev -> changed.countDown())
                                .forPath(path);
                    } catch (KeeperException.NoNodeException released) {
                        continue; // released between our create and our read: try again
                    }
                    if (stat.getEphemeralOwner() == session && Arrays.equals(current, data)) {
                        // Our own create went through before a connection loss made Curator retry it.
                        return watchAndReturn(new WriteLock(zk, path, session, onLost));
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !changed.await(left, TimeUnit.NANOSECONDS)) {
                        throw new LockingException("log lock " + path + " is held by " + holder(zk, path)
                                + "; gave up after " + timeout.toMillis() + " ms");
                    }
                } catch (KeeperException.NoNodeException e) {
                    throw new LogNotFoundException("log of lock " + path + " does not exist");
                }
            }
        } catch (DLException e) {
            throw e;
        } catch (Exception e) {
            throw ZkErrors.map(e, "take lock " + path);
        }
    }

    private static WriteLock watchAndReturn(WriteLock lock) throws Exception {
        lock.watch();
        return lock;
    }

    private void watch() throws Exception {
        Stat stat = zk.checkExists().usingWatcher((Watcher) ev -> {
            if (ev.getType() == Watcher.Event.EventType.NodeDeleted) {
                lost("lock znode deleted");
            } else if (ev.getType() != Watcher.Event.EventType.None && held.get()) {
                rewatch();
            }
        }).forPath(path);
        if (stat == null || stat.getEphemeralOwner() != sessionId) {
            lost("lock znode gone right after it was taken");
        }
    }

    private void rewatch() {
        try {
            watch();
        } catch (Exception e) {
            lost("cannot watch the lock znode: " + e);
        }
    }

    /**
     * Marks the lock lost (for example when the ZooKeeper session expired) and runs the loss callback once.
     *
     * @param why the reason, for the log
     */
    public void lost(String why) {
        if (held.compareAndSet(true, false)) {
            LOG.warn("lock lost path={} reason={}", path, why);
            onLost.run();
        }
    }

    /**
     * Gives the lock up without deleting its znode, because the caller deletes it itself together with its log
     * (log deletion): the znode's deletion is then expected, not a loss to warn about.
     */
    public void abandon() {
        held.set(false);
    }

    /** Returns whether the lock is still held as far as this process knows. */
    public boolean isHeld() {
        return held.get();
    }

    /** Returns the ZooKeeper session that holds the lock. */
    public long sessionId() {
        return sessionId;
    }

    /** Deletes the lock znode if this session still owns it. Idempotent; blocks on ZooKeeper. */
    public void release() {
        if (!held.compareAndSet(true, false)) {
            return;
        }
        try {
            Stat stat = zk.checkExists().forPath(path);
            if (stat != null && stat.getEphemeralOwner() == sessionId) {
                zk.delete().withVersion(stat.getVersion()).forPath(path);
            }
        } catch (Exception e) {
            // The session will expire and take the ephemeral node with it.
            LOG.warn("lock release failed path={} error={}", path, e.toString());
        }
    }

    /**
     * Describes who holds a lock.
     *
     * @param zk a Curator client
     * @param path the lock znode
     * @return the owner as written in the znode, or "nobody"
     */
    public static String holder(CuratorFramework zk, String path) {
        try {
            byte[] data = zk.getData().forPath(path);
            String text = new String(data, StandardCharsets.UTF_8);
            int at = text.indexOf("owner=");
            if (at < 0) {
                return "unknown";
            }
            int end = text.indexOf('\n', at);
            return text.substring(at + 6, end < 0 ? text.length() : end).trim();
        } catch (KeeperException.NoNodeException e) {
            return "nobody";
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }
}
