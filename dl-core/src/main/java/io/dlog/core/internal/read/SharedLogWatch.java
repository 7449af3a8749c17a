package io.dlog.core.internal.read;

import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.metadata.LogMetadataStore;
import io.dlog.core.internal.metadata.SegmentCodec;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.core.internal.metadata.ZkErrors;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.LogSegmentMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One view of a log's metadata per namespace, kept current by ZooKeeper watches and shared by every reader of the
 * log in that namespace (usable by writers too), so that a roll costs a few ZooKeeper reads whatever the number
 * of readers and segments: a child watch on {@code <log>/segments} (a segment created or deleted) re-reads the
 * list and only the segments not seen before; a data watch on every segment read (completed, marked TRUNCATED,
 * truncation point recorded) re-reads only that segment; a data watch on the log znode (sealed, or a new writer's
 * epoch) re-reads only it. A {@link #refresh()} re-reads
 * everything (readers ask for it after a failure). Every read hands one immutable {@link MetadataSnapshot} to all
 * subscribers. Loads are coalesced: one in flight, and what changes meanwhile is loaded next.
 *
 * <p>Threading: the state and the subscribers are confined to the log's executor (every reader of a log runs on
 * it); loads run on the metadata executor; watchers (ZooKeeper event thread) only hop onto the log executor.
 */
final class SharedLogWatch {
    private static final Logger LOG = LoggerFactory.getLogger(SharedLogWatch.class);
    private static final long ERROR_RETRY_MS = 500;
    private static final Map<Key, SharedLogWatch> WATCHES = new ConcurrentHashMap<>();

    private record Key(LogMetadataStore store, String log) {
    }

    /** What the next load must read. */
    private record Work(boolean full, boolean children, boolean log, Set<Long> segments) {
    }

    private record Loaded(MetadataSnapshot snapshot, TreeMap<Long, LogSegmentMetadata> segments) {
    }

    private final LogContext ctx;
    private final Key key;
    private final List<Consumer<MetadataSnapshot>> subscribers = new ArrayList<>();
    private final Watcher childWatcher = e -> onEvent(e, -1);
    private final Watcher logWatcher = e -> onEvent(e, -2);
    private final Watcher dataWatcher = this::onDataEvent;
    private TreeMap<Long, LogSegmentMetadata> cached = new TreeMap<>();
    private MetadataSnapshot latest;
    private boolean loading;
    private boolean full = true;
    private boolean children;
    private boolean logChanged;
    private Set<Long> dirty = new HashSet<>();
    private long loads;
    private volatile boolean closed;

    private SharedLogWatch(LogContext ctx, Key key) {
        this.ctx = ctx;
        this.key = key;
    }

    /**
     * Subscribes to a log's metadata; the subscriber gets the current snapshot soon (never during this call), then
     * every new one. Runs on the log executor.
     *
     * @param ctx the log
     * @param subscriber called on the log executor with each snapshot
     * @return the shared watch (call {@link #unsubscribe} when done)
     */
    static SharedLogWatch subscribe(LogContext ctx, Consumer<MetadataSnapshot> subscriber) {
        Key key = new Key(ctx.store(), ctx.log());
        SharedLogWatch w = WATCHES.get(key);
        if (w == null) {
            // Watches of namespaces closed with readers still open were never unsubscribed: drop them.
            WATCHES.values().removeIf(old -> old.ctx.executor().isShutdown());
            w = WATCHES.computeIfAbsent(key, k -> new SharedLogWatch(ctx, k));
        }
        w.subscribers.add(subscriber);
        if (w.latest != null) {
            w.deliverLater(subscriber);
        } else {
            w.startLoad();
        }
        return w;
    }

    /**
     * How many readers of a log in a namespace are open: each subscribes once. Runs on the log executor.
     *
     * @param ctx the log
     * @return the number of subscribers of its shared watch, 0 if it has none
     */
    static int readersOf(LogContext ctx) {
        SharedLogWatch w = WATCHES.get(new Key(ctx.store(), ctx.log()));
        return w == null ? 0 : w.subscribers.size();
    }

    /** Removes a subscriber; the last one stops the watch. Runs on the log executor. */
    void unsubscribe(Consumer<MetadataSnapshot> subscriber) {
        subscribers.remove(subscriber);
        if (subscribers.isEmpty() && !closed) {
            closed = true;
            WATCHES.remove(key, this);
        }
    }

    /** Hands the latest snapshot again to one subscriber, soon (not during this call). */
    void redeliver(Consumer<MetadataSnapshot> subscriber) {
        if (latest != null) {
            deliverLater(subscriber);
        }
    }

    /**
     * Re-reads all of the log's metadata.
     *
     * @return the {@link MetadataSnapshot#loadId()} of the first snapshot read after this call
     */
    long refresh() {
        full = true;
        return startLoad();
    }

    private void deliverLater(Consumer<MetadataSnapshot> subscriber) {
        try {
            ctx.executor().execute(() -> {
                if (!closed && subscribers.contains(subscriber)) {
                    subscriber.accept(latest);
                }
            });
        } catch (RejectedExecutionException e) {
            closed = true; // the namespace is closing
        }
    }

    private void onDataEvent(WatchedEvent event) {
        String path = event.getPath();
        long seq = -1;
        if (event.getType() != Watcher.Event.EventType.None && path != null) {
            try {
                seq = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
            } catch (NumberFormatException e) {
                seq = -1;
            }
        }
        onEvent(event, seq);
    }

