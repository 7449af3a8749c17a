package io.dlog.core.internal;

import io.dlog.protocol.DLException;
import io.dlog.protocol.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Waiting on a future from a metadata thread (never from a log executor or a client callback thread). */
public final class Await {
    private static final Duration LIMIT = Duration.ofMinutes(2);

    private Await() {
    }

    /**
     * Waits for a future.
     *
     * @param f the future
     * @param <T> its type
     * @return its value
     * @throws DLException its failure, or TIMEOUT after two minutes
     */
    public static <T> T await(CompletableFuture<T> f) throws DLException {
        return Futures.result(f, LIMIT);
    }
}
