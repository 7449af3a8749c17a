package io.dlog.proxy.read.internal.feed;

import com.codahale.metrics.Counter;
import io.dlog.core.AsyncLogReader;
import io.dlog.core.LogManager;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.ReadRecords;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's fan-out: a shared core reader at the tail filling a bounded {@link RecordCache}, the subscribers
 * served from that cache, and the subscribers behind it, each with a catch-up reader of its own until its next
 * position is back inside the cache. The tail reader never waits for a subscriber: one that falls behind the
 * cache moves to catch-up, one without credit is simply not sent anything (and, after the credit timeout, ended).
 *
 * <p>Every method takes this object's lock and never blocks; core reader callbacks arrive on the feed executor.
 * Frames for a subscriber are handed to its {@link ReaderSink} under this lock, so they keep their order.
 */
final class StreamFeed {
    private static final Logger LOG = LoggerFactory.getLogger(StreamFeed.class);

    private final String stream;
    private final LogManager log;
    private final FeedContext ctx;
    private final Counter entries;
    private final Consumer<StreamFeed> onEmpty;
    private final Set<Subscriber> tailSubs = new LinkedHashSet<>();
    private final Set<Subscriber> catchUps = new LinkedHashSet<>();
    private final EntryTracker tailEntries = new EntryTracker();
    private RecordCache cache;
    private AsyncLogReader tail;
    private Subscriber tailOpener;
    private boolean tailReading;
    private DLException tailEnd;
    private long tailGen;
    /** The payload bytes of the largest batch the tail reader returned: what the next one may add. */
    private long largestBatchBytes;
    private boolean closed;

    StreamFeed(String stream, LogManager log, FeedContext ctx, Consumer<StreamFeed> onEmpty) {
        this.stream = stream;
        this.log = log;
        this.ctx = ctx;
        this.entries = ctx.metrics().streamEntries(stream);
        this.onEmpty = onEmpty;
    }

    String stream() {
        return stream;
    }

    synchronized long cacheBytes() {
        return cache == null ? 0 : cache.bytes();
    }

    /**
     * Attaches a subscriber at a resolved position (or, for a txid reader, at a txid).
     *
     * @return false if this feed has closed (the caller makes a new one)
     */
    synchronized boolean attach(Subscriber s, DLSN start, long txid) {
        if (closed) {
            return false;
        }
        synchronized (s) {
            if (s.closeRequested) {
                s.ended = true;
                s.gone();
                if (tailSubs.isEmpty() && catchUps.isEmpty()) {
                    close();
                    onEmpty.accept(this);
                }
                return true;
            }
            s.feed = this;
        }
        if (start == null) {
            toCatchUp(s, txid);
            return true;
        }
        s.next = start;
        if (cache == null || tailEnd != null && tailSubs.isEmpty()) {
            openTail(s, start);
            tailSubs.add(s);
            s.tailMode = true;
        } else if (tailEnd == null && start.compareTo(cache.start()) >= 0) {
            tailSubs.add(s);
            s.tailMode = true;
            if (tail != null) {
                ack(s);
                pump(s);
                readTail();
            }
        } else {
            toCatchUp(s, -1);
        }
        return true;
    }

    // ---- the tail ------------------------------------------------------------------------------------------------

    private void openTail(Subscriber opener, DLSN start) {
        closeTail();
        cache = new RecordCache(ctx.cacheMaxBytes(), start);
        tailEnd = null;
        tailOpener = opener;
        long gen = ++tailGen;
        log.openAsyncLogReader(start).whenCompleteAsync((r, t) -> onTailOpen(gen, r, t), ctx.executor());
        LOG.debug("stream={} tail reader opening at {}", stream, start);
    }

    private synchronized void onTailOpen(long gen, AsyncLogReader r, Throwable t) {
        if (gen != tailGen || closed) {
            if (r != null) {
                r.asyncClose();
            }
            return;
        }
        Subscriber opener = tailOpener;
        tailOpener = null;
        if (t != null) {
            DLException e = Futures.toDLException(t);
            tailEnd = e;
            // the opener gets the core's answer for its position; others waiting on the tail try on their own
            for (Subscriber s : new ArrayList<>(tailSubs)) {
                if (s == opener || s.acked || s.next.equals(opener == null ? null : opener.next)) {
                    end(s, e);
                } else {
                    tailSubs.remove(s);
                    s.tailMode = false;
                    toCatchUp(s, -1);
                }
            }
            return;
        }
        tail = r;
        for (Subscriber s : new ArrayList<>(tailSubs)) {
            ack(s);
            pump(s);
        }
        readTail();
    }

    private void readTail() {
        if (tail == null || tailReading || closed || tailEnd != null) {
            return;
        }
        if (cache.bytes() + largestBatchBytes > ctx.cacheMaxBytes() && !someoneWaitsAtTheEnd()) {
            // the next batch could evict records that no subscriber has reached the end of: reading on would send
            // them to catch-up readers (a second read of the same entries); resume when one reaches the end
            return;
        }
        tailReading = true;
        long gen = tailGen;
        tail.readBulk(ctx.batchMaxRecords()).whenCompleteAsync((records, t) -> onTail(gen, records, t),
                ctx.executor());
    }

