package io.dlog.core.internal.metadata;

import io.dlog.protocol.DLException;
import io.dlog.protocol.LogExistsException;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.WriteFencedException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;
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
    /** Znodes deleted per guarded transaction, well under {@code jute.maxbuffer}. */
    private static final int DELETE_BATCH = 200;

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
        return readNewestSegments(log, watcher, s -> false);
    }

    /**
     * Reads a log's newest segments: from the last back to the first one for which {@code enough} holds
     * (included), or all of them if none does. A writer taking over needs only the tail of a log that may have
     * thousands of segments; reading every segment znode made each open cost one ZooKeeper read per segment.
     *
     * @param log the log
     * @param enough whether the segments read so far reach back far enough, given the oldest of them
     * @return the segments read, oldest first, with their znode versions
     */
    public List<Versioned<LogSegmentMetadata>> readNewestSegments(String log, Predicate<LogSegmentMetadata> enough)
            throws DLException {
        return readNewestSegments(log, null, enough);
    }

    private List<Versioned<LogSegmentMetadata>> readNewestSegments(String log, Watcher watcher,
            Predicate<LogSegmentMetadata> enough) throws DLException {
        String dir = paths.segments(log);
        try {
            List<String> sorted = new ArrayList<>(watcher == null ? zk.getChildren().forPath(dir)
                    : zk.getChildren().usingWatcher(watcher).forPath(dir));
            sorted.sort(Comparator.reverseOrder());
            List<Versioned<LogSegmentMetadata>> out = new ArrayList<>();
            for (String child : sorted) {
                Versioned<LogSegmentMetadata> seg = readSegmentOrNull(dir + "/" + child);
                if (seg != null) {
                    out.add(seg);
                    if (enough.test(seg.value())) {
                        break;
                    }
                }
            }
            Collections.reverse(out);
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

    /**
     * Completes a segment, raises the max txid and marks the log sealed, in one transaction: a crash or session
     * loss leaves either all of it or none of it (never a completed end-of-stream segment on an unsealed log).
     *
     * @param log the log
     * @param completed the completed last segment
     * @param segVersion the in-progress znode's version
     * @param maxTxId the new max txid
     * @param sealed the log znode's new value (sealed)
     * @param logVersion the owner's log-znode version
     * @return the log znode's new version
     */
    public int completeSegmentAndSeal(String log, LogSegmentMetadata completed, int segVersion, long maxTxId,
            LogInfo sealed, int logVersion) throws DLException {
        List<CuratorOp> ops = new ArrayList<>();
        try {
            ops.add(zk.transactionOp().setData().withVersion(logVersion).forPath(paths.log(log),
                    SegmentCodec.encode(sealed)));
            ops.add(zk.transactionOp().setData().withVersion(segVersion)
                    .forPath(paths.segment(log, completed.sequenceNumber()), SegmentCodec.encode(completed)));
            ops.add(zk.transactionOp().setData().forPath(paths.maxTxId(log), SegmentCodec.encodeMaxTxId(maxTxId)));
        } catch (Exception e) {
            throw ZkErrors.map(e, "prepare sealing of " + log);
        }
        transact(log, "seal at segment " + completed.sequenceNumber(), ops.toArray(new CuratorOp[0]));
        return logVersion + 1;
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

    /**
     * Deletes all znodes of the incarnation of a log a guard was taken on: the segment znodes in guarded batches,
     * then the rest with the log znode (and the guard) in one guarded transaction.
     *
     * @param log the log
     * @param guard the guard taken before the deletion was planned
     * @throws LogNotFoundException if the guard is gone (the log was deleted, perhaps re-created, meanwhile)
     */
    public void deleteLogMetadata(String log, IncarnationGuard guard) throws DLException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                deleteChildren(paths.segments(log), guard);
                deleteChildren(paths.log(log) + "/subscriptions", guard); // the log's durable subscriptions
                List<CuratorOp> ops = new ArrayList<>();
                for (String child : zk.getChildren().forPath(paths.log(log))) {
                    if (!(paths.log(log) + "/" + child).equals(guard.path())) {
                        ops.add(zk.transactionOp().delete().forPath(paths.log(log) + "/" + child));
                    }
                }
                ops.add(zk.transactionOp().delete().forPath(guard.path()));
                ops.add(zk.transactionOp().delete().forPath(paths.log(log)));
                zk.transaction().forOperations(ops);
                return;
            } catch (KeeperException.NoNodeException | KeeperException.NotEmptyException e) {
                checkGuard(guard); // a znode came or went concurrently (a writer's lock, a reader): again
            } catch (Exception e) {
                throw ZkErrors.map(e, "delete log " + log);
            }
        }
        throw new DLException(StatusCode.METADATA_EXCEPTION, "deletion of log " + log + " kept racing with "
                + "concurrent metadata changes; try again");
    }

    /** Deletes the children of a directory znode in guarded batches; a directory that does not exist is skipped. */
    private void deleteChildren(String dir, IncarnationGuard guard) throws Exception {
        List<String> children;
        try {
            children = zk.getChildren().forPath(dir);
        } catch (KeeperException.NoNodeException e) {
            return;
        }
        for (int from = 0; from < children.size(); from += DELETE_BATCH) {
            List<CuratorOp> ops = new ArrayList<>();
            for (String child : children.subList(from, Math.min(children.size(), from + DELETE_BATCH))) {
                ops.add(zk.transactionOp().delete().forPath(dir + "/" + child));
            }
            guarded(ops, guard);
            zk.transaction().forOperations(ops);
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
    // ---- truncation, retention and audit (issue 5). None of these touch the log znode, whose version is the
    // writer's fencing token; segment znodes are changed with their own versions only.

    private String retentionPath(String log) {
        return paths.log(log) + "/retention";
    }

    private String truncationPath(String log) {
        return paths.log(log) + "/truncation";
    }

    /**
     * Reads a log's retention override, {@code <ns>/<log>/retention}.
     *
     * @return its {@code key=value} fields (without {@code format}), or null if the log has none
     */
    public Map<String, String> readRetentionOverride(String log) throws DLException {
        String path = retentionPath(log);
        try {
            Map<String, String> f = new LinkedHashMap<>(ZnodeFormat.decode(zk.getData().forPath(path), path));
            f.remove("format");
            return f;
        } catch (KeeperException.NoNodeException e) {
            return null;
        } catch (DLException e) {
            throw e;
        } catch (Exception e) {
            throw ZkErrors.map(e, "read retention override of " + log);
        }
    }

    /**
     * Creates or replaces a log's retention override.
     *
     * @param log the log, which must exist (LOG_NOT_FOUND)
     * @param fields the {@code key=value} fields
     */
    public void writeRetentionOverride(String log, Map<String, Object> fields) throws DLException {
        String path = retentionPath(log);
        byte[] data = ZnodeFormat.encode(fields);
        try {
            try {
                zk.setData().forPath(path, data);
            } catch (KeeperException.NoNodeException e) {
                zk.create().forPath(path, data);
            }
        } catch (KeeperException.NoNodeException e) {
            throw new LogNotFoundException("log " + log + " does not exist");
        } catch (KeeperException.NodeExistsException e) {
            writeRetentionOverride(log, fields); // created concurrently: overwrite it
        } catch (Exception e) {
            throw ZkErrors.map(e, "write retention override of " + log);
        }
    }

    /** Deletes a log's retention override; idempotent. */
    public void deleteRetentionOverride(String log) throws DLException {
        try {
            zk.delete().forPath(retentionPath(log));
        } catch (KeeperException.NoNodeException e) {
            // none: nothing to do
        } catch (Exception e) {
            throw ZkErrors.map(e, "delete retention override of " + log);
        }
    }

    /**
     * Reads the truncation point recorded in {@code <ns>/<log>/truncation}.
     *
     * @return the point with its znode version, or null if the log was never truncated by position
     */
    public Versioned<DLSN> readTruncationPoint(String log) throws DLException {
        String path = truncationPath(log);
        try {
            Stat stat = new Stat();
            byte[] data = zk.getData().storingStatIn(stat).forPath(path);
            Map<String, String> f = ZnodeFormat.decode(data, path);
            return new Versioned<>(DLSN.parse(f.get("dlsn")), stat.getVersion());
        } catch (KeeperException.NoNodeException e) {
            return null;
        } catch (DLException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new DLException(StatusCode.METADATA_EXCEPTION, "znode " + path + " is malformed: " + e.getMessage(),
                    e);
        } catch (Exception e) {
            throw ZkErrors.map(e, "read truncation point of " + log);
        }
    }

    /**
     * Raises the recorded truncation point to {@code point} (never lowers it), with compare-and-set.
     *
     * @return the recorded point afterwards (the larger of the old one and {@code point})
     */
    public DLSN raiseTruncationPoint(String log, DLSN point) throws DLException {
        return raiseTruncationPoint(log, point, null);
    }

    /**
     * As {@link #raiseTruncationPoint(String, DLSN)}, in the incarnation of the log a guard was taken on.
     *
     * @param guard the guard taken before the point was validated, or null for no incarnation check
     * @return the recorded point afterwards
     * @throws LogNotFoundException if the log does not exist or the guard is gone
     */
    public DLSN raiseTruncationPoint(String log, DLSN point, IncarnationGuard guard) throws DLException {
        String path = truncationPath(log);
        byte[] data = ZnodeFormat.encode(Map.of("dlsn", point));
        while (true) {
            Versioned<DLSN> cur = readTruncationPoint(log);
            if (cur != null && cur.value().compareTo(point) >= 0) {
                checkGuard(guard);
                return cur.value();
            }
            try {
                List<CuratorOp> ops = new ArrayList<>();
                ops.add(cur == null ? zk.transactionOp().create().forPath(path, data)
                        : zk.transactionOp().setData().withVersion(cur.version()).forPath(path, data));
                guarded(ops, guard);
                zk.transaction().forOperations(ops);
                return point;
            } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException e) {
                checkGuard(guard); // raced with another truncation: read again
            } catch (KeeperException.NoNodeException e) {
                checkGuard(guard);
                if (cur != null) {
                    continue;
                }
                throw new LogNotFoundException("log " + log + " does not exist");
            } catch (Exception e) {
                throw ZkErrors.map(e, "record truncation point of " + log);
            }
        }
    }

    /**
     * Marks segments TRUNCATED and optionally rewrites one more segment (the one holding a truncation point), in
     * one transaction where every znode is checked against the version it was read at. The log znode is not
     * touched, so a writer is not fenced.
     *
     * @param log the log
     * @param release the segments to mark, with the versions they were read at
     * @param holder the new value of the segment holding the truncation point with the version it was read at,
     *     or null
     * @return false if any of the znodes changed or vanished since it was read (nothing was changed)
     */
    public boolean markTruncated(String log, List<Versioned<LogSegmentMetadata>> release,
            Versioned<LogSegmentMetadata> holder) throws DLException {
        return markTruncated(log, release, holder, null);
    }

    /**
     * As {@link #markTruncated(String, List, Versioned)}, in the incarnation of the log a guard was taken on.
     *
     * @param guard the guard taken before the segments were read, or null for no incarnation check
     * @return false if any of the znodes changed or vanished since it was read (nothing was changed)
     * @throws LogNotFoundException if the guard is gone: the log was deleted (and perhaps re-created) since
     */
    public boolean markTruncated(String log, List<Versioned<LogSegmentMetadata>> release,
            Versioned<LogSegmentMetadata> holder, IncarnationGuard guard) throws DLException {
        List<CuratorOp> ops = new ArrayList<>();
        try {
            for (Versioned<LogSegmentMetadata> v : release) {
                LogSegmentMetadata marked = v.value().withState(SegmentState.TRUNCATED);
                ops.add(zk.transactionOp().setData().withVersion(v.version())
                        .forPath(paths.segment(log, marked.sequenceNumber()), SegmentCodec.encode(marked)));
            }
            if (holder != null) {
                ops.add(zk.transactionOp().setData().withVersion(holder.version())
                        .forPath(paths.segment(log, holder.value().sequenceNumber()),
                                SegmentCodec.encode(holder.value())));
            }
            if (ops.isEmpty()) {
                return true;
            }
            guarded(ops, guard);
            zk.transaction().forOperations(ops);
            return true;
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
            checkGuard(guard);
            return false;
        } catch (Exception e) {
            throw ZkErrors.map(e, "mark segments truncated of " + log);
        }
    }

    /**
     * Deletes one segment znode if its version is still the given one (no owner check: used for TRUNCATED
     * segments only, which no writer touches).
     *
     * @return false if it changed or is already gone
     */
    public boolean deleteTruncatedSegment(String log, long seq, int segVersion) throws DLException {
        return deleteTruncatedSegment(log, seq, segVersion, null);
    }

    /**
     * As {@link #deleteTruncatedSegment(String, long, int)}, in the incarnation of the log a guard was taken on.
     *
     * @param guard the guard taken before the segment was read, or null for no incarnation check
     * @return false if it changed or is already gone
     * @throws LogNotFoundException if the guard is gone
     */
    public boolean deleteTruncatedSegment(String log, long seq, int segVersion, IncarnationGuard guard)
            throws DLException {
        try {
            List<CuratorOp> ops = new ArrayList<>();
            ops.add(zk.transactionOp().delete().withVersion(segVersion).forPath(paths.segment(log, seq)));
            guarded(ops, guard);
            zk.transaction().forOperations(ops);
            return true;
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
            checkGuard(guard);
            return false;
        } catch (Exception e) {
            throw ZkErrors.map(e, "delete truncated segment " + seq + " of " + log);
        }
    }

    // ---- incarnation guards (issue 11 item 6): see IncarnationGuard.

    /**
     * Takes a guard on the current incarnation of a log; take it before reading what the change is planned from.
     *
     * @param log the log
     * @return the guard; drop it with {@link #dropGuard}
     * @throws LogNotFoundException if the log does not exist
     */
    public IncarnationGuard guard(String log) throws DLException {
        String path = paths.log(log) + "/.guard-" + UUID.randomUUID();
        try {
            zk.create().withMode(CreateMode.EPHEMERAL).forPath(path, new byte[0]);
            return new IncarnationGuard(log, path);
        } catch (KeeperException.NoNodeException e) {
            throw new LogNotFoundException("log " + log + " does not exist");
        } catch (KeeperException.NodeExistsException e) {
            return ownGuard(log, path, e);
        } catch (Exception e) {
            throw ZkErrors.map(e, "guard log " + log);
        }
    }

    /**
     * The guard's path is new, so it exists only if this client's create did succeed and its reply was lost (the
     * connection dropped, and Curator's retry met the znode). It is the guard if this session owns it; a session
     * that expired in between took its znode with it, and the retry would have created it anew.
     */
    private IncarnationGuard ownGuard(String log, String path, KeeperException.NodeExistsException e)
            throws DLException {
        try {
            Stat stat = zk.checkExists().forPath(path);
            if (stat != null && stat.getEphemeralOwner() == zk.getZookeeperClient().getZooKeeper().getSessionId()) {
                return new IncarnationGuard(log, path);
            }
        } catch (Exception checking) {
            e.addSuppressed(checking);
        }
        throw ZkErrors.map(e, "guard log " + log);
    }

    /** Deletes a guard; never fails (a guard left behind goes with the session). */
    public void dropGuard(IncarnationGuard guard) {
        if (guard == null) {
            return;
        }
        try {
            zk.delete().forPath(guard.path());
        } catch (Exception e) {
            // Gone with the log, or the session will take it.
        }
    }

    /**
     * Fails if a guard's log incarnation has ended (the guard znode is gone).
     *
     * @param guard the guard, or null (no check)
     * @throws LogNotFoundException if the log was deleted (and perhaps re-created) since the guard was taken
     */
    public void checkGuard(IncarnationGuard guard) throws DLException {
        IncarnationGuard.check(zk, guard, "this change was planned; nothing was changed");
    }

    private void guarded(List<CuratorOp> ops, IncarnationGuard guard) throws Exception {
        if (guard != null) {
            ops.add(0, zk.transactionOp().check().withVersion(0).forPath(guard.path()));
        }
    }

    /**
     * Returns when ZooKeeper last changed a segment znode, on the ZooKeeper leader's clock (not a writer's).
     *
     * @return the znode's mtime in epoch milliseconds, or -1 if it is gone
     */
    public long segmentModifiedMillis(String log, long seq) throws DLException {
        try {
            Stat stat = zk.checkExists().forPath(paths.segment(log, seq));
            return stat == null ? -1 : stat.getMtime();
        } catch (Exception e) {
            throw ZkErrors.map(e, "stat segment " + seq + " of " + log);
        }
    }

    /**
     * Bumps a log's epoch so that a writer that still believes it owns the log fails its next metadata
     * transaction with WRITE_FENCED. Only for a forced delete, which is meant to fence that writer.
     */
    public void fenceWriterForDeletion(String log) throws DLException {
        Versioned<LogInfo> cur = readLog(log);
        LogInfo info = cur.value();
        writeLog(log, new LogInfo(info.createdAtMillis(), info.sealed(), info.epoch() + 1), cur.version());
    }
}
