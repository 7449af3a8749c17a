package io.dlog.proxy.write.internal.ownership;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.OverCapacityException;
import io.dlog.protocol.StatusCode;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream this proxy owns or is acquiring: its log handle, its single writer, the requests waiting for it and
 * the bytes it holds in flight.
 *
 * <p><b>Order.</b> Requests reach the writer in the order {@link #submit} was called: while the writer is being
 * opened, and while a bulk write waits for the writer to drain, later requests wait in a FIFO queue behind it.
 *
 * <p><b>Threads.</b> {@link #submit} runs on an event loop and only appends under this object's monitor (the writer
 * appends on the caller's thread and returns at once). Writer callbacks may run under the writer's own lock, so
 * they never take this monitor: they update atomics and hop to {@code events} for anything else.
 */
final class OwnedStream {
    private static final Logger LOG = LoggerFactory.getLogger(OwnedStream.class);

    /** Lifecycle; moves only forward. */
    enum State { ACQUIRING, OWNED, CLOSING, CLOSED }

    private final String name;
    private final LogManager log;
    private final Executor events;
    private final LongSupplier nanoClock;
    private final StreamListener listener;
    private final ArrayDeque<StreamOp> waiting = new ArrayDeque<>();
    private final AtomicLong inflightBytes = new AtomicLong();
    private final AtomicInteger inflightOps = new AtomicInteger();
    private final AtomicInteger sentOps = new AtomicInteger();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile long lastActiveNanos;
    private State state = State.ACQUIRING;
    private AsyncLogWriter writer;
    private boolean draining; // a bulk waits for the writer to drain; later requests queue behind it

    /** What the table learns from a stream. */
    interface StreamListener {
        /** The writer failed; the stream is closing. */
        void writerFailed(OwnedStream stream, DLException error);

        /** A request finished and gave back its bytes. */
        void released(long bytes);
    }

    OwnedStream(String name, LogManager log, Executor events, LongSupplier nanoClock, StreamListener listener) {
        this.name = name;
        this.log = log;
        this.events = events;
        this.nanoClock = nanoClock;
        this.listener = listener;
        this.lastActiveNanos = nanoClock.getAsLong();
    }

    String name() {
        return name;
    }

    LogManager log() {
        return log;
    }

    synchronized State state() {
        return state;
    }

    long inflightBytes() {
        return inflightBytes.get();
    }

    int inflightOps() {
        return inflightOps.get();
    }

    long lastActiveNanos() {
        return lastActiveNanos;
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    /**
     * Accepts a request; it reaches the writer after every request submitted before it.
     *
     * @param op the request
     * @param streamLimit the stream's in-flight byte bound
     * @return null if accepted, else why not (the caller fails the request; it was not written)
     */
    synchronized DLException submit(StreamOp op, long streamLimit) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return closingError();
        }
        long bytes = op.bytes();
        if (bytes > 0 && inflightBytes.get() + bytes > streamLimit && inflightOps.get() > 0) {
            return new OverCapacityException("stream " + name + " has " + inflightBytes.get()
                    + " bytes in flight; proxy.stream.max.inflight.bytes=" + streamLimit);
        }
        lastActiveNanos = nanoClock.getAsLong();
        inflightBytes.addAndGet(bytes);
        inflightOps.incrementAndGet();
        if (state == State.ACQUIRING || draining || !waiting.isEmpty()) {
            waiting.add(op);
        } else {
            run(op);
        }
        return null;
    }

    /** The writer is open: runs the queued requests in order (or closes it, if a close came first). */
    void acquired(AsyncLogWriter w) {
        synchronized (this) {
            if (state == State.ACQUIRING) {
                writer = w;
                state = State.OWNED;
                drainQueue();
                return;
            }
        }
        w.asyncClose().whenComplete((v, t) -> events.execute(() -> finishClose(t)));
    }

    /** The writer could not be opened: fails every queued request with the same answer. */
    void acquireFailed(DLException error) {
        synchronized (this) {
            if (state == State.ACQUIRING) {
                state = State.CLOSING;
            }
            failQueued(error);
        }
        finishClose(null);
    }

    /**
     * Closes the writer after its pending writes (which complete first), which releases the lock.
     *
     * @param queuedError the answer for requests still queued (they were not sent)
     * @return completes when the writer is closed and the lock released
     */
    CompletableFuture<Void> close(DLException queuedError) {
        AsyncLogWriter w;
        synchronized (this) {
            if (state == State.CLOSING || state == State.CLOSED) {
                return closed;
            }
            boolean opening = state == State.ACQUIRING;
            state = State.CLOSING;
            failQueued(queuedError);
            if (opening) {
                return closed; // acquired() or acquireFailed() finishes the close
            }
            w = writer;
        }
        w.asyncClose().whenComplete((v, t) -> events.execute(() -> finishClose(t)));
        return closed;
    }

    private void finishClose(Throwable t) {
        if (t != null) {
            LOG.warn("writer close failed stream={} error={}", name, Futures.unwrap(t).toString());
        }
        synchronized (this) {
            state = State.CLOSED;
        }
        log.close();
        closed.complete(null);
    }

    private void run(StreamOp op) {
        if (op.needsEmptyWriter() && sentOps.get() > 0) {
            // Earlier requests are still pending: wait until the writer has none, so that the bulk's records start
            // a record set of their own (and, fitting the batch size, form exactly one entry).
            draining = true;
            waiting.addFirst(op);
            writer.flush().whenComplete((v, t) -> events.execute(this::writerDrained));
            return;
        }
        runNow(op);
    }

    private synchronized void writerDrained() {
        draining = false;
        if (state == State.OWNED) {
            StreamOp bulk = waiting.pollFirst();
            if (bulk != null) {
                runNow(bulk);
            }
            drainQueue();
        }
    }

    private void runNow(StreamOp op) {
        sentOps.incrementAndGet();
        CompletableFuture<?> f;
        try {
            f = op.submit(writer);
        } catch (RuntimeException e) {
            f = Futures.failed(e);
        }
        long bytes = op.bytes();
        f.whenComplete((v, t) -> done(bytes, t));
    }

    private void drainQueue() {
        while (!draining && state == State.OWNED && !waiting.isEmpty()) {
            run(waiting.pollFirst());
        }
    }

    private void done(long bytes, Throwable t) {
        sentOps.decrementAndGet();
        inflightBytes.addAndGet(-bytes);
        inflightOps.decrementAndGet();
        listener.released(bytes);
        if (t != null) {
            DLException e = Futures.toDLException(t);
            if (endsWriter(e.code())) {
                events.execute(() -> listener.writerFailed(this, e));
            }
        }
    }

    private void failQueued(DLException error) {
        StreamOp op;
        while ((op = waiting.pollFirst()) != null) {
            long bytes = op.bytes();
            inflightBytes.addAndGet(-bytes);
            inflightOps.decrementAndGet();
            listener.released(bytes);
            op.fail(error);
        }
    }

    /** Whether a failure means the writer is unusable (rather than one request being refused). */
    static boolean endsWriter(StatusCode code) {
        return switch (code) {
            case TOO_LARGE_RECORD, TRANSACTION_OUT_OF_ORDER, INVALID_ARGUMENT, OVER_CAPACITY, END_OF_STREAM,
                    LOG_TRUNCATED, LOG_NOT_FOUND -> false;
            default -> true;
        };
    }

    private DLException closingError() {
        return new DLException(StatusCode.STREAM_UNAVAILABLE, "stream " + name
                + " is being released by this proxy; retry");
    }
}
