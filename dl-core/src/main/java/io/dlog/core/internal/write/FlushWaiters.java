package io.dlog.core.internal.write;

import io.dlog.protocol.DLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The futures of {@code flush()} calls, each waiting until a count of records has been acknowledged. Guarded by
 * the writer's monitor; the futures are completed by the caller, outside it.
 */
final class FlushWaiters {
    private record Waiter(long target, CompletableFuture<Void> future) {
    }

    private final List<Waiter> waiters = new ArrayList<>();

    void add(long target, CompletableFuture<Void> future) {
        waiters.add(new Waiter(target, future));
    }

    /** Removes the waiters satisfied by {@code acked} records and returns what completes them. */
    Runnable satisfied(long acked) {
        if (waiters.isEmpty()) {
            return null;
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        waiters.removeIf(w -> acked >= w.target() && done.add(w.future()));
        return done.isEmpty() ? null : () -> done.forEach(f -> f.complete(null));
    }

    /** Removes every waiter and returns what fails them. */
    Runnable failAll(DLException ex) {
        List<Waiter> all = new ArrayList<>(waiters);
        waiters.clear();
        return () -> all.forEach(w -> w.future().completeExceptionally(ex));
    }
}
