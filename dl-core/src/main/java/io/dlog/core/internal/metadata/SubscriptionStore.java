package io.dlog.core.internal.metadata;

import io.dlog.core.Subscription;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LockingException;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.StatusCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The durable subscriptions of a namespace's logs in ZooKeeper: {@code <ns>/<log>/subscriptions/<name>}, each a
 * versioned {@code format=1} value with the committed {@code dlsn} (absent until the first commit), and the
 * subscription read locks {@code <ns>/<log>/readlock-<name>} (ephemeral, see {@code WriteLock}).
 *
 * <p>A commit is a compare-and-set loop on the znode's version that never lowers the stored position; a commit
 * whose reply was lost is retried by Curator, meets a changed version, reads again and finds its own position
 * stored. The {@code subscriptions} parent is created on first use (never with parents: a deleted log's znode is
 * never re-created by a late commit). A commit made with an {@link IncarnationGuard} also checks it in its
 * transaction, so it never lands on a later incarnation of the log (see {@link #incarnation}). Every call blocks
 * on ZooKeeper: run it on an admin or metadata thread. Thread-safe.
 */
public final class SubscriptionStore {
    /** Compare-and-set rounds before giving up (each one lost to another committer that moved the position). */
    private static final int MAX_ATTEMPTS = 1_000;

    private final CuratorFramework zk;
    private final LogPaths paths;

    /**
     * Makes a store.
     *
     * @param zk a started Curator client, borrowed
     * @param paths the namespace layout
     */
    public SubscriptionStore(CuratorFramework zk, LogPaths paths) {
        this.zk = zk;
        this.paths = paths;
    }

    /** Returns {@code <ns>/<log>/subscriptions}. */
    public String subscriptions(String log) {
        return paths.log(log) + "/subscriptions";
    }

    /** Returns {@code <ns>/<log>/subscriptions/<name>}. */
    public String subscription(String log, String name) {
        return subscriptions(log) + "/" + name;
    }

    /** Returns the read lock of a subscription, {@code <ns>/<log>/readlock-<name>}. */
    public String readLock(String log, String name) {
        return paths.log(log) + "/readlock-" + name;
    }

    /**
     * Returns the incarnation of a log: the creation zxid of its znode, which no later creation under the same name
     * can have (paths and versions repeat across incarnations, zxids never do).
     *
     * @param log the log
     * @return the incarnation
     * @throws LogNotFoundException if the log does not exist
     */
    public long incarnation(String log) throws DLException {
        try {
            Stat stat = zk.checkExists().forPath(paths.log(log));
            if (stat == null) {
                throw new LogNotFoundException("log " + log + " does not exist");
            }
            return stat.getCzxid();
        } catch (DLException e) {
            throw e;
        } catch (Exception e) {
            throw ZkErrors.map(e, "read incarnation of " + log);
        }
    }

    /**
     * Reads a subscription.
     *
     * @return its position with the znode version, or null if the subscription does not exist
     * @throws LogNotFoundException if the log does not exist
     */
    public Versioned<Optional<DLSN>> read(String log, String name) throws DLException {
        String path = subscription(log, name);
        try {
            Stat stat = new Stat();
            byte[] data = zk.getData().storingStatIn(stat).forPath(path);
            return new Versioned<>(decode(data, path), stat.getVersion());
        } catch (KeeperException.NoNodeException e) {
            requireLog(log);
            return null;
        } catch (DLException e) {
            throw e;
        } catch (Exception e) {
            throw ZkErrors.map(e, "read subscription " + name + " of " + log);
        }
    }

    /**
     * Raises a subscription's position to {@code position}, never lowering it; creates the subscription if absent.
     * Applied only while a read lock is held, if one is given (the lock znode must be owned by {@code lockSession}
     * before the transaction, and exist in it), and only to the incarnation of the log a guard was taken on, if one
     * is given (the guard must exist in the transaction).
     *
     * @param log the log
     * @param name the subscription
     * @param position the position
     * @param lockPath the read lock, or null for none
     * @param lockSession the ZooKeeper session that owns the lock znode
     * @param guard the guard on the incarnation to commit into, or null for no incarnation check
     * @return the stored position afterwards
     * @throws LockingException if the lock znode is gone or another session's
     * @throws LogNotFoundException if the log does not exist, or the guard is gone (nothing was written)
     */
    public DLSN commit(String log, String name, DLSN position, String lockPath, long lockSession,
            IncarnationGuard guard) throws DLException {
        String path = subscription(log, name);
        byte[] data = ZnodeFormat.encode(Map.of("dlsn", position));
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Versioned<Optional<DLSN>> cur = read(log, name);
            requireLock(lockPath, lockSession, log, name);
            if (cur != null && cur.value().isPresent() && cur.value().get().compareTo(position) >= 0) {
                requireGuard(guard); // the position read may be a later incarnation's: never report it as ours
                return cur.value().get();
            }
            try {
                List<CuratorOp> ops = new ArrayList<>();
                if (guard != null) {
                    ops.add(zk.transactionOp().check().withVersion(0).forPath(guard.path()));
                }
                if (lockPath != null) {
                    ops.add(zk.transactionOp().check().forPath(lockPath));
                }
                ops.add(cur == null ? zk.transactionOp().create().forPath(path, data)
                        : zk.transactionOp().setData().withVersion(cur.version()).forPath(path, data));
                zk.transaction().forOperations(ops);
                return position;
            } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException e) {
                // Another commit (or our own, retried after a lost reply) got there first: read again.
            } catch (KeeperException.NoNodeException e) {
                requireLock(lockPath, lockSession, log, name);
                requireGuard(guard);
                ensureParent(log);
            } catch (Exception e) {
                throw ZkErrors.map(e, "commit subscription " + name + " of " + log);
            }
        }
        throw new DLException(StatusCode.METADATA_EXCEPTION, "commit of subscription " + name + " of " + log
                + " kept racing with other commits; try again");
    }

    /**
     * Creates a subscription without a position if it does not exist (a reader registering it).
     *
     * @throws LogNotFoundException if the log does not exist
     */
    public void register(String log, String name) throws DLException {
        String path = subscription(log, name);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                zk.create().forPath(path, ZnodeFormat.encode(Map.of()));
                return;
            } catch (KeeperException.NodeExistsException e) {
                return;
            } catch (KeeperException.NoNodeException e) {
                ensureParent(log);
            } catch (Exception e) {
                throw ZkErrors.map(e, "register subscription " + name + " of " + log);
            }
        }
        requireLog(log);
    }

    /**
     * Deletes a subscription.
     *
     * @return true if it existed
     * @throws LogNotFoundException if the log does not exist
     */
    public boolean delete(String log, String name) throws DLException {
        try {
            zk.delete().forPath(subscription(log, name));
            return true;
        } catch (KeeperException.NoNodeException e) {
            requireLog(log);
            return false;
        } catch (Exception e) {
            throw ZkErrors.map(e, "delete subscription " + name + " of " + log);
        }
    }

    /**
     * Lists a log's subscriptions, sorted by name.
     *
     * @throws LogNotFoundException if the log does not exist
     */
    public List<Subscription> list(String log) throws DLException {
        List<String> names;
        try {
            names = new ArrayList<>(zk.getChildren().forPath(subscriptions(log)));
        } catch (KeeperException.NoNodeException e) {
            requireLog(log);
            return List.of();
        } catch (Exception e) {
            throw ZkErrors.map(e, "list subscriptions of " + log);
        }
        names.sort(Comparator.naturalOrder());
        List<Subscription> out = new ArrayList<>(names.size());
        for (String name : names) {
            Versioned<Optional<DLSN>> v = read(log, name);
            if (v != null) {
                out.add(new Subscription(name, v.value()));
            }
        }
        return out;
    }

    /**
     * Returns the subscription that has consumed least: one without a position (it consumed nothing) before any
     * with one, else the lowest position (ties: the first by name).
     *
     * @return the slowest subscription, or empty if the log has none
     * @throws LogNotFoundException if the log does not exist
     */
    public Optional<Subscription> slowest(String log) throws DLException {
        Subscription slowest = null;
        for (Subscription s : list(log)) {
            if (slowest == null || consumed(s).compareTo(consumed(slowest)) < 0) {
                slowest = s;
            }
        }
        return Optional.ofNullable(slowest);
    }

    /** Returns what a subscription has consumed up to: its position, or {@link DLSN#INVALID} (before everything). */
    public static DLSN consumed(Subscription s) {
        return s.position().orElse(DLSN.INVALID);
    }

    private void ensureParent(String log) throws DLException {
        try {
            zk.create().forPath(subscriptions(log), new byte[0]);
        } catch (KeeperException.NodeExistsException e) {
            // created concurrently: fine
        } catch (KeeperException.NoNodeException e) {
            throw new LogNotFoundException("log " + log + " does not exist");
        } catch (Exception e) {
            throw ZkErrors.map(e, "create subscriptions of " + log);
        }
    }

    private void requireLog(String log) throws DLException {
        try {
            if (zk.checkExists().forPath(paths.log(log)) == null) {
                throw new LogNotFoundException("log " + log + " does not exist");
            }
        } catch (DLException e) {
            throw e;
        } catch (Exception e) {
            throw ZkErrors.map(e, "check log " + log);
        }
    }

    private void requireLock(String lockPath, long lockSession, String log, String name) throws DLException {
        if (lockPath == null) {
            return;
        }
        try {
            Stat stat = zk.checkExists().forPath(lockPath);
            if (stat == null || stat.getEphemeralOwner() != lockSession) {
                requireLog(log);
                throw new LockingException("subscription " + name + " of log " + log + ": this reader no longer "
                        + "holds its read lock (session expired, lock deleted or taken over); the commit was not "
                        + "applied");
            }
        } catch (DLException e) {
            throw e;
        } catch (Exception e) {
            throw ZkErrors.map(e, "check read lock of " + name + " of " + log);
        }
    }

    private void requireGuard(IncarnationGuard guard) throws DLException {
        IncarnationGuard.check(zk, guard, "this subscription's position was read; the commit was not applied");
    }

    private static Optional<DLSN> decode(byte[] data, String path) throws DLException {
        Map<String, String> f = ZnodeFormat.decode(data, path);
        String dlsn = f.get("dlsn");
        if (dlsn == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(DLSN.parse(dlsn));
        } catch (IllegalArgumentException | DLException e) {
            throw new DLException(StatusCode.METADATA_EXCEPTION, "znode " + path + " has a bad dlsn: " + dlsn, e);
        }
    }
}
