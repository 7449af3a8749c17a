package io.dlog.core.internal.read;

import io.dlog.core.internal.Ledgers;
import io.dlog.core.internal.LogContext;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.EndOfStreamException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogNotFoundException;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.LogTruncatedException;
import io.dlog.protocol.SegmentState;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.entry.DecodedEntry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.bookkeeper.client.api.BKException;
import org.apache.bookkeeper.client.api.ReadHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a log ahead of its reader into a {@link ReadAheadCache}: segment after segment, entry after entry, only
 * durable entries (up to a completed segment's last entry, up to the last-add-confirmed of the in-progress
 * one), skipping control records and anything before the reader's start.
 *
 * <p>It never skips a record: it reads every segment from its own position on, including records below a
 * truncation point that are still stored (a holder segment, the in-progress one), and when a segment it still
 * needs was released (marked TRUNCATED or deleted by truncation or retention) it stops with LOG_TRUNCATED, naming
 * the first readable position, after the records it already read. A segment whose ledger is gone although the
 * metadata still references it stops the reader with LOG_SEGMENT_NOT_FOUND; a reader never waits on it silently.
 *
 * <p>Either one BookKeeper open or long-poll is outstanding, or up to {@link #MAX_READS_IN_FLIGHT} batch reads of
 * consecutive ranges (so that the bookies stream while earlier entries are decoded), each decoded on the thread
 * BookKeeper completes it on ({@link DecodedBatch}) and applied in the order they were issued, whatever order they
 * complete in. Each operation carries the generation it was
 * issued in, and a result from an older generation (the segment changed, a read failed, the reader stopped) is
 * ignored, so an entry is never processed twice and {@code nextEntryId} only moves forward. A segment's ledger
 * handle, and the long-poll for the entry after the last-add-confirmed at the tail of the in-progress segment
 * (waiting for data without spinning), are shared with the log's other readers in the namespace
 * ({@link SharedLedger}); so are batch reads while other readers of the segment may want the same entries (one
 * shared read in flight instead of the pipelined reads of a reader alone). Segment changes are learnt from
 * {@link SegmentMetadataWatch}: when the segment being read completes, its ledger is reopened to learn its final
 * last entry; when it vanishes (an empty in-progress segment deleted), the next one is chosen. BookKeeper failures
 * are retried with backoff, then fail LOG_READ_ERROR.
 *
 * <p>Threading: confined to the log executor; BookKeeper and ZooKeeper results hop onto it.
 */
final class ReadAhead {
    private static final Logger LOG = LoggerFactory.getLogger(ReadAhead.class);
    private static final long MAX_EMPTY_POLL_DELAY_MS = 100;
    /** How often a reader waiting at the tail checks that its segment's ledger still exists. */
    private static final long LEDGER_CHECK_MS = 5000;
    /** Batch reads outstanding at once while reading behind the tail. */
    static final int MAX_READS_IN_FLIGHT = 4;
    /** One batch read asks for about this share of the readahead cache, so that several fit in it. */
    private static final int READ_SHARE_OF_CACHE = 8;
    /** Batch reads a reader sent alone ({@link #readEntries}), by every reader of this process, for tests. */
    private static final AtomicLong READS_SENT = new AtomicLong();

    private final LogContext ctx;
    private final ReaderConfig config;
    private final ReadAheadCache cache;
    private final ReadAheadListener listener;
    private final SegmentMetadataWatch watch;
    private final RetryBackoff backoff;
    private final DLSN start;
    private final long minTxId;
    private final Set<SegmentId> done = new HashSet<>();
    /** The batch reads outstanding, oldest (lowest entries) first. */
    private final ArrayDeque<PendingRead> reads = new ArrayDeque<>();

    private MetadataSnapshot latest;
    private long positionSeq;
    private LogSegmentMetadata segment;
    private SegmentId segmentId;
    private SharedLedger ledger;
    private ReadHandle handle;
    private boolean sealed;
    private long nextEntryId;
    private long lastReadable = -1;
    private long needSeq;
    private long lastLedgerCheckMs;
    private boolean verifying;
    private long pollId;
    private SegmentId missingLedger;
    private long missingSeenAtLoad;
    private long generation;
    private boolean busy;
    private boolean added;
    private boolean stopped;
    private boolean ending;
    private ScheduledFuture<?> retryTimer;
    private long avgEntryBytes = 1024;
    private long emptyPollDelayMs;

    ReadAhead(LogContext ctx, ReaderConfig config, ReadAheadCache cache, ResolvedStart start,
            ReadAheadListener listener) {
        this.ctx = ctx;
        this.config = config;
        this.cache = cache;
        this.listener = listener;
        this.start = start.position();
        this.minTxId = start.minTxId();
        this.positionSeq = start.position().segmentSequenceNumber();
        this.needSeq = start.position().segmentSequenceNumber();
        this.lastLedgerCheckMs = ctx.clock().millis();
        this.backoff = new RetryBackoff(config.retryBackoff(), config.maxRetryBackoff(), config.maxReadRetries());
        this.watch = new SegmentMetadataWatch(ctx, this::onSnapshot);
    }

    /** Returns the number of batch reads readers of this process sent alone so far, for tests. */
    static long readsSent() {
        return READS_SENT.get();
    }

    /** Starts reading: the first metadata snapshot chooses the first segment. */
    void start() {
        watch.start();
    }

    /** Returns where the readahead is, for messages: {@code seq:nextEntry}. */
    String position() {
        return segment == null ? positionSeq + ":-" : segment.sequenceNumber() + ":" + nextEntryId;
    }

    /** Takes the next step if none is in flight: open a segment, read entries, or long-poll at the tail. */
    void advance() {
        if (stopped || ending || busy || retryTimer != null || latest == null) {
            return;
        }
        if (segment == null) {
            pickSegment();
        } else if (nextToRequest() <= lastReadable) {
            if (reads.isEmpty() && takeRecent()) {
                return; // the entries ended the stream
            }
            if (nextToRequest() <= lastReadable) {
                if (!ledger.shared()) {
                    readEntries();
                } else if (reads.isEmpty()) {
                    sharedRead(); // (after reads of its own, once they are all in: it does not stay alone)
                }
            } else {
                advance(); // caught up with what the shared tail poll brought
            }
        } else if (!reads.isEmpty()) {
            return; // the entries up to the last readable one are on their way
        } else if (sealed) {
            finishSegment();
            pickSegment();
        } else if (!cache.isFull()) {
            longPoll();
        }
    }

    /** Stops for good and releases the ledger handle. */
    CompletableFuture<Void> close() {
        stopped = true;
        nextGeneration();
        watch.close();
        cancelRetry();
        closeHandle();
        return CompletableFuture.completedFuture(null);
    }

    // ---- metadata ---------------------------------------------------------------------------------------

    private void onSnapshot(MetadataSnapshot snapshot) {
        if (stopped || ending) {
            return;
        }
        latest = snapshot;
        if (LOG.isDebugEnabled()) { // every reader, at every snapshot and segment: no arguments built
            LOG.debug("reader metadata log={} segments={} current={} sealed={} busy={}", ctx.fullName(),
                    snapshot.segments().size(), segmentId, sealed, busy);
        }
        if (!snapshot.logExists()) {
            stop(new LogNotFoundException("log " + ctx.fullName() + " was deleted (reader at " + position() + ")"),
                    false);
            return;
        }
        if (segment != null && !checkSegment(snapshot)) {
            return;
        }
        advance();
    }

    /**
     * Checks the segment being read against new metadata: released (stop LOG_TRUNCATED unless it was read to its
     * end), vanished (an empty in-progress segment a writer removed: move on), its ledger gone while still
     * referenced (stop LOG_SEGMENT_NOT_FOUND), or completed (reopen it to learn its end).
     *
     * @return false if the reader stopped or reopened the segment
     */
    private boolean checkSegment(MetadataSnapshot snapshot) {
        LogSegmentMetadata cur = snapshot.find(segmentId);
        boolean gone = cur == null || cur.state() == SegmentState.TRUNCATED;
        if (gone && sealed && nextEntryId > lastReadable) {
            finishSegment(); // read to its end before it went: nothing was skipped
            return true;
        }
        if (gone && snapshot.releasedFrom(segmentId.seq())) {
            failTruncated("segment " + segmentId.seq() + " (reader at " + position() + ") was released");
            return false;
        }
        if (cur == null) {
            LOG.info("reader segment vanished log={} seg={} nextEntry={}", ctx.fullName(), segmentId, nextEntryId);
            done.add(segmentId);
            dropSegment();
            return true;
        }
        if (segmentId.equals(missingLedger) && snapshot.loadId() >= missingSeenAtLoad) {
            stop(new DLException(StatusCode.LOG_SEGMENT_NOT_FOUND, "segment " + segmentId.seq() + " of log "
                    + ctx.fullName() + " references ledger " + segmentId.ledgerId() + ", which does not exist: its "
                    + "records are lost (reader at " + position() + "); run dlog audit"), true);
            return false;
        }
        if (handle != null && !sealed && !cur.isInProgress()) {
            reopen(cur);
            return false;
        }
        return true;
    }

    private void pickSegment() {
        if (latest.releasedFrom(needSeq)) {
            failTruncated("segment " + needSeq + " (the reader's next) was released");
            return;
        }
        LogSegmentMetadata s = ReadPositions.nextSegment(latest.segments(), positionSeq, done);
        if (s != null) {
            open(s);
        } else if (latest.sealed()) {
            stop(new EndOfStreamException("log " + ctx.fullName() + " is sealed and was read to its end"), true);
        }
        // Otherwise wait: the segments' child watch fires when the next segment is created.
    }

    // ---- segments ---------------------------------------------------------------------------------------

    /**
     * Opens a segment's ledger, shared with the log's other readers ({@link SharedLedger}).
     *
     * @param s the segment as the latest metadata has it
     */
    private void open(LogSegmentMetadata s) {
        if (ledger == null || !SegmentId.of(s).equals(segmentId)) {
            closeHandle();
            ledger = SharedLedger.acquire(ctx, s.sequenceNumber(), s.ledgerId());
        }
        if (!SegmentId.of(s).equals(segmentId)) {
            segment = s;
            segmentId = SegmentId.of(s);
            positionSeq = s.sequenceNumber();
            nextEntryId = ReadPositions.startEntry(s, start);
            lastReadable = -1;
            emptyPollDelayMs = 0;
        }
        busy = true;
        long gen = nextGeneration();
        // A completed segment's ledger is closed: a shared handle opened before it closed is replaced.
        ledger.handle(!s.isInProgress())
                .whenCompleteAsync((h, t) -> onOpened(gen, s, h, t), ctx.executor());
    }

    private void onOpened(long gen, LogSegmentMetadata s, ReadHandle h, Throwable t) {
        if (gen != generation || stopped) {
            return; // the handle is the shared ledger's: it closes it
        }
        busy = false;
        if (t != null) {
            onFailure(t, "open segment " + s.sequenceNumber() + " (ledger " + s.ledgerId() + ")");
            return;
        }
        handle = h;
        // One metadata snapshot decides both: a closed ledger's end comes from its metadata, never from the
        // last-add-confirmed read at open time, which can lag it (that would end the segment early).
        org.apache.bookkeeper.client.api.LedgerMetadata md = h.getLedgerMetadata();
        sealed = md.isClosed();
        long end = sealed ? md.getLastEntryId() : h.getLastAddConfirmed();
        if (sealed && end >= 0 && md.getLength() > 0) {
            avgEntryBytes = Math.max(1, md.getLength() / (end + 1)); // sizes the first reads of a completed segment
        }
        if (LOG.isDebugEnabled()) { // every reader, at every snapshot and segment: no arguments built
            LOG.debug("reader segment opened log={} seg={} sealed={} end={} nextEntry={}", ctx.fullName(), segmentId,
                    sealed, end, nextEntryId);
        }
        lastReadable = Math.max(lastReadable, end);
        if (!sealed) {
            LogSegmentMetadata cur = latest.find(segmentId);
            if (cur != null && !cur.isInProgress()) {
                reopen(cur); // a shared open begun before the segment completed: its handle has no final end
                return;
            }
            watch.watchSegment(s.sequenceNumber());
        }
        advance();
    }

    /** The segment being read completed: reopen its ledger, now closed, to learn its last entry. */
    private void reopen(LogSegmentMetadata completed) {
        handle = null;
        open(completed);
    }

    private void finishSegment() {
        if (LOG.isDebugEnabled()) { // every reader, at every snapshot and segment: no arguments built
            LOG.debug("reader segment finished log={} seg={} nextEntry={}", ctx.fullName(), segmentId, nextEntryId);
        }
        done.add(segmentId);
        done.removeIf(id -> id.seq() < positionSeq);
        needSeq = Math.max(needSeq, segmentId.seq() + 1);
        dropSegment();
    }

    private void dropSegment() {
        nextGeneration();
        busy = false;
        closeHandle();
        segment = null;
        segmentId = null;
        sealed = false;
        lastReadable = -1;
        missingLedger = null;
        watch.watchSegment(-1);
    }

    private void closeHandle() {
        handle = null;
        if (ledger != null) {
            ledger.release();
            ledger = null;
        }
    }

    // ---- entries ----------------------------------------------------------------------------------------

    /**
     * Takes the entries another reader's tail poll already brought and decoded ({@link SharedLedger#recent}),
     * while the cache has room: a reader a little behind the tail reads nothing from the bookies.
     *
     * @return true if an entry ended the stream (the readahead has stopped)
     */
    private boolean takeRecent() {
        while (handle != null && nextEntryId <= lastReadable && cache.mayReadMore() && !cache.isFull()) {
            SharedLedger.TailAnswer a = ledger.recent(nextEntryId);
            if (a == null) {
                break;
            }
            if (!accept(a.entry(), a.entryBytes(), true)) {
                return true;
            }
        }
        notifyAdded();
        return false;
    }

    /** The entry after the last one asked for: the next to read. */
    private long nextToRequest() {
        return reads.isEmpty() ? nextEntryId : reads.peekLast().last + 1;
    }

    /**
     * Issues batch reads of the next ranges, up to {@link #MAX_READS_IN_FLIGHT} at once, while the cache has room
     * for what they are expected to bring.
     */
    private void readEntries() {
        while (reads.size() < MAX_READS_IN_FLIGHT && nextToRequest() <= lastReadable && cache.mayReadMore()
                && cache.freeBytes() > bytesInFlight()) {
            long first = nextToRequest();
            long n = entriesPerRead();
            long last = Math.min(lastReadable, first + n - 1);
            PendingRead read = new PendingRead(first, last, (last - first + 1) * avgEntryBytes);
            reads.add(read);
            READS_SENT.incrementAndGet();
            long gen = generation;
            long seq = segment.sequenceNumber();
            String where = "log " + ctx.fullName() + " segment " + segmentId;
            handle.readUnconfirmedAsync(first, last)
                    .thenApply(entries -> DecodedBatch.decode(entries, seq, first, (int) (last - first + 1), where))
                    .whenCompleteAsync((batch, t) -> onEntries(gen, read, batch, t), ctx.executor());
        }
    }

    /**
     * Reads the next entries once for all the readers of the segment that want them ({@link SharedLedger#read})
     * and takes them from the shared read's answer. If that read failed, or its first entry does not decode, the
     * reader reads alone ({@link #readEntries}), which retries and reports.
     */
    private void sharedRead() {
        if (busy) {
            return; // takeRecent's hand-over ran advance() again, which asked already
        }
        if (!cache.mayReadMore() || cache.isFull()) {
            return; // resumes when the reader took records from the cache
        }
        long first = nextEntryId;
        // as much as the reads of a reader alone have in flight at once: one round trip brings as much
        long last = Math.min(lastReadable, first + entriesPerRead() * MAX_READS_IN_FLIGHT - 1);
        busy = true;
        long gen = generation;
        ledger.read(handle, first, last).whenComplete((got, t) -> onSharedRead(gen, got, t));
    }

    private void onSharedRead(long gen, List<SharedLedger.TailAnswer> got, Throwable t) {
        if (gen != generation || stopped) {
            return;
        }
        busy = false;
        long before = nextEntryId;
        if (t == null) {
            for (SharedLedger.TailAnswer a : got) {
                long id = a.entry().entryId();
                if (id > nextEntryId || nextEntryId > lastReadable) {
                    break;
                }
                if (id == nextEntryId && !accept(a.entry(), a.entryBytes(), true)) {
                    return; // the entry ended the stream
                }
            }
        }
        notifyAdded();
        if (nextEntryId == before && !busy && reads.isEmpty()) {
            readEntries(); // nothing usable came: read alone
        } else {
            advance();
        }
    }

    /** How many entries one batch read asks for: about {@link #READ_SHARE_OF_CACHE} of the cache, at least 1. */
    private long entriesPerRead() {
        long readBytes = Math.max(1, config.readaheadMaxBytes() / READ_SHARE_OF_CACHE);
        return Math.max(1, Math.min(config.maxEntriesPerRead(), readBytes / Math.max(1, avgEntryBytes)));
    }

    private long bytesInFlight() {
        long bytes = 0;
        for (PendingRead r : reads) {
            bytes += r.expectedBytes;
        }
        return bytes;
    }

    private void onEntries(long gen, PendingRead read, DecodedBatch batch, Throwable t) {
        if (gen != generation || stopped) {
            return;
        }
        read.complete(batch, t);
        // apply the reads that are answered, in the order they were issued
        while (!reads.isEmpty() && reads.peekFirst().isDone()) {
            PendingRead head = reads.pollFirst();
            if (head.failure != null) {
                nextGeneration(); // the reads behind it are read again after the retry
                onFailure(head.failure, "read entries " + head.first + "-" + head.last + " of segment " + segmentId);
                return;
            }
            backoff.succeeded();
            DecodedBatch answered = head.batch;
            for (int i = 0; i < answered.entries().size(); i++) {
                DecodedEntry d = answered.entries().get(i);
                if (d.entryId() != nextEntryId) {
                    stop(new DLException(StatusCode.LOG_READ_ERROR, "log " + ctx.fullName() + " segment " + segmentId
                            + ": read entry " + d.entryId() + " where " + nextEntryId + " was expected"), true);
                    return;
                }
                if (!accept(d, answered.bytes()[i], false)) {
                    return;
                }
            }
            if (answered.failure() != null) {
                stop(answered.failure(), true);
                return;
            }
        }
        notifyAdded();
        advance();
    }

    /**
     * Starts a new generation: results of operations issued before are ignored when they arrive, and the answers
     * of batch reads already received but not applied are dropped.
     *
     * @return the new generation
     */
    private long nextGeneration() {
        reads.clear();
        return ++generation;
    }

    /**
     * Waits at the tail for the entry after the last-add-confirmed, through the long-poll the log's readers of
     * this segment share ({@link SharedLedger#poll}): one bookie request and one decode per entry, whatever the
     * number of readers.
     */
    private void longPoll() {
        busy = true;
        long gen = generation;
        long poll = ++pollId;
        CompletableFuture<SharedLedger.TailAnswer> f = ledger.poll(nextEntryId, lastReadable,
                config.longPollTimeout().toMillis());
        if (f.isDone()) {
            f.whenCompleteAsync((a, t) -> onLongPoll(gen, poll, a, t), ctx.executor()); // not during advance()
        } else {
            // answered on the log executor with all the readers waiting there: no hop per reader and entry
            f.whenComplete((a, t) -> onLongPoll(gen, poll, a, t));
        }
    }

    private void onLongPoll(long gen, long poll, SharedLedger.TailAnswer answer, Throwable t) {
        if (gen != generation || poll != pollId || stopped) {
            return;
        }
        busy = false;
        if (t != null && nothingWrittenYet(t)) {
            if (nextEntryId > 0 || emptyPollDelayMs >= MAX_EMPTY_POLL_DELAY_MS) {
                checkLedgerWhileIdle(); // a bookie without the ledger may also mean it was deleted
            }
            waitForFirstEntry();
            return;
        }
        if (t != null) {
            onFailure(t, "wait for entry " + nextEntryId + " of segment " + segmentId);
            return;
        }
        backoff.succeeded();
        emptyPollDelayMs = 0;
        if (answer.lastAddConfirmed() > lastReadable) {
            lastLedgerCheckMs = ctx.clock().millis();
        } else {
            checkLedgerWhileIdle(); // nothing new: the ledger may be gone under metadata
        }
        lastReadable = Math.max(lastReadable, answer.lastAddConfirmed());
        DecodedEntry d = answer.entry();
        if (d != null && d.entryId() == nextEntryId && nextEntryId <= lastReadable
                && !accept(d, answer.entryBytes(), true)) {
            return;
        }
        notifyAdded();
        advance();
    }

    /**
     * Bookies answer a long-poll on a ledger they hold no entry of yet (a segment just started) with "no such
     * ledger/entry" at once instead of waiting; that is an empty tail, not a failure.
     */
    private static boolean nothingWrittenYet(Throwable t) {
        return Futures.unwrap(t) instanceof BKException bk
                && (bk.getCode() == BKException.Code.NoSuchLedgerExistsException
                || bk.getCode() == BKException.Code.NoSuchEntryException);
    }

    /** Polls an empty segment again after a short delay that doubles from 2 ms to 100 ms while it stays empty. */
    private void waitForFirstEntry() {
        emptyPollDelayMs = Math.min(MAX_EMPTY_POLL_DELAY_MS, Math.max(2, emptyPollDelayMs * 2));
        try {
            retryTimer = ctx.executor().schedule(this::retry, emptyPollDelayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            stop(new DLException(StatusCode.LOG_READ_ERROR, "reader of " + ctx.fullName() + " stopped: the "
                    + "namespace is closing"), true);
        }
    }

    /**
     * Caches the records of the next entry, decoded.
     *
     * @param d the entry
     * @param bytes its size in the ledger
     * @param shared true if other readers got the same records: each gets payload arrays of its own
     * @return false if the entry ended the stream (the readahead has stopped)
     */
    private boolean accept(DecodedEntry d, long bytes, boolean shared) {
        ctx.metrics().entriesRead.mark();
        avgEntryBytes = (avgEntryBytes * 7 + Math.max(1, bytes)) / 8;
        nextEntryId = d.entryId() + 1;
        List<LogRecordWithDLSN> records = d.records();
        // Usually every record of the entry is delivered: the cache then keeps the decoded list as it is.
        List<LogRecordWithDLSN> kept = shared ? new ArrayList<>(records.size()) : null;
        for (int i = 0; i < records.size(); i++) {
            LogRecordWithDLSN r = records.get(i);
            if (r.isEndOfStream()) {
                cacheAll(kept != null ? kept : records.subList(0, i));
                notifyAdded();
                stop(new EndOfStreamException("log " + ctx.fullName() + " ended at " + r.dlsn()
                        + " (end of stream)"), true);
                return false;
            }
            boolean deliver = !r.isControl() && r.dlsn().compareTo(start) >= 0 && r.txid() >= minTxId;
            if (kept == null && !deliver) {
                kept = new ArrayList<>(records.subList(0, i));
            }
            if (kept != null && deliver) {
                kept.add(shared ? new LogRecordWithDLSN(r.dlsn(), r.txid(), r.payload().clone(), r.flags()) : r);
            }
        }
        cacheAll(kept != null ? kept : records);
        return true;
    }

    private void cacheAll(List<LogRecordWithDLSN> records) {
        cache.addAll(records);
        added |= !records.isEmpty();
    }

    private void notifyAdded() {
        if (added) {
            added = false;
            listener.recordsAvailable();
        }
    }

    // ---- failures ---------------------------------------------------------------------------------------

    private void onFailure(Throwable t, String what) {
        DLException ex = Ledgers.toDL(t, what + " of " + ctx.fullName());
        if (ledgerMissing(t)) {
            verifyLedger();
        }
        if (!backoff.failed()) {
            stop(new DLException(StatusCode.LOG_READ_ERROR, "reader of " + ctx.fullName() + " at " + position()
                    + " gave up after " + config.maxReadRetries() + " retries: " + ex.getMessage(), ex), true);
            return;
        }
        Duration delay = backoff.delay();
        LOG.warn("reader retrying log={} position={} attempt={} delayMs={} code={} reason={}", ctx.fullName(),
                position(), backoff.failures(), delay.toMillis(), ex.code(), ex.getMessage());
        watch.refresh(); // the segment may have completed or vanished, or the log been deleted
        try {
            retryTimer = ctx.executor().schedule(this::retry, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            stop(new DLException(StatusCode.LOG_READ_ERROR, "reader of " + ctx.fullName() + " cannot retry: "
                    + "the namespace is closing", ex), true);
        }
    }

    /** Says whether BookKeeper answered that the ledger or an entry of it does not exist (maybe deleted). */
    private static boolean ledgerMissing(Throwable t) {
        int code = bkCode(t);
        return code == BKException.Code.NoSuchLedgerExistsException
                || code == BKException.Code.NoSuchLedgerExistsOnMetadataServerException
                || code == BKException.Code.NoSuchEntryException;
    }

    /** Returns the BookKeeper code behind a failure (also when wrapped in a DLException), or 0. */
    private static int bkCode(Throwable t) {
        for (Throwable c = Futures.unwrap(t); c != null; c = c.getCause()) {
            if (c instanceof BKException bk) {
                return bk.getCode();
            }
        }
        return 0;
    }

    private void checkLedgerWhileIdle() {
        if (ctx.clock().millis() - lastLedgerCheckMs >= LEDGER_CHECK_MS) {
            verifyLedger();
        }
    }

    /**
     * Asks BookKeeper's metadata whether the segment's ledger still exists; if not, re-reads the log's metadata,
     * and the snapshot read after that decides ({@link #checkSegment}): released, vanished, or lost.
     */
    private void verifyLedger() {
        if (verifying || segmentId == null) {
            return;
        }
        verifying = true;
        lastLedgerCheckMs = ctx.clock().millis();
        SegmentId id = segmentId;
        ctx.bk().getLedgerMetadata(id.ledgerId()).whenCompleteAsync((md, t) -> {
            verifying = false;
            if (stopped || !id.equals(segmentId) || t == null) {
                return;
            }
            int code = bkCode(t);
            if (code == BKException.Code.NoSuchLedgerExistsException
                    || code == BKException.Code.NoSuchLedgerExistsOnMetadataServerException) {
                LOG.warn("reader found its segment's ledger gone log={} seg={} ledger={}", ctx.fullName(), id.seq(),
                        id.ledgerId());
                missingLedger = id;
                missingSeenAtLoad = watch.refresh();
            }
        }, ctx.executor());
    }

    private void failTruncated(String what) {
        ending = true;
        nextGeneration();
        busy = true; // nothing more is read while the first readable position is looked up
        cancelRetry();
        closeHandle();
        List<LogSegmentMetadata> segs = latest.segments();
        CompletableFuture<DLSN> first;
        try {
            first = CompletableFuture.supplyAsync(() -> {
                try {
                    return StartResolver.firstReadable(ctx, segs);
                } catch (DLException e) {
                    return ReadPositions.truncationPoint(segs);
                }
            }, ctx.metadataExecutor());
        } catch (RejectedExecutionException e) {
            first = CompletableFuture.completedFuture(ReadPositions.truncationPoint(segs));
        }
        first.whenCompleteAsync((f, t) -> stop(new LogTruncatedException("reader of " + ctx.fullName()
                + " cannot go on without skipping records: " + what + " by truncation or retention; the first "
                + "readable position is " + (f != null ? f : ReadPositions.truncationPoint(segs))), true),
                ctx.executor());
    }

    private void retry() {
        retryTimer = null;
        if (!stopped && segment != null && handle == null) {
            LogSegmentMetadata cur = latest == null ? null : latest.find(segmentId);
            open(cur != null ? cur : segment);
            return;
        }
        advance();
    }

    private void cancelRetry() {
        if (retryTimer != null) {
            retryTimer.cancel(false);
            retryTimer = null;
        }
    }

    private void stop(DLException failure, boolean afterCached) {
        if (stopped) {
            return;
        }
        stopped = true;
        nextGeneration();
        watch.close();
        cancelRetry();
        closeHandle();
        listener.stopped(failure, afterCached);
    }

    /** A batch read of entries {@code first..last}, and its answer once it came. */
    private static final class PendingRead {
        final long first;
        final long last;
        final long expectedBytes;
        DecodedBatch batch;
        Throwable failure;
        private boolean done;

        PendingRead(long first, long last, long expectedBytes) {
            this.first = first;
            this.last = last;
            this.expectedBytes = expectedBytes;
        }

        void complete(DecodedBatch answer, Throwable t) {
            batch = answer;
            failure = t;
            done = true;
        }

        boolean isDone() {
            return done;
        }
    }
}
