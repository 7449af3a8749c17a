package io.dlog.core.internal.read;

import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.protocol.DLException;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.LogSegmentMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a reader's view of its log's metadata current through ZooKeeper watches, never by polling: a child watch
 * on {@code <log>/segments} (a segment created, deleted, or a roll, which completes one segment and creates the
 * next in one transaction) and a data watch on the in-progress segment being read (completed without a
 * successor at close or seal). Every watch event, and every {@link #refresh()} the reader asks for, re-reads the
 * metadata on the metadata executor and hands a {@link MetadataSnapshot} to the consumer on the log executor.
 * Refreshes are coalesced: at most one read is in flight, and events during it cause one more.
 *
 * <p>Threading: all methods but the watcher run on the log executor; the watcher (ZooKeeper event thread) only
 * hops onto it. After {@link #close()} events are ignored.
 */
final class SegmentMetadataWatch {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentMetadataWatch.class);
    private static final long ERROR_RETRY_MS = 500;

    private final LogContext ctx;
    private final Consumer<MetadataSnapshot> consumer;
    private final Watcher watcher = this::onEvent;
    private volatile boolean closed;
    private boolean loading;
    private boolean again;
    private long loads;
    private long watchedSeq = -1;

    SegmentMetadataWatch(LogContext ctx, Consumer<MetadataSnapshot> consumer) {
        this.ctx = ctx;
        this.consumer = consumer;
    }

    /**
     * Sets the in-progress segment whose data to watch (-1 for none); a new segment is read at once, which sets
     * the watch and catches a completion that happened before it.
     */
    void watchSegment(long seq) {
        if (seq != watchedSeq) {
            watchedSeq = seq;
            if (seq > 0) {
                refresh();
            }
        }
    }

    /**
     * Re-reads the metadata (coalesced with a read in flight).
     *
     * @return the {@link MetadataSnapshot#loadId()} of the first snapshot that is read after this call
     */
    long refresh() {
        if (closed) {
            return Long.MAX_VALUE;
        }
        if (loading) {
            again = true;
            return loads + 1;
        }
        loading = true;
        long seq = watchedSeq;
        long id = ++loads;
        CompletableFuture.supplyAsync(() -> load(seq, id), ctx.metadataExecutor())
                .whenCompleteAsync(this::loaded, ctx.executor());
        return id;
    }

    /** Stops watching: later events and reads in flight are ignored. */
    void close() {
        closed = true;
    }

    private void onEvent(WatchedEvent event) {
        if (closed) {
            return;
        }
        try {
            ctx.executor().execute(this::refresh);
        } catch (RejectedExecutionException e) {
            closed = true; // the namespace is closing
        }
    }

    private MetadataSnapshot load(long seq, long id) {
        try {
            LogInfo info = ctx.store().readLog(ctx.log()).value();
            List<Versioned<LogSegmentMetadata>> listed = ctx.store().readSegments(ctx.log(), watcher);
            List<LogSegmentMetadata> segs = new ArrayList<>(listed.size());
            listed.forEach(v -> segs.add(v.value()));
            if (seq > 0) {
                Versioned<LogSegmentMetadata> cur = ctx.store().readSegment(ctx.log(), seq, watcher);
                // The data read is newer than the listing: use it for that segment.
                segs.removeIf(s -> s.sequenceNumber() == seq);
                if (cur != null) {
                    segs.add(cur.value());
                    segs.sort((a, b) -> Long.compare(a.sequenceNumber(), b.sequenceNumber()));
                }
            }
            return new MetadataSnapshot(true, info.sealed(), List.copyOf(segs), id);
        } catch (LogNotFoundException e) {
            return new MetadataSnapshot(false, false, List.of(), id);
        } catch (DLException e) {
            throw new CompletionException(e);
        }
    }

    private void loaded(MetadataSnapshot snapshot, Throwable t) {
        loading = false;
        if (closed) {
            return;
        }
        if (t != null) {
            LOG.warn("reader metadata read failed, retrying log={} retryMs={} reason={}", ctx.fullName(),
                    ERROR_RETRY_MS, t.getMessage());
            again = false;
            schedule(ERROR_RETRY_MS);
            return;
        }
        consumer.accept(snapshot);
        if (again && !closed) {
            again = false;
            refresh();
        }
    }

    private void schedule(long delayMs) {
        try {
            ctx.executor().schedule(this::refresh, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            closed = true;
        }
    }
}
