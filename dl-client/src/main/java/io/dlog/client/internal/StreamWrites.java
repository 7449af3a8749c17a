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
 * The writes of one client to one stream, kept in call order across redirects and retries.
 *
 * <p>Writes are pipelined while answers are successes. When one is rejected with "not applied, try again"
 * ({@code FOUND}, draining, never sent, ...), the stream pauses: later writes queue, and once no write of the stream
 * is in flight, the rejected ones and the queue are sent again, in call order, after a backoff. A rejected write is
 * retried only if no later write may already be in the log (acknowledged, or sent with an unknown outcome);
 * otherwise it fails with its rejection, which certainly wrote nothing. So acknowledged writes are always in the
 * log in call order. All writes in flight at one time go to the same proxy (a proxy serves a stream's requests in
 * arrival order), so ownership moving between proxies cannot reorder them. Thread-safe: all state is guarded by
 * this object's monitor; futures complete on the callback
 * executor, in the order this class decides them.
 */
final class StreamWrites {
    private final String stream;
    private final Attempts attempts;
    private final int maxRedirects;
    private final ScheduledExecutorService scheduler;
    private final Executor callbacks;
    private final ArrayDeque<Call<?>> outstanding = new ArrayDeque<>();
    private long nextSeq;
    private long maybeWrittenUpTo = -1;
    private int inFlight;
    private boolean paused;
    private boolean resumeScheduled;
    private boolean closed;
    private boolean retired;
    private String target;
    private CompletableFuture<Void> issueChain = CompletableFuture.completedFuture(null);

    StreamWrites(String stream, Attempts attempts, int maxRedirects, ScheduledExecutorService scheduler,
                 Executor callbacks) {
        this.stream = stream;
        this.attempts = attempts;
        this.maxRedirects = maxRedirects;
        this.scheduler = scheduler;
        this.callbacks = callbacks;
    }

    /** Adds a write behind the stream's earlier writes and sends it unless the stream is paused. */
    private void submit(Call<?> call) {
        if (closed) {
            fail(call, new DLException(StatusCode.CLIENT_CLOSED, "client is closed"));
            return;
        }
        call.seq = nextSeq++;
        outstanding.add(call);
        if (!paused) {
            send(call);
        }
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

    private void send(Call<?> call) {
        call.inFlight = true;
        call.retry = false;
        call.attempts++;
        // every write in flight goes to one proxy, so that proxy's per-stream order is the order of the log; a new
        // target is chosen only when none is in flight
        if (inFlight == 0 || target == null) {
            target = attempts.target(call);
        }
        String address = target;
        inFlight++;
        // hand requests to their connection in call order, even while a connection is still being opened
        // (callbacks on one pending future would run in reverse order)
        CompletableFuture<Void> issued = new CompletableFuture<>();
        issueChain = issueChain.thenRun(() -> attempts.attempt(call, address, issued)
                .thenAccept(outcome -> onOutcome(call, outcome))).thenCompose(v -> issued);
    }

    private synchronized void onOutcome(Call<?> call, Outcome outcome) {
        inFlight--;
        call.inFlight = false;
        if (call.done) {
            // failed already (client closed); an answer that says "written" still orders what follows
            if (outcome.kind() == Outcome.Kind.SUCCESS || outcome.kind() == Outcome.Kind.UNKNOWN) {
                maybeWrittenUpTo = Math.max(maybeWrittenUpTo, call.seq);
            }
        } else {
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
        if (paused && inFlight == 0 && !resumeScheduled && !closed) {
            long delay = 0;
            for (Call<?> c : outstanding) {
                if (c.retry) {
                    delay = Math.max(delay, attempts.delayNanos(c));
                }
            }
            resumeScheduled = true;
            scheduler.schedule(this::resume, delay, TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void resume() {
        resumeScheduled = false;
        List<Call<?>> toSend = new ArrayList<>();
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
                toSend.add(c);
            }
        }
        paused = false;
        for (Call<?> c : toSend) {
            if (paused) {
                // an attempt failed at once (no connection): the rest wait for the next resume, still in order
                break;
            }
            send(c);
        }
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