    private boolean someoneWaitsAtTheEnd() {
        for (Subscriber s : tailSubs) {
            if (s.acked && !s.ended && s.hasCredit() && cache.indexOf(s.next) >= cache.size()) {
                return true;
            }
        }
        return false;
    }

    private synchronized void onTail(long gen, List<LogRecordWithDLSN> records, Throwable t) {
        if (gen != tailGen || closed) {
            return;
        }
        tailReading = false;
        if (t != null) {
            tailEnd = Futures.toDLException(t);
            LOG.info("stream tail reader ended stream={} code={} subscribers={}", stream, tailEnd.code(),
                    tailSubs.size());
            closeTail();
            for (Subscriber s : new ArrayList<>(tailSubs)) {
                pump(s);
            }
            return;
        }
        ctx.metrics().entriesRead(entries, tailEntries.count(records));
        long batchBytes = 0;
        for (LogRecordWithDLSN r : records) {
            cache.add(r);
            batchBytes += r.payload().length;
        }
        largestBatchBytes = Math.max(largestBatchBytes, batchBytes);
        for (Subscriber s : new ArrayList<>(tailSubs)) {
            pump(s);
        }
        readTail();
    }

    private void closeTail() {
        if (tail != null) {
            tail.asyncClose();
            tail = null;
        }
        tailReading = false;
    }

    /** Sends a tail subscriber what the cache holds for it, within its credit. */
    private void pump(Subscriber s) {
        if (s.ended || !s.acked) {
            return;
        }
        if (s.next.compareTo(cache.start()) < 0) {
            tailSubs.remove(s);
            s.tailMode = false;
            toCatchUp(s, -1);
            return;
        }
        int i = cache.indexOf(s.next);
        List<LogRecordWithDLSN> batch = new ArrayList<>();
        long batchBytes = 0;
        while (i < cache.size() && s.hasCredit()) {
            LogRecordWithDLSN r = cache.get(i++);
            batch.add(r);
            batchBytes += r.payload().length;
            s.spend(r.payload().length, ctx.clock().getAsLong());
            if (batch.size() >= ctx.batchMaxRecords() || batchBytes >= ctx.batchMaxBytes()) {
                send(s, batch, batchBytes);
                batch = new ArrayList<>();
                batchBytes = 0;
            }
        }
        send(s, batch, batchBytes);
        if (tailEnd != null && i >= cache.size()) {
            end(s, tailEnd);
        }
    }

    private void send(Subscriber s, List<LogRecordWithDLSN> batch, long bytes) {
        if (batch.isEmpty()) {
            return;
        }
        s.next = batch.get(batch.size() - 1).dlsn().nextSlot();
        s.sink.records(new ReadRecords(s.readerId, batch));
        ctx.metrics().sent(batch.size(), bytes);
    }

    private void ack(Subscriber s) {
        if (!s.acked && !s.ended) {
            s.acked = true;
            ctx.metrics().readerOpened();
            s.sink.opened(s.reportStart);
        }
    }

    // ---- catch-up readers ----------------------------------------------------------------------------------------

    private void toCatchUp(Subscriber s, long txid) {
        if (!ctx.tryAcquireCatchUp()) {
            end(s, new DLException(StatusCode.OVER_CAPACITY, "reader of " + stream + " is behind the read proxy's "
                    + "cache and every catch-up reader is busy (read.proxy.catchup.max.readers); retry later"));
            return;
        }
        s.holdsPermit = true;
        catchUps.add(s);
        long gen = ++s.catchUpGen;
        s.catchUpEntries.reset();
        (s.next != null ? log.openAsyncLogReader(s.next) : log.openAsyncLogReader(txid))
                .whenCompleteAsync((r, t) -> onCatchUpOpen(s, gen, r, t), ctx.executor());
    }

    private synchronized void onCatchUpOpen(Subscriber s, long gen, AsyncLogReader r, Throwable t) {
        if (s.ended || gen != s.catchUpGen || closed) {
            if (r != null) {
                r.asyncClose();
            }
            return;
        }
        if (t != null) {
            end(s, Futures.toDLException(t));
            return;
        }
        s.catchUp = r;
        ack(s);
        readCatchUp(s);
    }

    private void readCatchUp(Subscriber s) {
        if (s.ended || s.catchUp == null || s.catchUpReading || !s.held.isEmpty() || !s.hasCredit()) {
            return;
        }
        s.catchUpReading = true;
        AsyncLogReader r = s.catchUp;
        int n = (int) Math.min(ctx.batchMaxRecords(), s.recordCredit());
        r.readBulk(Math.max(1, n)).whenCompleteAsync((records, t) -> onCatchUp(s, r, records, t), ctx.executor());
    }

