package io.dlog.proxy.read.internal.feed;

import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.InvalidArgumentException;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.OpenReader;
import io.dlog.protocol.wire.ReadPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streams being read through this proxy, one {@link StreamFeed} each, made on a stream's first reader and
 * dropped with its last. Entry point of the connection handlers: open, credit, close. Nothing here blocks; the
 * work runs on the feed executor. Thread-safe.
 */
public final class FeedTable {
    private final Namespace ns;
    private final FeedContext ctx;
    private final int maxReaders;
    private final AtomicInteger readers = new AtomicInteger();
    private final Map<String, StreamFeed> feeds = new HashMap<>();
    private boolean closed;

    /**
     * @param ns the namespace the streams are read from
     * @param ctx what the feeds share
     * @param maxReaders the most readers at once
     */
    public FeedTable(Namespace ns, FeedContext ctx, int maxReaders) {
        this.ns = ns;
        this.ctx = ctx;
        this.maxReaders = maxReaders;
    }

    /** Returns the streams with a feed. */
    public synchronized int streams() {
        return feeds.size();
    }

    /** Returns the payload bytes held in every stream's cache. */
    public long cacheBytes() {
        List<StreamFeed> all;
        synchronized (this) {
            all = new ArrayList<>(feeds.values());
        }
        long n = 0;
        for (StreamFeed f : all) {
            n += f.cacheBytes();
        }
        return n;
    }

    /**
     * Opens a reader: checks the log and the position, then attaches the subscriber to its stream's feed. The
     * outcome reaches the client through the subscriber's sink (opened, or ended with the reason).
     *
     * @param s the subscriber
     * @param req the request
     */
    public void open(Subscriber s, OpenReader req) {
        if (readers.incrementAndGet() > maxReaders) {
            readers.decrementAndGet();
            refuse(s, new DLException(StatusCode.OVER_CAPACITY, "this read proxy serves " + maxReaders
                    + " readers (read.proxy.max.readers); retry later or elsewhere"));
            return;
        }
        LogManager probe;
        try {
            probe = ns.openLog(req.stream());
        } catch (DLException e) {
            readers.decrementAndGet();
            refuse(s, e);
            return;
        }
        CompletableFuture<DLSN> started = req.subscription().isEmpty() ? StartPositions.resolve(probe, req)
                : subscribe(s, probe, req);
        started.whenCompleteAsync((start, t) -> {
            probe.close();
            if (t != null) {
                readers.decrementAndGet();
                refuse(s, Futures.toDLException(t));
            } else {
                if (StartPositions.resolvedByProxy(req)) {
                    s.reportStart = start; // the answer names it: a client reopening before a record keeps it
                }
                attach(s, req.stream(), start, req.txid());
            }
        }, ctx.executor());
    }

    /**
     * Takes the subscription's read lock for the subscriber (a lease: no BookKeeper reader of its own) and returns
     * where it starts: after the committed position ({@code FIRST}), or at the client's DLSN (a resume).
     */
    private CompletableFuture<DLSN> subscribe(Subscriber s, LogManager log, OpenReader req) {
        if (req.position() != ReadPosition.FIRST && req.position() != ReadPosition.DLSN) {
            return Futures.failed(new InvalidArgumentException("a subscription reader starts at FIRST (after the "
                    + "committed position) or at a DLSN, not at " + req.position()));
        }
        return log.subscriptions().acquire(req.subscription(), Duration.ZERO).thenCompose(lease -> {
            if (s.holdLease(lease, () -> ctx.metrics().subscription(-1))) {
                ctx.metrics().subscription(1);
            }
            return req.position() == ReadPosition.FIRST ? CompletableFuture.completedFuture(lease.start())
                    : StartPositions.resolve(log, req);
        });
    }

    private void attach(Subscriber s, String stream, DLSN start, long txid) {
        while (true) {
            StreamFeed feed;
            synchronized (this) {
                if (closed) {
                    readers.decrementAndGet();
                    refuse(s, new DLException(StatusCode.SERVICE_UNAVAILABLE, "read proxy is stopping"));
                    return;
                }
                feed = feeds.get(stream);
                if (feed == null) {
                    try {
                        feed = new StreamFeed(stream, ns.openLog(stream), ctx, this::dropped);
                    } catch (DLException e) {
                        readers.decrementAndGet();
                        refuse(s, e);
                        return;
                    }
                    feeds.put(stream, feed);
                }
            }
            s.onGone = readers::decrementAndGet;
            if (feed.attach(s, start, txid)) {
                return;
            }
            synchronized (this) {
                feeds.remove(stream, feed);
            }
        }
    }

    private void refuse(Subscriber s, DLException e) {
        s.releaseLease();
        ctx.metrics().ended(e.code());
        s.sink.ended(false, e);
    }

    private synchronized void dropped(StreamFeed feed) {
        feeds.remove(feed.stream(), feed);
    }

    /**
     * Grants a reader credit (on the feed executor).
     *
     * @param s the reader
     * @param records records added
     * @param bytes bytes added
     */
    public void credit(Subscriber s, int records, long bytes) {
        s.grant(records, bytes);
        ctx.executor().execute(() -> {
            StreamFeed f = s.feed;
            if (f != null) {
                f.credited(s);
            }
        });
    }

    /**
     * Ends a reader with a status (a bad credit grant), on the feed executor.
     *
     * @param s the reader
     * @param why the status pushed to the client
     */
    public void end(Subscriber s, DLException why) {
        ctx.executor().execute(() -> {
            StreamFeed f = s.feed;
            if (f != null) {
                f.end(s, why);
            }
        });
    }

    /**
     * Removes a reader without a word to the client (it closed the reader or the connection), on the feed executor.
     * A reader still opening is removed once attached.
     *
     * @param s the reader
     */
    public void close(Subscriber s) {
        ctx.executor().execute(() -> detach(s));
    }

    private void detach(Subscriber s) {
        StreamFeed f;
        synchronized (s) {
            f = s.feed;
            if (f == null) {
                s.closeRequested = true; // still opening: StreamFeed.attach drops it
                return;
            }
        }
        f.detach(s);
    }

    /** Ends readers that granted no credit for the timeout. */
    public void sweep() {
        List<StreamFeed> all;
        synchronized (this) {
            all = new ArrayList<>(feeds.values());
        }
        long now = ctx.clock().getAsLong();
        for (StreamFeed f : all) {
            f.sweep(now);
        }
    }

    /** Ends every reader with {@code why} and refuses new ones. */
    public void closeAll(DLException why) {
        List<StreamFeed> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(feeds.values());
            feeds.clear();
        }
        for (StreamFeed f : all) {
            f.closeAll(why);
        }
    }
}
