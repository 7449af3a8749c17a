package io.dlog.core.internal.read;

import io.dlog.core.internal.EntryLimits;
import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.entry.DecodedEntry;
import io.dlog.protocol.entry.RecordSetReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.LastConfirmedAndEntry;
import org.apache.bookkeeper.client.api.LedgerEntry;
import org.apache.bookkeeper.client.api.ReadHandle;

/**
 * One segment's ledger as every reader of the log in a namespace sees it (issue 13): one BookKeeper handle, opened
 * once (and once more, on BookKeeper's v2 wire protocol, when the ledger is found closed), instead of one open per
 * reader, each of which reads the ledger's metadata from ZooKeeper; and one long-poll at the tail, whose answer
 * (the new last-add-confirmed and the entry after the old one, decoded once) goes to every reader waiting there,
 * instead of one long-poll, one bookie answer and one decode per reader per entry. Readers behind the tail share
 * their batch reads the same way ({@link #read}); a reader reads alone only when it is the ledger's only reader or
 * the entries it wants were no longer kept.
 *
 * <p>A poll right after the last-add-confirmed moved is backed up after {@link #REPOLL_MS} by a parallel poll
 * to the whole write set (BookKeeper 4.17's bookie can drop such a poll's watcher; see {@code ReadAhead}).
 *
 * <p>Threading: confined to the log's executor (every reader of the log runs on it); BookKeeper's answers hop
 * onto it. Reference-counted; a ledger no reader uses is closed once {@link #LINGERING} others were released
 * after it in the namespace.
 */
final class SharedLedger {
    /** How long a poll made right after the last-add-confirmed moved may stay unanswered before it is backed up. */
    private static final long REPOLL_MS = 5;
    /**
     * Decoded tail entries kept for readers that fall a little behind (many readers on one log executor do, under
     * load): they take them from here instead of each reading them from the bookies. Bounded by count and bytes.
     */
    private static final int RECENT_ENTRIES = 4096;
    private static final long RECENT_BYTES = 4L << 20;
    /** The most entries one shared batch read fetches beyond a poll's entry; readers further behind read alone. */
    private static final long MAX_FILL_ENTRIES = 1024;
    private static final Map<Key, SharedLedger> OPEN = new ConcurrentHashMap<>();
    /** Ledgers no reader uses any more, oldest first, per namespace (BookKeeper client). */
    private static final Map<BookKeeper, Deque<SharedLedger>> RELEASED = new ConcurrentHashMap<>();
    /** How many released ledgers a namespace keeps open. */
    private static final int LINGERING = 32;
    /** Long-polls sent to bookies by every shared ledger of this process (backups included), for tests. */
    private static final AtomicLong POLLS_SENT = new AtomicLong();
    /** Shared batch reads sent to bookies by every shared ledger of this process ({@link #read}), for tests. */
    private static final AtomicLong READS_SENT = new AtomicLong();

    private record Key(BookKeeper bk, long ledgerId) {
    }

    /**
     * What a tail poll learnt.
     *
     * @param lastAddConfirmed the highest last-add-confirmed known
     * @param entry the entry the reader asked for, decoded, if it is known (null otherwise: read it in a batch)
     * @param entryBytes the entry's size in the ledger (0 without an entry)
     */
    record TailAnswer(long lastAddConfirmed, DecodedEntry entry, long entryBytes) {
    }

    private record Recent(DecodedEntry entry, long bytes) {
    }

    private record Waiter(long entryId, CompletableFuture<TailAnswer> answer) {
    }

    /** A shared batch read in flight: its last entry, and its entries, decoded, once they came. */
    private record SharedRead(long last, CompletableFuture<List<TailAnswer>> done) {
    }

    private final LogContext ctx;
    private final Key key;
    private final long seq;
    private final List<ReadHandle> opened = new ArrayList<>();
    private final TreeMap<Long, Recent> recent = new TreeMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    /** Shared batch reads in flight ({@link #read}), by first entry. */
    private final TreeMap<Long, SharedRead> reads = new TreeMap<>();
    /** The tail's handle (BookKeeper's v3 wire protocol): long-polls go through it, and only through it. */
    private CompletableFuture<ReadHandle> handle;
    /** The handle of the ledger once it is known to be closed (v2 when on: it cannot long-poll). */
    private CompletableFuture<ReadHandle> closedHandle;
    private int refs;
    private long recentBytes;
    /** The last entry of the shared batch read in flight, or -1. */
    private long fillTo = -1;
    private long lastAddConfirmed = -1;
    private long pollId;
    private boolean polling;
    private boolean armed = true;
    private boolean closed;