    private synchronized void onCatchUp(Subscriber s, AsyncLogReader r, List<LogRecordWithDLSN> records,
            Throwable t) {
        if (s.ended || s.catchUp != r) {
            return;
        }
        s.catchUpReading = false;
        if (t != null) {
            end(s, Futures.toDLException(t));
            return;
        }
        ctx.metrics().entriesRead(entries, s.catchUpEntries.count(records));
        s.held.addAll(records);
        deliverHeld(s);
        if (!maybeJoinTail(s)) {
            readCatchUp(s);
        }
    }

    private void deliverHeld(Subscriber s) {
        List<LogRecordWithDLSN> batch = new ArrayList<>();
        long bytes = 0;
        while (!s.held.isEmpty() && s.hasCredit()) {
            LogRecordWithDLSN r = s.held.poll();
            batch.add(r);
            bytes += r.payload().length;
            s.spend(r.payload().length, ctx.clock().getAsLong());
            if (batch.size() >= ctx.batchMaxRecords() || bytes >= ctx.batchMaxBytes()) {
                send(s, batch, bytes);
                batch = new ArrayList<>();
                bytes = 0;
            }
        }
        send(s, batch, bytes);
    }

    /** A catch-up subscriber whose next position is inside the cache again joins the tail. */
    private boolean maybeJoinTail(Subscriber s) {
        if (s.ended || s.next == null || closed) {
            return false;
        }
        boolean tailUsable = cache != null && tailEnd == null;
        if (tailUsable && s.next.compareTo(cache.start()) < 0) {
            return false;
        }
        if (!tailUsable && !tailSubs.isEmpty()) {
            return false; // the old tail's subscribers are still draining its cache: keep reading alone
        }
        stopCatchUp(s);
        s.held.clear(); // the cache (or the new tail) holds them: they are at or after s.next
        if (!tailUsable) {
            openTail(s, s.next);
            tailSubs.add(s);
            s.tailMode = true;
            return true;
        }
        tailSubs.add(s);
        s.tailMode = true;
        if (tail != null) {
            pump(s);
            readTail();
        }
        LOG.debug("reader joined the tail stream={} reader={} next={}", stream, s.readerId, s.next);
        return true;
    }

    private void stopCatchUp(Subscriber s) {
        catchUps.remove(s);
        s.catchUpGen++;
        s.catchUpReading = false;
        if (s.catchUp != null) {
            s.catchUp.asyncClose();
            s.catchUp = null;
        }
        if (s.holdsPermit) {
            s.holdsPermit = false;
            ctx.releaseCatchUp();
        }
    }

    // ---- credit, close, end --------------------------------------------------------------------------------------

    /** The subscriber was granted credit: send what it may now have. */
    synchronized void credited(Subscriber s) {
        if (s.ended || s.feed != this) {
            return;
        }
        if (s.tailMode) {
            if (tail != null || tailEnd != null) {
                pump(s);
                readTail();
            }
        } else {
            deliverHeld(s);
            if (!maybeJoinTail(s)) {
                readCatchUp(s);
            }
        }
    }

    /** Ends subscribers that have had no credit for the credit timeout. */
    synchronized void sweep(long nowNanos) {
        List<Subscriber> all = new ArrayList<>(tailSubs);
        all.addAll(catchUps);
        for (Subscriber s : all) {
            if (s.lease() != null && !s.lease().isHeld()) {
                end(s, new DLException(StatusCode.LOCKING_EXCEPTION, "reader " + s.readerId + " of " + stream
                        + " lost the read lock of subscription " + s.lease().subscription()
                        + " (ZooKeeper session expired); another reader may hold it now"));
            } else if (s.acked && s.starved(nowNanos, ctx.creditTimeoutNanos())) {
                end(s, new DLException(StatusCode.TIMEOUT, "reader " + s.readerId + " of " + stream
                        + " granted no credit for " + ctx.creditTimeoutNanos() / 1_000_000 + " ms"));
            }
        }
    }

    /** Ends a subscriber with a status (pushed to its client). */
    synchronized void end(Subscriber s, DLException why) {
        if (s.ended) {
            return;
        }
        boolean opened = s.acked;
        detach(s);
        ctx.metrics().ended(why.code());
        s.sink.ended(opened, why);
    }

    /** Removes a subscriber (closed by its client, or its connection went). */
    synchronized void detach(Subscriber s) {
        if (s.ended) {
            return;
        }
        s.ended = true;
        s.gone();
        if (s.acked) {
            ctx.metrics().readerGone();
        }
        tailSubs.remove(s);
        stopCatchUp(s);
        s.held.clear();
        if (tailSubs.isEmpty() && catchUps.isEmpty() && !closed) {
            close();
            onEmpty.accept(this);
        }
    }

    /** Ends every subscriber with {@code why} and closes. */
    synchronized void closeAll(DLException why) {
        List<Subscriber> all = new ArrayList<>(tailSubs);
        all.addAll(catchUps);
        for (Subscriber s : all) {
            end(s, why);
        }
        close();
    }

    private void close() {
        closed = true;
        tailGen++;
        closeTail();
        cache = null;
        log.close();
        // under this lock: a new feed of the stream is made only once this one is seen closed, so it registers
        // its counter after this removal
        ctx.metrics().removeStream(stream);
    }
}
