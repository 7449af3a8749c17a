package io.dlog.client.internal;

import io.dlog.protocol.DLException;
import io.dlog.protocol.wire.Request;
import io.dlog.protocol.wire.Response;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * One client call (a write, a bulk write or an administrative request on a stream) across its attempts. Its
 * mutable fields are guarded by whoever drives it: the {@link StreamWrites} of its stream (under that object's
 * monitor) for writes, the attempt chain (one attempt at a time) for other calls.
 *
 * @param <T> the call's result
 */
final class Call<T> {
    final String stream;
    final LongFunction<Request> request;
    final ResultMapper<T> result;
    final CompletableFuture<T> future = new CompletableFuture<>();
    final long deadlineNanos;
    final Set<String> exclude = new HashSet<>();
    /** The record of a single-record write, which may be coalesced with its neighbours; null for other calls. */
    final byte[] payload;
    int attempts;
    long seq;
    boolean inFlight;
    boolean retry;
    boolean done;
    DLException lastError;
    boolean lastErrorNotSent;
    /** Send alone from now on: a coalesced request holding it was refused as too large. */
    boolean alone;

    Call(String stream, LongFunction<Request> request, ResultMapper<T> result, long deadlineNanos) {
        this(stream, request, result, deadlineNanos, null);
    }

    Call(String stream, LongFunction<Request> request, ResultMapper<T> result, long deadlineNanos, byte[] payload) {
        this.stream = stream;
        this.payload = payload;
        this.request = request;
        this.result = result;
        this.deadlineNanos = deadlineNanos;
    }

    /** Turns a success answer into the call's result. */
    @FunctionalInterface
    interface ResultMapper<T> {
        /**
         * @return the result
         * @throws DLException if the answer is not the success answer of the call's operation
         */
        T map(Response response) throws DLException;
    }
}
