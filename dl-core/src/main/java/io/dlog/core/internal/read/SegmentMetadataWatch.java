package io.dlog.core.internal.read;

import io.dlog.core.internal.LogContext;
import java.util.function.Consumer;

/**
 * A reader's view of its log's metadata: a subscription to the log's {@link SharedLogWatch}, which every reader
 * of the log in the namespace shares, so a roll costs a few ZooKeeper reads however many readers there are. The
 * shared watch watches every segment it read (completion, truncation) and the segment list (rolls, deletions);
 * ZooKeeper is never polled.
 *
 * <p>Threading: all methods run on the log executor; the consumer is called on it. After {@link #close()} no
 * snapshot is handed over.
 */
final class SegmentMetadataWatch {
    private final LogContext ctx;
    private final Consumer<MetadataSnapshot> consumer;
    private final Consumer<MetadataSnapshot> subscriber = this::deliver;
    private SharedLogWatch shared;
    private boolean closed;
    private long watchedSeq = -1;

    SegmentMetadataWatch(LogContext ctx, Consumer<MetadataSnapshot> consumer) {
        this.ctx = ctx;
        this.consumer = consumer;
    }

    /** Subscribes; the first snapshot follows soon (never during this call). */
    void start() {
        if (shared == null && !closed) {
            shared = SharedLogWatch.subscribe(ctx, subscriber);
        }
    }

    /**
     * Sets the in-progress segment the reader waits at (-1 for none); for a new one the latest snapshot is handed
     * over again, so a completion the reader learnt of while it was opening the segment is not lost.
     */
    void watchSegment(long seq) {
        if (seq != watchedSeq) {
            watchedSeq = seq;
            if (seq > 0 && shared != null) {
                shared.redeliver(subscriber);
            }
        }
    }

    /**
     * Re-reads the log's metadata.
     *
     * @return the {@link MetadataSnapshot#loadId()} of the first snapshot read after this call
     */
    long refresh() {
        if (closed || shared == null) {
            return Long.MAX_VALUE;
        }
        return shared.refresh();
    }

    /** Stops: no snapshot is handed over from now on. */
    void close() {
        if (!closed) {
            closed = true;
            if (shared != null) {
                shared.unsubscribe(subscriber);
            }
        }
    }

    private void deliver(MetadataSnapshot snapshot) {
        if (!closed) {
            consumer.accept(snapshot);
        }
    }
}
