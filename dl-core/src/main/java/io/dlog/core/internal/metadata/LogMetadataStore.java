package io.dlog.core.internal.metadata;

import io.dlog.protocol.DLException;
import io.dlog.protocol.LogExistsException;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.WriteFencedException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;

/**
 * Reads and changes the metadata of a namespace's logs in ZooKeeper.
 *
 * <p>Every call blocks on ZooKeeper: call it from the namespace's metadata executor, never from a log executor,
 * a BookKeeper callback or a ZooKeeper event thread. Segment transitions are {@code multi} transactions that
 * also check the log znode's version, which every new owner bumps: a deposed writer's transition fails with
 * WRITE_FENCED and changes nothing. Thread-safe.
 */
public final class LogMetadataStore {
    private final CuratorFramework zk;
    private final LogPaths paths;
    private final Clock clock;

    /**
     * Makes a store.
     *
     * @param zk a started Curator client, borrowed
     * @param paths the namespace layout
     * @param clock stamps creation times
     */
    public LogMetadataStore(CuratorFramework zk, LogPaths paths, Clock clock) {
        this.zk = zk;
        this.paths = paths;
        this.clock = clock;
    }

    /** Returns the layout. */
    public LogPaths paths() {
        return paths;
    }

    /** Returns the Curator client. */
    public CuratorFramework curator() {
        return zk;
    }

    /** Creates a log's znodes in one transaction. */
    public void createLog(String log) throws DLException {
        try {
            zk.transaction().forOperations(
                    zk.transactionOp().create().forPath(paths.log(log),
                            SegmentCodec.encode(new LogInfo(clock.millis(), false, 0))),
                    zk.transactionOp().create().forPath(paths.segments(log), new byte[0]),
                    zk.transactionOp().create().forPath(paths.maxTxId(log), SegmentCodec.encodeMaxTxId(0)));
        } catch (KeeperException.NodeExistsException e) {
            throw new LogExistsException("log " + log + " already exists");
        } catch (Exception e) {
            throw ZkErrors.map(e, "create log " + log);
        }
    }

    /** Says whether a log's znode exists. */
    public boolean logExists(String log) throws DLException {
        try {
            return zk.checkExists().forPath(paths.log(log)) != null;
        } catch (Exception e) {
            throw ZkErrors.map(e, "check log " + log);
        }
    }

    /** Lists the logs of the namespace, sorted. */
    public List<String> listLogs() throws DLException {
        try {
            List<String> names = new ArrayList<>();
            for (String child : zk.getChildren().forPath(paths.namespacePath())) {
                if (!child.startsWith(".")) {
                    names.add(child);
                }
            }
            names.sort(Comparator.naturalOrder());
            return names;
        } catch (Exception e) {
            throw ZkErrors.map(e, "list logs of " + paths.namespacePath());
        }
    }

    /** Reads the log znode. */
    public Versioned<LogInfo> readLog(String log) throws DLException {
        try {
            Stat stat = new Stat();
            byte[] data = zk.getData().storingStatIn(stat).forPath(paths.log(log));
            return new Versioned<>(SegmentCodec.decodeLog(data, paths.log(log)), stat.getVersion());
        } catch (KeeperException.NoNodeException e) {
            throw new LogNotFoundException("log " + log + " does not exist");
        } catch (Exception e) {
            throw ZkErrors.map(e, "read log " + log);
        }
    }

    /**
     * Writes the log znode if its version is still the given one.
     *
     * @return the new version
     * @throws WriteFencedException if another owner changed it
     */
    public int writeLog(String log, LogInfo info, int expectedVersion) throws DLException {
        try {
            return zk.setData().withVersion(expectedVersion).forPath(paths.log(log), SegmentCodec.encode(info))
                    .getVersion();
        } catch (KeeperException.BadVersionException e) {
            throw new WriteFencedException("log " + log + " was taken over by another writer (epoch changed)");
        } catch (KeeperException.NoNodeException e) {
            throw new LogNotFoundException("log " + log + " does not exist");
        } catch (Exception e) {
            throw ZkErrors.map(e, "write log " + log);
        }
    }

    /**
     * Reads a log's segments, oldest first.
     *
     * @param log the log
     * @param watcher notified once when the segment list changes, or null
     * @return the segments with their znode versions
     */
    public List<Versioned<LogSegmentMetadata>> readSegments(String log, Watcher watcher) throws DLException {
        String dir = paths.segments(log);
        try {
            List<String> children = watcher == null ? zk.getChildren().forPath(dir)
                    : zk.getChildren().usingWatcher(watcher).forPath(dir);
            List<String> sorted = new ArrayList<>(children);
            sorted.sort(Comparator.naturalOrder());
            List<Versioned<LogSegmentMetadata>> out = new ArrayList<>(sorted.size());
            for (String child : sorted) {
                Versioned<LogSegmentMetadata> seg = readSegmentOrNull(dir + "/" + child);
                if (seg != null) {
                    out.add(seg);
                }
            }
            return out;
        } catch (KeeperException.NoNodeException e) {
            throw new LogNotFoundException("log " + log + " does not exist");
        } catch (Exception e) {
            throw ZkErrors.map(e, "read segments of " + log);
        }
    }

    /** Reads a log's segments without a watch. */
    public List<Versioned<LogSegmentMetadata>> readSegments(String log) throws DLException {
        return readSegments(log, null);
    }