    private SharedLedger(LogContext ctx, Key key, long seq) {
        this.ctx = ctx;
        this.key = key;
        this.seq = seq;
    }

    /**
     * Takes a reference to a segment's shared ledger. Runs on the log executor.
     *
     * @param ctx the log
     * @param seq the segment's sequence number (for the records' DLSNs)
     * @param ledgerId the segment's ledger
     * @return the shared ledger; {@link #release()} it when done
     */
    static SharedLedger acquire(LogContext ctx, long seq, long ledgerId) {
        Key key = new Key(ctx.bk(), ledgerId);
        SharedLedger l = OPEN.get(key);
        if (l == null) {
            // Ledgers of namespaces closed with readers still open were never released: drop them.
            OPEN.values().removeIf(old -> old.ctx.executor().isShutdown());
            RELEASED.keySet().removeIf(bk -> OPEN.keySet().stream().noneMatch(k -> k.bk() == bk));
            l = OPEN.computeIfAbsent(key, k -> new SharedLedger(ctx, k, seq));
        }
        l.refs++;
        return l;
    }

    /** Returns the number of shared batch reads sent to bookies so far by this process's readers, for tests. */
    static long readsSent() {
        return READS_SENT.get();
    }

    /** Returns the number of long-polls sent to bookies so far by this process's readers, for tests. */
    static long pollsSent() {
        return POLLS_SENT.get();
    }

    /**
     * Drops a reference. The ledger stays open (and keeps its recent entries) until {@link #LINGERING} ledgers
     * released later in the namespace push it out. Runs on the log executor.
     */
    void release() {
        if (--refs > 0 || closed) {
            return;
        }
        if (!othersMayRead()) {
            recent.clear(); // the log's only reader is done with it: nobody will take them
            recentBytes = 0;
        }
        // Kept open a while, with its recent entries, for readers that come to it later: readers of a log drift
        // apart under load, and a segment released by the leaders would otherwise be read again from the bookies
        // by each of the others. The namespace keeps the last LINGERING released ledgers.
        List<SharedLedger> evicted = new ArrayList<>();
        Deque<SharedLedger> q = RELEASED.computeIfAbsent(ctx.bk(), k -> new ArrayDeque<>());
        synchronized (q) {
            q.remove(this);
            q.addLast(this);
            while (q.size() > LINGERING) {
                evicted.add(q.pollFirst());
            }
        }
        for (SharedLedger old : evicted) {
            try {
                old.ctx.executor().execute(old::closeIfUnused);
            } catch (RejectedExecutionException e) {
                // its namespace is closing: its BookKeeper client closes the handles
            }
        }
    }

    private void closeIfUnused() {
        if (refs > 0 || closed) {
            return;
        }
        closed = true;
        OPEN.remove(key, this);
        pollId++;
        DLException released = new DLException(StatusCode.LOG_READ_ERROR, "ledger " + key.ledgerId() + " released");
        failWaiters(released);
        for (SharedRead r : List.copyOf(reads.values())) {
            r.done().completeExceptionally(released);
        }
        reads.clear();
        for (ReadHandle h : opened) {
            h.closeAsync();
        }
        opened.clear();
    }

    /**
     * Returns the shared handle, opening it if needed (one open at a time, shared by every caller).
     *
     * @param needClosed true if the caller learnt that the ledger is closed: it then gets the handle for closed
     *     ledgers ({@link Ledgers#openClosed}, BookKeeper's v2 wire protocol when on), whose metadata has the
     *     ledger's final end; else the tail's handle, which long-polls
     * @return the handle, on any thread (hop onto the log executor)
     */
    CompletableFuture<ReadHandle> handle(boolean needClosed) {
        if (needClosed) {
            CompletableFuture<ReadHandle> tail = handle;
            if (tail != null && tail.isDone() && !tail.isCompletedExceptionally() && Ledgers.isClosed(tail.join())) {
                return tail; // opened after the ledger closed: it has the final end already
            }
            CompletableFuture<ReadHandle> h = closedHandle;
            if (h == null || (h.isDone() && (h.isCompletedExceptionally() || !Ledgers.isClosed(h.join())))) {
                closedHandle = h = open(Ledgers.openClosed(ctx, key.ledgerId()));
            }
            return h;
        }
        CompletableFuture<ReadHandle> h = handle;
        if (h == null || (h.isDone() && h.isCompletedExceptionally())) {
            handle = h = open(Ledgers.open(ctx, key.ledgerId(), false));
        }
        return h;
    }