    private void onEvent(WatchedEvent event, long seq) {
        if (closed) {
            return;
        }
        try {
            ctx.executor().execute(() -> changed(event, seq));
        } catch (RejectedExecutionException e) {
            closed = true; // the namespace is closing
        }
    }

    private void changed(WatchedEvent event, long seq) {
        if (closed) {
            return;
        }
        if (event.getType() == Watcher.Event.EventType.None) {
            if (event.getState() == Watcher.Event.KeeperState.Disconnected) {
                return; // the client reconnects and resets its watches; an expiry reloads everything
            }
            full = true;
        } else if (seq == -2) {
            logChanged = true;
        } else if (seq >= 0 && event.getType() != Watcher.Event.EventType.NodeChildrenChanged) {
            dirty.add(seq);
        } else {
            children = true;
        }
        startLoad();
    }

    private long startLoad() {
        if (closed) {
            return Long.MAX_VALUE;
        }
        if (loading) {
            return loads + 1;
        }
        if (!full && !children && !logChanged && dirty.isEmpty()) {
            return loads + 1;
        }
        loading = true;
        Work work = new Work(full, children, logChanged, dirty);
        full = false;
        children = false;
        logChanged = false;
        dirty = new HashSet<>();
        long id = ++loads;
        TreeMap<Long, LogSegmentMetadata> base = cached;
        boolean wasSealed = latest != null && latest.sealed();
        try {
            CompletableFuture.supplyAsync(() -> load(work, base, wasSealed, id), ctx.metadataExecutor())
                    .whenCompleteAsync((l, t) -> loaded(work, l, t), ctx.executor());
        } catch (RejectedExecutionException e) {
            closed = true;
        }
        return id;
    }

    private Loaded load(Work work, TreeMap<Long, LogSegmentMetadata> base, boolean wasSealed, long id) {
        LogMetadataStore store = ctx.store();
        String log = ctx.log();
        try {
            boolean sealed = wasSealed;
            TreeMap<Long, LogSegmentMetadata> segs = new TreeMap<>(base);
            if (work.full() || work.log()) {
                sealed = readSealed(store, log);
            }
            if (work.full() || work.children()) {
                List<Long> listed = listSegments(store, log);
                segs.keySet().retainAll(new HashSet<>(listed));
                for (long seq : listed) {
                    if (work.full() || !segs.containsKey(seq)) {
                        readInto(store, log, seq, segs);
                    }
                }
            }
            for (long seq : work.segments()) {
                if (!work.full()) {
                    readInto(store, log, seq, segs);
                }
            }
            return new Loaded(new MetadataSnapshot(true, sealed, List.copyOf(segs.values()), id), segs);
        } catch (LogNotFoundException e) {
            return new Loaded(new MetadataSnapshot(false, false, List.of(), id), new TreeMap<>());
        } catch (DLException e) {
            throw new CompletionException(e);
        }
    }

    /** Reads whether the log is sealed, and watches the log znode (sealing writes it). */
    private boolean readSealed(LogMetadataStore store, String log) throws DLException {
        String path = store.paths().log(log);
        try {
            return SegmentCodec.decodeLog(store.curator().getData().usingWatcher(logWatcher).forPath(path), path)
                    .sealed();
        } catch (KeeperException.NoNodeException e) {
            throw new LogNotFoundException("log " + log + " does not exist");
        } catch (DLException e) {
            throw e;
        } catch (Exception e) {
            throw ZkErrors.map(e, "read log " + log);
        }
    }

    private List<Long> listSegments(LogMetadataStore store, String log) throws DLException {
        String dir = store.paths().segments(log);
        try {
            List<Long> seqs = new ArrayList<>();
            for (String child : store.curator().getChildren().usingWatcher(childWatcher).forPath(dir)) {
                try {
                    seqs.add(Long.parseLong(child));
                } catch (NumberFormatException e) {
                    LOG.warn("ignoring an unexpected znode under {}: {}", dir, child);
                }
            }
            return seqs;
        } catch (KeeperException.NoNodeException e) {
            throw new LogNotFoundException("log " + log + " does not exist");
        } catch (Exception e) {
            throw ZkErrors.map(e, "list segments of " + log);
        }
    }

    private void readInto(LogMetadataStore store, String log, long seq, TreeMap<Long, LogSegmentMetadata> segs)
            throws DLException {
        Versioned<LogSegmentMetadata> v = store.readSegment(log, seq, dataWatcher);
        if (v == null) {
            segs.remove(seq); // deleted meanwhile: the child watch reports it too
        } else {
            segs.put(seq, v.value());
        }
    }

    private void loaded(Work work, Loaded l, Throwable t) {
        loading = false;
        if (closed) {
            return;
        }
        if (t != null) {
            LOG.warn("reader metadata read failed, retrying log={} retryMs={} reason={}", ctx.fullName(),
                    ERROR_RETRY_MS, t.getMessage());
            full |= work.full();
            children |= work.children();
            logChanged |= work.log();
            dirty.addAll(work.segments());
            try {
                ctx.executor().schedule(this::startLoad, ERROR_RETRY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                closed = true;
            }
            return;
        }
        cached = l.segments();
        latest = l.snapshot();
        for (Consumer<MetadataSnapshot> s : List.copyOf(subscribers)) {
            if (closed) {
                break;
            }
            s.accept(latest);
        }
        startLoad();
    }
}
