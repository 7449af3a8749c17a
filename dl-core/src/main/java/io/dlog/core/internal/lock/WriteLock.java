package io.dlog.core.internal.lock;

import io.dlog.core.internal.metadata.ZkErrors;
import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LockingException;
import io.dlog.protocol.LogNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log's write lock: the ephemeral znode {@code <ns>/<log>/lock}, whose data names the owner and carries a
 * token unique to this acquisition.
 *
 * <p>Ownership is decided by the znode itself, never by what the client believes its session to be: the lock
 * records the session that ZooKeeper reports as the znode's ephemeral owner (read back after the create, in the
 * same call that sets the watch), together with the token. So a create that lands in a new session after an
 * expiry still yields a lock that knows its session, and {@link #release} deletes any znode that carries this
 * lock's token, whether or not the lock was already marked lost: a lock znode nobody owns cannot be left behind
 * by construction.
 *
 * <p>It lives as long as the owner's ZooKeeper session. When the znode disappears while held, or the watch
 * reports the session expired, the loss callback runs once, on the ZooKeeper event thread: it must not block.
 * {@link #acquireAsync} and {@link #releaseAsync} never block; {@link #acquire}, {@link #release} and
 * {@link #holder} do. Thread-safe.
 */
public final class WriteLock {
    private static final Logger LOG = LoggerFactory.getLogger(WriteLock.class);
    private static final Duration BLOCKING_LIMIT = Duration.ofMinutes(2);

    private final CuratorFramework zk;
    private final String path;
    private final byte[] data;
    private final long sessionId;
    private final AtomicBoolean held = new AtomicBoolean(true);
    private final AtomicBoolean released = new AtomicBoolean();
    private final Runnable onLost;

    WriteLock(CuratorFramework zk, String path, byte[] data, long sessionId, Runnable onLost) {
        this.zk = zk;
        this.path = path;
        this.data = data.clone();
        this.sessionId = sessionId;
        this.onLost = onLost;
    }

    /**
     * Takes the lock without blocking the caller: a create, and while another owner holds it, a watch that tries
     * again when that znode changes or goes.
     *
     * @param zk the owner's Curator client
     * @param path the lock znode
     * @param owner who is taking it, written into the znode (host, process, purpose)
     * @param timeout how long to wait for another holder (zero: fail at once if held)
     * @param onLost runs once if the lock is lost while held; must not block
     * @return the held lock; fails with LOCKING_EXCEPTION if another owner holds it past the timeout (the message
     *     names that owner) or ZooKeeper kept failing until then (the message names the last error), LOG_NOT_FOUND
     *     if the log's znode does not exist, ZOOKEEPER_ERROR
     */
    public static CompletableFuture<WriteLock> acquireAsync(CuratorFramework zk, String path, String owner,
            Duration timeout, Runnable onLost) {
        return new LockAcquisition(zk, path, owner, timeout, onLost).start();
    }

    /**
     * Takes the lock, blocking ({@link #acquireAsync} without blocking).
     *
     * @param zk the owner's Curator client
     * @param path the lock znode
     * @param owner who is taking it
     * @param timeout how long to wait for another holder
     * @param onLost runs once if the lock is lost while held; must not block
     * @return the held lock
     * @throws LockingException if another owner holds it past the timeout
     * @throws LogNotFoundException if the log's znode does not exist
     */
    public static WriteLock acquire(CuratorFramework zk, String path, String owner, Duration timeout,
            Runnable onLost) throws DLException {
        return Futures.result(acquireAsync(zk, path, owner, timeout, onLost), timeout.plus(BLOCKING_LIMIT));
    }

    /** Sets (or sets again) the watch that notices the loss of the znode or of the session. Never blocks. */
    void watch() {
        if (!held.get()) {
            return;
        }
        try {
            zk.checkExists().usingWatcher((Watcher) this::onEvent).inBackground(this::onWatchSet).forPath(path);
        } catch (Exception e) {
            lost("cannot watch the lock znode: " + e);
        }
    }

    private void onWatchSet(CuratorFramework client, CuratorEvent event) {
        Stat stat = event.getStat();
        if (event.getResultCode() == KeeperException.Code.OK.intValue() && stat != null
                && stat.getEphemeralOwner() == sessionId) {
            return;
        }
        if (event.getResultCode() == KeeperException.Code.NONODE.intValue() || stat != null) {
            lost("lock znode gone or owned by another session");
        } else {
            lost("cannot watch the lock znode: " + KeeperException.Code.get(event.getResultCode()));
        }
    }

    /** The watch: on the ZooKeeper event thread, so it only marks and re-arms, never blocks. */
    void onEvent(WatchedEvent ev) {
        if (ev.getType() == Watcher.Event.EventType.None) {
            if (ev.getState() == Watcher.Event.KeeperState.Expired) {
                lost("ZooKeeper session expired");
            }
            // Disconnected and SyncConnected: ZooKeeper keeps the watch and sets it again on reconnection.
            return;
        }
        if (ev.getType() == Watcher.Event.EventType.NodeDeleted) {
            lost("lock znode deleted");
        } else {
            watch();
        }
    }

    /**
     * Marks the lock lost (for example when the ZooKeeper session expired) and runs the loss callback once.
     * {@link #release} still removes the znode if it exists and carries this lock's token.
     *
     * @param why the reason, for the log
     */
    public void lost(String why) {
        if (held.compareAndSet(true, false)) {
            LOG.warn("lock lost path={} session=0x{} reason={}", path, Long.toHexString(sessionId), why);
            onLost.run();
        }
    }

    /**
     * Marks the lock lost because the client lost <em>a</em> ZooKeeper session (Curator's LOST), unless the lock's
     * znode belongs to the session the client is connected with now. Curator's LOST does not name the session, and
     * Curator 5.9 can deliver an expired session's LOST after the next session's RECONNECTED: a lock taken in that
     * next session is not lost then, and failing its writer would be a spurious failover.
     *
     * <p>Keeping the lock is safe even if {@code liveSession} expires right after it was read: every watch of that
     * session's handle, this lock's among them, receives its Expired event and marks the lock lost ({@link #onEvent}).
     *
     * @param liveSession the session the client is connected with, as {@link #liveSession} read it; 0 if none, and
     *     then the lock is lost
     * @param why the reason, for the log
     */
    public void sessionLost(long liveSession, String why) {
        if (liveSession == 0 || liveSession != sessionId) {
            lost(why + " (live session 0x" + Long.toHexString(liveSession) + ")");
        }
    }

    /**
     * Returns the session a Curator client is connected with, or 0 when it is not connected (or cannot say). Never
     * blocks: the handle is only asked for while Curator reports the connection up, so Curator does not replace it
     * here.
     *
     * @param zk a started Curator client
     * @return the live session id, or 0
     */
    public static long liveSession(CuratorFramework zk) {
        try {
            if (!zk.getZookeeperClient().isConnected()) {
                return 0;
            }
            ZooKeeper handle = zk.getZookeeperClient().getZooKeeper();
            // Curator's flag can lag its handle's state (an expiry being handled): the handle must agree.
            return handle.getState().isConnected() ? handle.getSessionId() : 0;
        } catch (Exception e) {
            return 0; // Curator closed or reporting a background failure: no session to vouch for
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

    /** Returns the ZooKeeper session that owns the lock znode, as ZooKeeper reported it after the create. */
    public long sessionId() {
        return sessionId;
    }

    /**
     * Deletes the lock znode if it still carries this lock's token, whether or not the lock was marked lost.
     * Idempotent; never blocks, and never fails: a znode that cannot be deleted goes with its session.
     *
     * @return completes when the znode is gone or the attempt failed
     */
    public CompletableFuture<Void> releaseAsync() {
        held.set(false);
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!released.compareAndSet(false, true)) {
            done.complete(null);
            return done;
        }
        try {
            zk.getData().inBackground((c, ev) -> onReleaseRead(ev, done)).forPath(path);
        } catch (Exception e) {
            releaseFailed(e.toString(), done);
        }
        return done;
    }

    private void onReleaseRead(CuratorEvent ev, CompletableFuture<Void> done) {
        if (ev.getResultCode() == KeeperException.Code.NONODE.intValue()) {
            done.complete(null);
            return;
        }
        if (ev.getResultCode() != KeeperException.Code.OK.intValue()) {
            releaseFailed(KeeperException.Code.get(ev.getResultCode()).toString(), done);
            return;
        }
        if (!Arrays.equals(ev.getData(), data)) {
            done.complete(null); // another owner's znode: ours is already gone
            return;
        }
        try {
            zk.delete().withVersion(ev.getStat().getVersion()).inBackground((c, del) -> {
                int rc = del.getResultCode();
                if (rc == KeeperException.Code.OK.intValue() || rc == KeeperException.Code.NONODE.intValue()
                        || rc == KeeperException.Code.BADVERSION.intValue()) {
                    done.complete(null);
                } else {
                    releaseFailed(KeeperException.Code.get(rc).toString(), done);
                }
            }).forPath(path);
        } catch (Exception e) {
            releaseFailed(e.toString(), done);
        }
    }

    private void releaseFailed(String why, CompletableFuture<Void> done) {
        // The session will expire and take the ephemeral znode with it.
        LOG.warn("lock release failed path={} error={}", path, why);
        done.complete(null);
    }

    /** Deletes the lock znode if it still carries this lock's token. Idempotent; blocks (bounded) on ZooKeeper. */
    public void release() {
        try {
            Futures.result(releaseAsync(), BLOCKING_LIMIT);
        } catch (DLException e) {
            LOG.warn("lock release did not finish path={} error={}", path, e.getMessage());
        }
    }

    /**
     * Describes who holds a lock. Blocks on ZooKeeper.
     *
     * @param zk a Curator client
     * @param path the lock znode
     * @return the owner as written in the znode, or "nobody"
     */
    public static String holder(CuratorFramework zk, String path) {
        try {
            return ownerOf(zk.getData().forPath(path));
        } catch (KeeperException.NoNodeException e) {
            return "nobody";
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    /** Returns the owner written in a lock znode's data. */
    static String ownerOf(byte[] data) {
        if (data == null) {
            return "unknown";
        }
        String text = new String(data, StandardCharsets.UTF_8);
        int at = text.indexOf("owner=");
        if (at < 0) {
            return "unknown";
        }
        int end = text.indexOf('\n', at);
        return text.substring(at + 6, end < 0 ? text.length() : end).trim();
    }

    /** Maps a failed ZooKeeper result code of a lock operation. */
    static DLException error(int rc, String path, String what) {
        KeeperException ke = KeeperException.create(KeeperException.Code.get(rc), path);
        return ZkErrors.map(ke, what + " " + path);
    }
}
