package io.dlog.client.internal;

import io.dlog.client.OutcomeUnknownException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The writes of one client to one stream, kept in call order across coalescing, redirects and retries.
 *
 * <p><b>Coalescing.</b> A single-record write that finds nothing of its stream in flight goes out at once; while a
 * request is in flight, the next single-record writes gather and go out together, as one {@code WRITE_BULK} of at
 * most {@code coalesceMaxRecords} records and {@code coalesceMaxBytes} record bytes, when the answer comes (as
 * Kafka's producer batches behind an in-flight request). So one request carries what arrived during one round trip,
 * and the proxy writes it as one record set. Bulk writes of the application are never merged with anything; they
 * go out after the writes called before them. With {@code coalesceMaxRecords} 1 every write is its own request,
 * pipelined.
 *
 * <p><b>Retries.</b> When a request is rejected with "not applied, try again" ({@code FOUND}, draining, never sent,
 * ...), every call in it is, and the stream pauses: later writes queue, and once nothing of the stream is in flight,
 * the rejected ones and the queue are sent again, in call order, after a backoff. A rejected write is retried only
 * if no later write may already be in the log (acknowledged, or sent with an unknown outcome); otherwise it fails
 * with its rejection, which certainly wrote nothing. So acknowledged writes are always in the log in call order. All
 * requests in flight at one time go to the same proxy (a proxy serves a stream's requests in arrival order), so
 * ownership moving between proxies cannot reorder them. A coalesced request refused as too large (a proxy with
 * smaller limits than these bounds) wrote nothing: its calls are sent again, each alone.
 *
 * <p>Thread-safe: all state is guarded by this object's monitor; futures complete on the callback executor, in the
 * order this class decides them.
 */
final class StreamWrites {
    private final String stream;
    private final Attempts attempts;
    private final int maxRedirects;
    private final int coalesceMaxRecords;
    private final int coalesceMaxBytes;
    private final ScheduledExecutorService scheduler;
    private final Executor callbacks;
    private final ArrayDeque<Call<?>> outstanding = new ArrayDeque<>();
    /** The outstanding calls not in flight, in call order (while not paused: the ones not sent yet). */
    private final ArrayDeque<Call<?>> unsent = new ArrayDeque<>();
    private long nextSeq;
    private long maybeWrittenUpTo = -1;
    private int inFlight;
    private boolean paused;
    private boolean pumping;
    private boolean resumeScheduled;
    private boolean closed;
    private boolean retired;
    private String target;
    private CompletableFuture<Void> issueChain = CompletableFuture.completedFuture(null);

    StreamWrites(String stream, Attempts attempts, int maxRedirects, int coalesceMaxRecords, int coalesceMaxBytes,
                 ScheduledExecutorService scheduler, Executor callbacks) {
        this.stream = stream;
        this.attempts = attempts;
        this.maxRedirects = maxRedirects;
        this.coalesceMaxRecords = coalesceMaxRecords;
        this.coalesceMaxBytes = coalesceMaxBytes;
        this.scheduler = scheduler;
        this.callbacks = callbacks;
    }

    /** Adds a write behind the stream's earlier writes and sends what may go now. */
    private void submit(Call<?> call) {
        if (closed) {
            fail(call, new DLException(StatusCode.CLIENT_CLOSED, "client is closed"));
            return;
        }
        call.seq = nextSeq++;
        outstanding.add(call);
        unsent.add(call);
        pump();
    }

    /**
     * Adds a write unless this object was retired ({@link #retireIfIdle}); the caller then submits it to the
     * stream's new {@code StreamWrites}.
     *
     * @return false if retired (the call was not taken)
     */
    synchronized boolean trySubmit(Call<?> call) {
        if (retired) {
            return false;
        }
        submit(call);
        return true;
    }

    /**
     * Retires this object if nothing is outstanding, so that the client may forget the stream: a later write then
     * goes to a new {@code StreamWrites}. Checking "idle" and refusing later submits under one monitor is what
     * keeps two of them from ever holding writes of one stream at once (their writes could overtake each other).
     *
     * @return whether it is retired
     */
    synchronized boolean retireIfIdle() {
        if (outstanding.isEmpty()) {
            retired = true;
        }
        return retired;
    }

    private boolean coalescing() {
        return coalesceMaxRecords > 1;
    }

    private static boolean coalescable(Call<?> c) {
        return c.payload != null && !c.alone;
    }

    /**
     * Sends the unsent calls that may go now, in call order: all of them one by one without coalescing; with it,
     * a single-record write waits while a request is in flight (it gathers with the next ones), and what waits
     * goes out in bounded batches once nothing is in flight. Re-entry (an attempt that ends at once) returns: the
     * outer loop goes on.
     */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (!paused && !closed) {
                Call<?> head = unsent.peekFirst();
                if (head == null || (coalescing() && inFlight > 0 && coalescable(head))) {
                    return;
                }
                WriteBatch batch = nextBatch();
                if (batch != null) {
                    send(batch);
                }
            }
        } finally {
            pumping = false;
        }
    }

    /** Takes the next request's calls off the unsent queue (null if the head timed out waiting: it fails). */
    private WriteBatch nextBatch() {
        Call<?> head = unsent.pollFirst();
        if (attempts.expired(head)) {
            outstanding.remove(head);
            fail(head, new DLException(StatusCode.TIMEOUT, "request timeout: a write to " + stream
                    + " waited behind earlier writes and was never sent"));
            return null;
        }
        if (!coalescing() || !coalescable(head)) {
            return WriteBatch.alone(head);
        }
        List<Call<?>> calls = new ArrayList<>();
        calls.add(head);
        long bytes = 4L + head.payload.length;
        for (Call<?> next = unsent.peekFirst(); next != null && calls.size() < coalesceMaxRecords
                && coalescable(next) && bytes + 4L + next.payload.length <= coalesceMaxBytes
                && !attempts.expired(next); next = unsent.peekFirst()) {
            calls.add(unsent.pollFirst());
            bytes += 4L + next.payload.length;
        }
        return calls.size() == 1 ? WriteBatch.alone(head) : WriteBatch.coalesced(calls);
    }

    private void send(WriteBatch batch) {
        for (Call<?> call : batch.calls()) {
            call.inFlight = true;
            call.retry = false;
            call.attempts++;
        }
        // every request in flight goes to one proxy, so that proxy's per-stream order is the order of the log; a
        // new target is chosen only when none is in flight
        if (inFlight == 0 || target == null) {
            target = attempts.target(batch.carrier());
        }
        String address = target;
        inFlight++;
        // hand requests to their connection in call order, even while a connection is still being opened
        // (callbacks on one pending future would run in reverse order)
        CompletableFuture<Void> issued = new CompletableFuture<>();
        issueChain = issueChain.thenRun(() -> attempts.attempt(batch.carrier(), address, issued)
                .thenAccept(outcome -> onOutcome(batch, outcome))).thenCompose(v -> issued);
    }

    private synchronized void onOutcome(WriteBatch batch, Outcome outcome) {
        inFlight--;
        batch.shareExclusions();
        Outcome o = outcome;
        if (batch.isCoalesced() && o.kind() == Outcome.Kind.FAILED
                && o.error().code() == StatusCode.TOO_LARGE_RECORD) {
            // the proxy's limits are below this client's coalescing bounds; nothing was written: send each alone
            for (Call<?> c : batch.calls()) {
                c.alone = true;
            }
            o = new Outcome(Outcome.Kind.RETRY, null, o.error(), o.address());
        }
        List<Outcome> each = batch.split(o);
        for (int i = 0; i < each.size(); i++) {
            decide(batch.calls().get(i), each.get(i));
        }
        if (paused && inFlight == 0 && !resumeScheduled && !closed) {
            long delay = 0;
            for (Call<?> c : outstanding) {
                if (c.retry) {
                    delay = Math.max(delay, attempts.delayNanos(c));
                }
            }
            resumeScheduled = true;
            scheduler.schedule(this::resume, delay, TimeUnit.NANOSECONDS);
        } else {
            pump();
        }
    }

    private void decide(Call<?> call, Outcome outcome) {
        call.inFlight = false;
        if (call.done) {
            // failed already (client closed); an answer that says "written" still orders what follows
            if (outcome.kind() == Outcome.Kind.SUCCESS || outcome.kind() == Outcome.Kind.UNKNOWN) {
                maybeWrittenUpTo = Math.max(maybeWrittenUpTo, call.seq);
            }
            return;
        }
        switch (outcome.kind()) {
            case SUCCESS -> {
                maybeWrittenUpTo = Math.max(maybeWrittenUpTo, call.seq);
                finish(call, outcome, null);
            }
            case UNKNOWN -> {
                maybeWrittenUpTo = Math.max(maybeWrittenUpTo, call.seq);
                finish(call, null, outcome.error());
            }
            case FAILED -> finish(call, null, outcome.error());
            case RETRY -> {
                call.retry = true;
                call.lastError = outcome.error();
                paused = true;
            }
            default -> throw new IllegalStateException("unknown outcome " + outcome.kind());
        }
    }

    private synchronized void resume() {
        resumeScheduled = false;
        unsent.clear();
        for (Iterator<Call<?>> it = outstanding.iterator(); it.hasNext(); ) {
            Call<?> c = it.next();
            if (c.retry && c.seq < maybeWrittenUpTo) {
                it.remove();
                fail(c, c.lastError);
            } else if (c.retry && !attempts.mayRetry(c, maxRedirects)) {
                it.remove();
                fail(c, attempts.giveUp(c));
            } else if (!c.inFlight && attempts.expired(c)) {
                it.remove();
                fail(c, new DLException(StatusCode.TIMEOUT, "request timeout: a write to " + stream
                        + " waited behind a retry and was never sent"));
            } else if (!c.inFlight) {
                unsent.add(c);
            }
        }
        paused = false;
        // an attempt that fails at once (no connection) pauses again: the rest wait for the next resume, in order
        pump();
    }

    /** Fails every outstanding write (the client is closing). */
    synchronized void closeAll() {
        for (Call<?> c : outstanding) {
            fail(c, c.inFlight ? new OutcomeUnknownException(StatusCode.CLIENT_CLOSED,
                    "client closed while a write to " + stream + " was in flight; it may or may not be written")
                    : new DLException(StatusCode.CLIENT_CLOSED, "client closed before a write to " + stream
                    + " was sent"));
        }
        outstanding.clear();
        unsent.clear();
        paused = true;
        closed = true;
    }

    private void finish(Call<?> call, Outcome outcome, DLException error) {
        outstanding.remove(call);
        if (error != null) {
            fail(call, error);
            return;
        }
        complete(call, outcome);
    }

    private <T> void complete(Call<T> call, Outcome outcome) {
        call.done = true;
        T value;
        try {
            value = call.result.map(outcome.response());
        } catch (DLException e) {
            callbacks.execute(() -> call.future.completeExceptionally(e));
            return;
        }
        callbacks.execute(() -> call.future.complete(value));
    }

    private void fail(Call<?> call, DLException error) {
        call.done = true;
        DLException e = Outcomes.forCaller(error);
        callbacks.execute(() -> call.future.completeExceptionally(e));
    }
}
