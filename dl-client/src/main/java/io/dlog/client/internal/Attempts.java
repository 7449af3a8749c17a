package io.dlog.client.internal;

import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import io.dlog.protocol.NotOwnerException;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.AckResponse;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.GetOwnerResponse;
import io.dlog.protocol.wire.Opcode;
import io.dlog.protocol.wire.Response;
import io.dlog.protocol.wire.WriteBulkResponse;
import io.dlog.protocol.wire.WriteResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs one attempt of a call: picks the proxy, gets the connection, sends, and classifies the answer, teaching the
 * {@link Router} what it learned (an owner, a draining or unreachable proxy). Also computes retry delays.
 * Thread-safe; never blocks.
 */
final class Attempts {
    /** Retry interval for a stream whose named owner this client cannot reach (see {@link #delayNanos}). */
    static final long DEAD_OWNER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Router router;
    private final ConnectionPool pool;
    private final LongSupplier clock;
    private final long backoffInitialNanos;
    private final long backoffMaxNanos;

    Attempts(Router router, ConnectionPool pool, LongSupplier clock, Duration backoffInitial, Duration backoffMax) {
        this.router = router;
        this.pool = pool;
        this.clock = clock;
        this.backoffInitialNanos = backoffInitial.toNanos();
        this.backoffMaxNanos = backoffMax.toNanos();
    }

    /** Sends {@code call} once; the outcome never completes exceptionally. */
    CompletableFuture<Outcome> attempt(Call<?> call) {
        return attempt(call, new CompletableFuture<>());
    }

    /**
     * Sends {@code call} once.
     *
     * @param issued completed once the request has been handed to its connection (so a later request handed to
     *     the same connection goes out after it), or once the attempt failed before that
     * @return the outcome; never completes exceptionally
     */
    CompletableFuture<Outcome> attempt(Call<?> call, CompletableFuture<Void> issued) {
        return attempt(call, target(call), issued);
    }

    /** The proxy the next attempt of {@code call} would go to (null if no address is known). */
    String target(Call<?> call) {
        return router.target(call.stream, call.exclude);
    }

    /**
     * Sends {@code call} once to {@code address}.
     *
     * @param issued completed once the request has been handed to its connection, or the attempt failed before
     * @return the outcome; never completes exceptionally
     */
    CompletableFuture<Outcome> attempt(Call<?> call, String address, CompletableFuture<Void> issued) {
        if (address == null) {
            issued.complete(null);
            return CompletableFuture.completedFuture(new Outcome(Outcome.Kind.RETRY, null,
                    new NotSentException("no proxy address known"), null));
        }
        long timeout = call.deadlineNanos - clock.getAsLong();
        return pool.get(address)
                .thenCompose(connection -> {
                    try {
                        return connection.send(call.request, timeout);
                    } finally {
                        issued.complete(null);
                    }
                })
                .handle((response, error) -> {
                    issued.complete(null);
                    return classify(call, address, response, error);
                });
    }

    private Outcome classify(Call<?> call, String address, Response response, Throwable error) {
        if (error != null) {
            DLException e = Futures.toDLException(error);
            if (e instanceof NotSentException) {
                router.unreachable(address, e.getMessage());
                if (router.claimMembershipRefresh()) {
                    pool.refreshMembership(address);
                }
                return new Outcome(Outcome.Kind.RETRY, null, e, address);
            }
            return new Outcome(Outcomes.isRetryable(e) ? Outcome.Kind.RETRY
                    : Outcomes.isIndeterminate(e) ? Outcome.Kind.UNKNOWN : Outcome.Kind.FAILED, null, e, address);
        }
        if (response instanceof ErrorResponse err) {
            DLException e = err.toException();
            learn(call, address, err);
            if (Outcomes.isRetryable(e)) {
                return new Outcome(Outcome.Kind.RETRY, null, e, address);
            }
            return new Outcome(Outcomes.isIndeterminate(e) ? Outcome.Kind.UNKNOWN : Outcome.Kind.FAILED, null, e,
                    address);
        }
        learn(call.stream, address, response);
        return new Outcome(Outcome.Kind.SUCCESS, response, null, address);
    }

    /** What a success says about ownership: a write was served by the owner; a release or getOwner moves it. */
    private void learn(String stream, String address, Response response) {
        if (response instanceof WriteResponse || response instanceof WriteBulkResponse) {
            router.served(stream, address);
        } else if (response instanceof GetOwnerResponse g) {
            router.found(stream, g.owner());
        } else if (response instanceof AckResponse ack && ack.opcode() == Opcode.RELEASE) {
            router.found(stream, "");
        }
    }

    private void learn(Call<?> call, String address, ErrorResponse err) {
        StatusCode code = err.statusCode();
        if (code == StatusCode.FOUND) {
            router.found(call.stream, err.owner());
            if (err.owner().isEmpty() || err.owner().equals(address)) {
                call.exclude.add(address);
            }
        } else if (code == StatusCode.SERVICE_UNAVAILABLE) {
            router.draining(address);
            call.exclude.add(address);
        } else if (code == StatusCode.STREAM_UNAVAILABLE) {
            // The proxy could not serve the stream (its writer failed there, say because it cannot reach the
            // bookies) and has released it: the retry goes to another proxy, which can take it over, instead
            // of coming back to this one, which would take the lock again and fail the same way.
            call.exclude.add(address);
        }
    }

    /**
     * The delay before the next attempt: none for the first redirect to a named owner, then exponential from
     * the initial backoff up to the maximum.
     */
    long delayNanos(Call<?> call) {
        DLException e = call.lastError;
        if (call.attempts <= 1 && e != null && e.code() == StatusCode.FOUND
                && e instanceof NotOwnerException n && n.owner().isPresent()) {
            return 0;
        }
        int shift = Math.min(20, Math.max(0, call.attempts - 1));
        long delay = Math.min(backoffMaxNanos, backoffInitialNanos << shift);
        if (e instanceof NotOwnerException n && n.owner().isPresent() && router.isAvoided(n.owner().get())) {
            // The named owner cannot be reached: most likely dead, its lock held until its session expires. The proxy
            // that answered takes the stream over then, so ask it again often (it answers from its owner cache
            // meanwhile) rather than at full backoff, which would add up to a backoff to every takeover.
            delay = Math.min(delay, DEAD_OWNER_POLL_NANOS);
        }
        return delay;
    }

    /** Whether the call may be attempted again now. */
    boolean mayRetry(Call<?> call, int maxRedirects) {
        return call.attempts <= maxRedirects && call.deadlineNanos - clock.getAsLong() > 0;
    }

    /** Whether the call's request timeout has passed. */
    boolean expired(Call<?> call) {
        return call.deadlineNanos - clock.getAsLong() <= 0;
    }

    /** The failure a call ends with when it may not be retried any more. */
    DLException giveUp(Call<?> call) {
        DLException last = call.lastError;
        if (last == null || last instanceof NotSentException) {
            return new DLException(StatusCode.SERVICE_UNAVAILABLE, "no proxy reachable for stream " + call.stream
                    + " after " + call.attempts + " attempts: " + router.describeFailures());
        }
        if (call.deadlineNanos - clock.getAsLong() <= 0 && Outcomes.isRetryable(last)) {
            return new DLException(StatusCode.TIMEOUT, "request timeout for stream " + call.stream + " after "
                    + call.attempts + " attempts; last answer: " + last.getMessage(), last);
        }
        return last;
    }
}