    private CompletableFuture<ReadHandle> open(CompletableFuture<ReadHandle> opening) {
        CompletableFuture<ReadHandle> next = new CompletableFuture<>();
        opening.whenCompleteAsync((h0, t) -> {
            if (h0 == null) {
                next.completeExceptionally(t);
                return;
            }
            if (closed) {
                h0.closeAsync();
                next.complete(h0);
                return;
            }
            opened.add(h0); // an older handle stays open: batch reads may still be in flight on it
            fillToEnd(h0).whenComplete((v, ignored) -> next.complete(h0));
        }, ctx.executor());
        return next;
    }

    /**
     * Reads, once for every reader, a closed ledger's last entries that no poll brought (no later entry carried
     * their last-add-confirmed), so the readers that followed the tail take them from memory.
     */
    private CompletableFuture<Void> fillToEnd(ReadHandle h) {
        if (!Ledgers.isClosed(h) || recent.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        long from = recent.lastKey() + 1;
        long to = h.getLedgerMetadata().getLastEntryId();
        if (to < from || to - from >= MAX_FILL_ENTRIES) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        readDecoded(h, from, to).whenCompleteAsync((entries, t) -> {
            remember(entries);
            done.complete(null);
        }, ctx.executor());
        return done;
    }

    /**
     * Reads entries and decodes them on the thread that completes the read, releasing their buffers there (a v2
     * handle's are pooled direct memory: decoded on the log executor, they would leak if it refused the task).
     *
     * @return the entries decoded, in order, up to the first that does not decode (the readers read that one
     *     themselves and report it)
     */
    private CompletableFuture<List<Recent>> readDecoded(ReadHandle h, long from, long to) {
        return h.readUnconfirmedAsync(from, to).thenApply(entries -> {
            List<Recent> decoded = new ArrayList<>();
            try (entries) {
                for (LedgerEntry e : entries) {
                    decoded.add(new Recent(RecordSetReader.decode(e.getEntryBuffer(), seq, e.getEntryId(),
                            EntryLimits.MAX_DECOMPRESSED_BYTES), Ledgers.entryBytes(e)));
                }
            } catch (DLException e) {
                // the readers read the entry themselves and report it
            }
            return decoded;
        });
    }

    /**
     * Keeps the entries of a shared batch read (none if it failed: the readers then read them alone).
     *
     * @param decoded the read's entries, decoded, or null if it failed
     * @return them as answers
     */
    private List<TailAnswer> remember(List<Recent> decoded) {
        if (decoded == null) {
            return List.of();
        }
        List<TailAnswer> answers = new ArrayList<>(decoded.size());
        for (Recent r : decoded) {
            answers.add(new TailAnswer(lastAddConfirmed, r.entry(), r.bytes()));
            if (!closed) {
                remember(r.entry(), r.bytes());
            }
        }
        return answers;
    }

    /**
     * Waits at the tail for the entry after a reader's last readable one: answered at once when another reader
     * already learnt more, else with the answer of the one long-poll all waiting readers share (or its timeout).
     *
     * @param entryId the entry the reader wants next
     * @param known the last-add-confirmed the reader knows
     * @param timeoutMs the long-poll timeout
     * @return the answer: already complete (then hop onto the log executor: never handle it during this call),
     *     or completed later on the log executor; fails as BookKeeper's poll failed
     */
    CompletableFuture<TailAnswer> poll(long entryId, long known, long timeoutMs) {
        lastAddConfirmed = Math.max(lastAddConfirmed, known);
        boolean comingIn = fillTo >= entryId && !recent.containsKey(entryId);
        if (entryId <= lastAddConfirmed && !comingIn) {
            return CompletableFuture.completedFuture(answer(entryId));
        }
        CompletableFuture<TailAnswer> answer = new CompletableFuture<>();
        waiters.add(new Waiter(entryId, answer));
        if (!polling && fillTo < 0) {
            startPoll(timeoutMs);
        }
        return answer;
    }

    /**
     * Reads entries behind the tail once for every reader of the ledger that wants them (issue 13): a reader
     * asking for entries that a shared read in flight brings waits for that read instead of reading them again,
     * and the entries, decoded once, are kept with the tail's ({@link #recent}) for the readers to take. Without
     * it, readers that all fell behind the tail (a CPU stall under load is enough) each read and decoded every
     * entry themselves, which kept them behind: 1,000 readers fell 15 s behind a 300 records/s writer.
     *
     * @param h the handle to read with
     * @param first the first entry wanted
     * @param last the last entry to read if a new read is issued (at most the last readable entry)
     * @return completes on the log executor with the read's entries, decoded, in order (possibly starting before
     *     {@code first}, possibly ending before {@code last}, empty if the first does not decode; they are also
     *     kept, for the readers that come later, as long as {@link #recent} has room); fails as BookKeeper's read
     *     failed. Never complete on return.
     */
    CompletableFuture<List<TailAnswer>> read(ReadHandle h, long first, long last) {
        Map.Entry<Long, SharedRead> inFlight = reads.floorEntry(first);
        if (inFlight != null && inFlight.getValue().last() >= first) {
            return inFlight.getValue().done();
        }
        SharedRead r = new SharedRead(last, new CompletableFuture<>());
        reads.put(first, r);
        READS_SENT.incrementAndGet();
        readDecoded(h, first, last).whenCompleteAsync((entries, t) -> {
            reads.remove(first, r);
            List<TailAnswer> decoded = remember(entries);
            if (t != null) {
                r.done().completeExceptionally(t);
            } else {
                // handed over directly: other readers' reads may already have pushed them out of the kept ones
                r.done().complete(decoded);
            }
        }, ctx.executor());
        return r.done();
    }

    /**
     * Whether readers of this ledger should read through {@link #read}: another reader may want the same entries.
     * A lone reader reads alone, pipelined, and keeps no second copy.
     */
    boolean shared() {
        return othersMayRead();
    }

    /**
     * Returns a tail entry another reader's poll already brought, decoded, if it is still kept.
     *
     * @param entryId the entry
     * @return the entry and its size, or null: read it from the bookies
     */
    TailAnswer recent(long entryId) {
        Recent r = take(entryId);
        return r == null ? null : new TailAnswer(lastAddConfirmed, r.entry(), r.bytes());
    }

    /**
     * An entry kept for readers: shared while other readers may want it, handed over (and forgotten) when the
     * asking reader is the ledger's only one. A lone reader, the common case (a read proxy's one reader per
     * stream, a service reading many logs), then holds no second copy of what its read-ahead cache already has.
     */
    private Recent take(long entryId) {
        if (othersMayRead()) {
            return recent.get(entryId);
        }
        Recent r = recent.remove(entryId);
        if (r != null) {
            recentBytes -= r.bytes();
        }
        // a lone reader never goes back: what it did not take before this entry it read from the bookies
        Map<Long, Recent> older = recent.headMap(entryId);
        for (Recent o : older.values()) {
            recentBytes -= o.bytes();
        }
        older.clear();
        return r;
    }

    /**
     * Whether another reader may still want the kept entries: the ledger has another reader, or the log has other
     * readers in this namespace (still on an earlier segment, coming to this one later).
     */
    private boolean othersMayRead() {
        return refs > 1 || SharedLogWatch.readersOf(ctx) > 1;
    }

    /** Bytes of decoded entries this process's shared ledgers of {@code ledgerId} keep, for tests. */
    static long recentBytesOf(long ledgerId) {
        return OPEN.entrySet().stream().filter(e -> e.getKey().ledgerId() == ledgerId)
                .mapToLong(e -> e.getValue().recentBytes).sum();
    }

    private void remember(DecodedEntry d, long bytes) {
        if (recent.put(d.entryId(), new Recent(d, bytes)) == null) {
            recentBytes += bytes;
        }
        while (recent.size() > RECENT_ENTRIES || recentBytes > RECENT_BYTES) {
            recentBytes -= recent.pollFirstEntry().getValue().bytes();
        }
    }

    private TailAnswer answer(long entryId) {
        Recent r = take(entryId);
        return r == null ? new TailAnswer(lastAddConfirmed, null, 0)
                : new TailAnswer(lastAddConfirmed, r.entry(), r.bytes());
    }

    private void startPoll(long timeoutMs) {
        CompletableFuture<ReadHandle> hf = handle;
        if (hf == null || hf.isCompletedExceptionally()) {
            hf = handle(false); // the last open failed: open again
        }
        polling = true;
        if (!hf.isDone()) { // an open is under way: poll once it is done
            hf.whenCompleteAsync((h, t) -> {
                polling = false;
                if (closed) {
                    return;
                }
                if (t != null) {
                    failWaiters(t);
                } else if (!waiters.isEmpty()) {
                    startPoll(timeoutMs);
                }
            }, ctx.executor());
            return;
        }
        ReadHandle h = hf.join();
        long poll = ++pollId;
        long want = lastAddConfirmed + 1;
        POLLS_SENT.incrementAndGet();
        h.readLastAddConfirmedAndEntryAsync(want, timeoutMs, false)
                .whenCompleteAsync((lce, t) -> onPoll(h, poll, want, lce, t), ctx.executor());
        if (armed) {
            try {
                ctx.executor().schedule(() -> repoll(h, poll, want, timeoutMs), REPOLL_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException ignored) {
                // the namespace is closing; the first poll still completes
            }
        }
    }

    private void repoll(ReadHandle h, long poll, long want, long timeoutMs) {
        if (poll != pollId || closed) {
            return; // answered already
        }
        POLLS_SENT.incrementAndGet();
        h.readLastAddConfirmedAndEntryAsync(want, timeoutMs, true)
                .whenCompleteAsync((lce, t) -> onPoll(h, poll, want, lce, t), ctx.executor());
    }

    private void onPoll(ReadHandle h, long poll, long want, LastConfirmedAndEntry lce, Throwable t) {
        if (poll != pollId || closed) {
            if (lce != null) {
                lce.close();
            }
            return;
        }
        pollId++; // a second answer to the same poll is ignored
        polling = false;
        if (t != null) {
            failWaiters(t);
            return;
        }
        try (lce) {
            armed = lce.getLastAddConfirmed() > lastAddConfirmed;
            lastAddConfirmed = Math.max(lastAddConfirmed, lce.getLastAddConfirmed());
            if (lce.hasEntry() && lce.getEntry().getEntryId() == want && want <= lastAddConfirmed) {
                DecodedEntry d = RecordSetReader.decode(lce.getEntry().getEntryBuffer(), seq, want,
                        EntryLimits.MAX_DECOMPRESSED_BYTES);
                remember(d, Ledgers.entryBytes(lce.getEntry()));
            }
        } catch (DLException e) {
            failWaiters(e);
            return;
        }
        long from = Math.max(want + 1, recent.isEmpty() ? 0 : recent.lastKey() + 1);
        if (lastAddConfirmed >= from && lastAddConfirmed - from < MAX_FILL_ENTRIES) {
            fill(h, from, lastAddConfirmed);
        } else {
            answerAll();
        }
    }

    /**
     * Reads the entries the poll's answer confirmed beyond its own entry (the writer wrote several while the poll
     * was on its way, or the readers were busy), once for every reader, and answers the waiting readers after.
     */
    private void fill(ReadHandle h, long from, long to) {
        fillTo = to;
        readDecoded(h, from, to).whenCompleteAsync((entries, t) -> {
            fillTo = -1;
            remember(entries);
            if (!closed) {
                answerAll(); // on a failure the readers read the entries themselves
            }
        }, ctx.executor());
    }

    /** Everyone waiting gets the news, or the timeout, as a poll of its own would have. */
    private void answerAll() {
        List<Waiter> answered = List.copyOf(waiters);
        waiters.clear();
        for (Waiter w : answered) {
            w.answer().complete(answer(w.entryId()));
        }
    }

    private void failWaiters(Throwable t) {
        List<Waiter> failed = List.copyOf(waiters);
        waiters.clear();
        for (Waiter w : failed) {
            w.answer().completeExceptionally(t);
        }
    }
}
