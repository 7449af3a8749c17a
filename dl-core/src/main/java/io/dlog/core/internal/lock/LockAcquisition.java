package io.dlog.core.internal.lock;

import io.dlog.protocol.LockingException;
import io.dlog.protocol.LogNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;

/**
 * One asynchronous acquisition of a {@link WriteLock}: create the ephemeral znode; read it back with a watch; if
 * it carries our token it is ours, and the session ZooKeeper names as its ephemeral owner is the lock's session;
 * otherwise wait for the watch (znode changed or deleted) and try again, until the deadline. Every step is a
 * Curator background call, so no thread waits; callbacks run on the ZooKeeper event thread and only issue the next
 * call. The deadline runs on the JDK's delayed executor.
 */
final class LockAcquisition {
    /** Pause before trying again after ZooKeeper could not answer (connection lost, session being replaced). */
    private static final long RETRY_DELAY_MS = 100;

    private final CuratorFramework zk;
    private final String path;
    private final String owner;
    private final Duration timeout;
    private final Runnable onLost;
    private final byte[] data;
    private final CompletableFuture<WriteLock> result = new CompletableFuture<>();
    /** The owner of the znode found in our way, or null if none was read. */
    private volatile String lastHolder;
    /** The last ZooKeeper error retried, or null. */
    private volatile KeeperException.Code lastFailure;
    private volatile long deadlineNanos;

    LockAcquisition(CuratorFramework zk, String path, String owner, Duration timeout, Runnable onLost) {
        this.zk = zk;
        this.path = path;
        this.owner = owner;
        this.timeout = timeout;
        this.onLost = onLost;
        // A token per acquisition: a znode of our own session is ours only if it carries our token, so two
        // writers of one namespace (one ZooKeeper session) cannot both hold the lock.
        this.data = ("format=1\nowner=" + owner + "\ntoken=" + UUID.randomUUID() + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    CompletableFuture<WriteLock> start() {
        deadlineNanos = System.nanoTime() + timeout.toNanos();
        if (!timeout.isZero()) {
            CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(this::timedOut);
        }
        attempt();
        return result;
    }

    private void attempt() {
        if (result.isDone()) {
            return;
        }
        try {
            zk.create().withMode(CreateMode.EPHEMERAL).inBackground(this::onCreated).forPath(path, data);
        } catch (Exception e) {
            result.completeExceptionally(WriteLock.error(KeeperException.Code.SYSTEMERROR.intValue(), path,
                    "take lock (" + e + ")"));
        }
    }

    private void onCreated(CuratorFramework client, CuratorEvent event) {
        int rc = event.getResultCode();
        if (rc == KeeperException.Code.OK.intValue() || rc == KeeperException.Code.NODEEXISTS.intValue()) {
            inspect();
        } else if (rc == KeeperException.Code.NONODE.intValue()) {
            result.completeExceptionally(new LogNotFoundException("log of lock " + path + " does not exist"));
        } else if (!retryLater(rc)) {
            result.completeExceptionally(WriteLock.error(rc, path, "take lock"));
        }
    }

    /**
     * Tries the acquisition again shortly when ZooKeeper could not answer (the connection was lost, or the session
     * expired and is being replaced) and the lock's timeout has not run out. The create may have succeeded all the
     * same: the next attempt finds the znode and recognises it by its token.
     *
     * @return whether another attempt was scheduled
     */
    private boolean retryLater(int rc) {
        boolean transientError = rc == KeeperException.Code.CONNECTIONLOSS.intValue()
                || rc == KeeperException.Code.SESSIONEXPIRED.intValue()
                || rc == KeeperException.Code.OPERATIONTIMEOUT.intValue();
        if (!transientError || timeout.isZero() || System.nanoTime() - deadlineNanos >= 0) {
            return false;
        }
        lastFailure = KeeperException.Code.get(rc);
        CompletableFuture.delayedExecutor(RETRY_DELAY_MS, TimeUnit.MILLISECONDS).execute(this::attempt);
        return true;
    }

    /** Reads the znode back with a watch whose target is decided by what the read finds. */
    private void inspect() {
        AtomicReference<Consumer<WatchedEvent>> target = new AtomicReference<>(ev -> { });
        try {
            zk.getData().usingWatcher((Watcher) ev -> target.get().accept(ev))
                    .inBackground((c, ev) -> onInspected(ev, target)).forPath(path);
        } catch (Exception e) {
            result.completeExceptionally(WriteLock.error(KeeperException.Code.SYSTEMERROR.intValue(), path,
                    "read lock (" + e + ")"));
        }
    }

    private void onInspected(CuratorEvent event, AtomicReference<Consumer<WatchedEvent>> target) {
        int rc = event.getResultCode();
        if (rc == KeeperException.Code.NONODE.intValue()) {
            attempt(); // released (or our session's znode expired) between the create and the read: again
            return;
        }
        if (rc != KeeperException.Code.OK.intValue()) {
            if (!retryLater(rc)) {
                result.completeExceptionally(WriteLock.error(rc, path, "read lock"));
            }
            return;
        }
        Stat stat = event.getStat();
        if (Arrays.equals(event.getData(), data)) {
            // Ours: created now, or by an attempt Curator retried after a connection loss. The session is the one
            // ZooKeeper names as the znode's owner, whatever session the client had when it sent the create.
            WriteLock lock = new WriteLock(zk, path, data, stat.getEphemeralOwner(), onLost);
            target.set(lock::onEvent);
            if (!result.complete(lock)) {
                lock.releaseAsync(); // timed out meanwhile: nobody will use it
            }
            return;
        }
        lastHolder = WriteLock.ownerOf(event.getData());
        if (timeout.isZero()) {
            result.completeExceptionally(refusal());
            return;
        }
        // Another owner's: wait for its znode to change or go. Session events other than expiry leave the watch
        // armed (ZooKeeper sets it again on reconnection); after an expiry the create is simply tried again.
        target.set(ev -> {
            if (ev.getType() != Watcher.Event.EventType.None
                    || ev.getState() == Watcher.Event.KeeperState.Expired) {
                attempt();
            }
        });
    }

    private void timedOut() {
        result.completeExceptionally(refusal());
    }

    private LockingException refusal() {
        String holder = lastHolder;
        KeeperException.Code failure = lastFailure;
        String why = holder != null ? "is held by " + holder
                : failure != null ? "could not be taken: ZooKeeper kept failing (" + failure + ")"
                : "could not be taken in time";
        return new LockingException("log lock " + path + " " + why + "; gave up after " + timeout.toMillis() + " ms");
    }
}
