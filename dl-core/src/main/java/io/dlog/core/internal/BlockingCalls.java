package io.dlog.core.internal;

import io.dlog.protocol.AlreadyClosedException;
import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs a blocking metadata call on the namespace's admin executor for an {@code ...Async} API method, so the
 * caller (a Netty event loop, say) never blocks and the metadata threads that commit rolls are not held. The
 * future fails with the call's {@link DLException} itself, unwrapped.
 */
final class BlockingCalls {
    /** A blocking call that may fail with a {@link DLException}. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws DLException;
    }

    private BlockingCalls() {
    }

    static <T> CompletableFuture<T> submit(Executor executor, String what, Call<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    f.complete(call.call());
                } catch (DLException e) {
                    f.completeExceptionally(e);
                } catch (RuntimeException e) {
                    f.completeExceptionally(new DLException(StatusCode.UNEXPECTED, what + " failed: " + e, e));
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new AlreadyClosedException(what + ": the namespace is closed"));
        }
        return f;
    }
}