    /**
     * Watches one segment znode's data (for a reader waiting at an in-progress segment).
     *
     * @return the segment, or null if it is gone
     */
    public Versioned<LogSegmentMetadata> readSegment(String log, long seq, Watcher watcher) throws DLException {
        String path = paths.segment(log, seq);
        try {
            Stat stat = new Stat();
            byte[] data = watcher == null ? zk.getData().storingStatIn(stat).forPath(path)
                    : zk.getData().storingStatIn(stat).usingWatcher(watcher).forPath(path);
            return new Versioned<>(SegmentCodec.decodeSegment(data, path), stat.getVersion());
        } catch (KeeperException.NoNodeException e) {
            return null;
        } catch (Exception e) {
            throw ZkErrors.map(e, "read segment " + path);
        }
    }

    private Versioned<LogSegmentMetadata> readSegmentOrNull(String path) throws Exception {
        try {
            Stat stat = new Stat();
            byte[] data = zk.getData().storingStatIn(stat).forPath(path);
            return new Versioned<>(SegmentCodec.decodeSegment(data, path), stat.getVersion());
        } catch (KeeperException.NoNodeException e) {
            return null; // deleted between the listing and the read: truncation or retention
        }
    }

    /** Reads the max txid and its version. */
    public Versioned<Long> readMaxTxId(String log) throws DLException {
        try {
            Stat stat = new Stat();
            byte[] data = zk.getData().storingStatIn(stat).forPath(paths.maxTxId(log));
            return new Versioned<>(SegmentCodec.decodeMaxTxId(data, paths.maxTxId(log)), stat.getVersion());
        } catch (KeeperException.NoNodeException e) {
            throw new LogNotFoundException("log " + log + " does not exist");
        } catch (Exception e) {
            throw ZkErrors.map(e, "read max txid of " + log);
        }
    }

    /**
     * Creates an in-progress segment if the log's epoch version is still ours.
     *
     * @return the new segment's znode version (0)
     */
    public int createSegment(String log, LogSegmentMetadata seg, int logVersion) throws DLException {
        transact(log, "create segment " + seg.sequenceNumber(), checkOwner(log, logVersion), createOp(log, seg));
        return 0;
    }

    /**
     * Completes a segment, raises the max txid and (optionally) creates the next segment, in one transaction.
     *
     * @param log the log
     * @param completed the completed segment
     * @param segVersion the in-progress znode's version
     * @param maxTxId the new max txid
     * @param next the next in-progress segment, or null
     * @param logVersion the owner's log-znode version
     */
    public void completeSegment(String log, LogSegmentMetadata completed, int segVersion, long maxTxId,
            LogSegmentMetadata next, int logVersion) throws DLException {
        List<CuratorOp> ops = new ArrayList<>();
        try {
            ops.add(checkOwner(log, logVersion));
            ops.add(zk.transactionOp().setData().withVersion(segVersion)
                    .forPath(paths.segment(log, completed.sequenceNumber()), SegmentCodec.encode(completed)));
            ops.add(zk.transactionOp().setData().forPath(paths.maxTxId(log), SegmentCodec.encodeMaxTxId(maxTxId)));
            if (next != null) {
                ops.add(createOp(log, next));
            }
        } catch (Exception e) {
            throw ZkErrors.map(e, "prepare completion of segment " + completed.sequenceNumber() + " of " + log);
        }
        transact(log, "complete segment " + completed.sequenceNumber(), ops.toArray(new CuratorOp[0]));
    }

    /** Deletes a segment znode if the log's epoch version is still ours (an empty segment of the owner). */
    public void deleteSegment(String log, long seq, int segVersion, int logVersion) throws DLException {
        CuratorOp delete;
        try {
            delete = zk.transactionOp().delete().withVersion(segVersion).forPath(paths.segment(log, seq));
        } catch (Exception e) {
            throw ZkErrors.map(e, "prepare deletion of segment " + seq + " of " + log);
        }
        transact(log, "delete segment " + seq, checkOwner(log, logVersion), delete);
    }

    private CuratorOp checkOwner(String log, int logVersion) throws DLException {
        try {
            return zk.transactionOp().check().withVersion(logVersion).forPath(paths.log(log));
        } catch (Exception e) {
            throw ZkErrors.map(e, "prepare owner check of " + log);
        }
    }

    /** Deletes all znodes of a log. */
    public void deleteLogMetadata(String log) throws DLException {
        try {
            zk.delete().deletingChildrenIfNeeded().forPath(paths.log(log));
        } catch (KeeperException.NoNodeException e) {
            throw new LogNotFoundException("log " + log + " does not exist");
        } catch (Exception e) {
            throw ZkErrors.map(e, "delete log " + log);
        }
    }

    private CuratorOp createOp(String log, LogSegmentMetadata seg) throws DLException {
        try {
            return zk.transactionOp().create().forPath(paths.segment(log, seg.sequenceNumber()),
                    SegmentCodec.encode(seg));
        } catch (Exception e) {
            throw ZkErrors.map(e, "prepare segment " + seg.sequenceNumber() + " of " + log);
        }
    }

    private void transact(String log, String what, CuratorOp... ops) throws DLException {
        try {
            zk.transaction().forOperations(ops);
        } catch (KeeperException.BadVersionException e) {
            throw new WriteFencedException(what + " of log " + log + " refused: the log was taken over by "
                    + "another writer or changed concurrently (" + e.getPath() + ")");
        } catch (KeeperException.NodeExistsException e) {
            throw new WriteFencedException(what + " of log " + log + " refused: the segment already exists ("
                    + e.getPath() + "), another writer created it");
        } catch (KeeperException.NoNodeException e) {
            throw new DLException(StatusCode.LOG_NOT_FOUND, what + " of log " + log + " failed: " + e.getPath()
                    + " does not exist");
        } catch (Exception e) {
            throw ZkErrors.map(e, what + " of log " + log);
        }
    }
}
