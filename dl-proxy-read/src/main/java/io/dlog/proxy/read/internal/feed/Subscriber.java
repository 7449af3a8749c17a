package io.dlog.proxy.read.internal.feed;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.SubscriptionLease;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * One remote reader: its next position, its credit, and how it is served (from its stream's cache, or by a
 * catch-up reader of its own). Credit is guarded by this object's monitor (grants arrive before the reader is
 * attached to a feed); everything else by the {@link StreamFeed}'s lock, which is always taken first.
 */
public final class Subscriber {
    final long readerId;
    final String stream;
    final ReaderSink sink;
    private long creditRecords;
    private long creditBytes;
    private long noCreditSinceNanos;

    /** Set once, when attached; read without the feed's lock by credit grants (hence volatile). */
    volatile StreamFeed feed;
    /** Set (under this object's monitor) when the client closed the reader before it was attached. */
    boolean closeRequested;
    /** Told once when the reader is gone (the table's reader count). */
    Runnable onGone;
    /** The durable subscription's read lock this reader holds (null for a plain reader). */
    private volatile SubscriptionLease lease;
    private boolean leaseReleased;
    private volatile Runnable onLeaseRelease = () -> { };
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    /** The start the proxy resolved (FIRST, LAST, TAIL), named in the open's answer; null otherwise. */
    volatile DLSN reportStart;
    /** Deliver records at or after this position; null until a txid reader has delivered its first record. */
    DLSN next;
    boolean acked;
    boolean ended;
    boolean tailMode;
    boolean holdsPermit;
    AsyncLogReader catchUp;
    boolean catchUpReading;
    long catchUpGen;
    final ArrayDeque<LogRecordWithDLSN> held = new ArrayDeque<>();
    final EntryTracker catchUpEntries = new EntryTracker();

    /**
     * Makes a subscriber (not yet attached to a stream).
     *
     * @param readerId the reader id (the open's request id)
     * @param stream the stream
     * @param creditRecords initial record credit
     * @param creditBytes initial byte credit
     * @param sink where its frames go
     */
    public Subscriber(long readerId, String stream, int creditRecords, long creditBytes, ReaderSink sink) {
        this.readerId = readerId;
        this.stream = stream;
        this.creditRecords = creditRecords;
        this.creditBytes = creditBytes;
        this.sink = sink;
    }

    /** Returns whether {@code other} is this subscriber's sink. */
    public boolean sinkIs(ReaderSink other) {
        return sink == other;
    }

    /** Returns the reader id. */
    public long readerId() {
        return readerId;
    }

    /** Returns the durable subscription's lease, or null (a plain reader, or not yet subscribed). */
    public SubscriptionLease lease() {
        return lease;
    }

    /**
     * Records the subscription's lease (released when the reader goes; then {@code onRelease} runs).
     *
     * @return false if the reader already went: the lease is released at once
     */
    boolean holdLease(SubscriptionLease taken, Runnable onRelease) {
        synchronized (this) {
            if (!leaseReleased) {
                this.onLeaseRelease = onRelease;
                this.lease = taken;
                return true;
            }
        }
        taken.asyncClose();
        return false;
    }

    /** Releases the subscription's lock, if any (never blocks; idempotent). */
    void releaseLease() {
        SubscriptionLease l;
        synchronized (this) {
            if (leaseReleased) {
                return;
            }
            l = lease;
            leaseReleased = true;
        }
        if (l == null) {
            released.complete(null);
        } else {
            onLeaseRelease.run();
            l.asyncClose().whenComplete((v, t) -> released.complete(null));
        }
    }

    /**
     * Completes once the reader has gone and its subscription's lock (if any) is released: a {@code CLOSE_READER}
     * of a subscription is answered then, so the client may subscribe again at once.
     */
    public CompletableFuture<Void> released() {
        return released;
    }

    void gone() {
        releaseLease();
        Runnable r = onGone;
        onGone = null;
        if (r != null) {
            r.run();
        }
    }

    /** Adds credit (saturating). */
    synchronized void grant(int records, long bytes) {
        creditRecords = Math.min(Long.MAX_VALUE / 2, creditRecords + records);
        creditBytes = Math.min(Long.MAX_VALUE / 2, creditBytes + bytes);
        if (hasCredit()) {
            noCreditSinceNanos = 0;
        }
    }

    /** Whether one more record may be sent. */
    synchronized boolean hasCredit() {
        return creditRecords > 0 && creditBytes > 0;
    }

    /** Records that may still be sent (at least 0). */
    synchronized long recordCredit() {
        return Math.max(0, creditRecords);
    }

    /** Takes the credit of one record sent; notes when credit ran out. */
    synchronized void spend(int payloadBytes, long nowNanos) {
        creditRecords--;
        creditBytes -= payloadBytes;
        if (!hasCredit() && noCreditSinceNanos == 0) {
            noCreditSinceNanos = nowNanos == 0 ? 1 : nowNanos;
        }
    }

    /** Whether the subscriber has had no credit for longer than {@code timeoutNanos}. */
    synchronized boolean starved(long nowNanos, long timeoutNanos) {
        return !hasCredit() && noCreditSinceNanos != 0 && nowNanos - noCreditSinceNanos > timeoutNanos;
    }

    @Override
    public String toString() {
        return "Subscriber[reader=" + readerId + ", stream=" + stream + ", next=" + next + "]";
    }
}
