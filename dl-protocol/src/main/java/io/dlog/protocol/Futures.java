package io.dlog.protocol;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one place where futures are unwrapped and waited on at a synchronous boundary.
 */
public final class Futures {
    private Futures() {
    }

    /**
     * Strips {@link CompletionException} and {@link ExecutionException} wrappers.
     *
     * @param t a failure as a future reports it
     * @return the underlying cause
     */
    public static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    /**
     * Converts any failure to the {@link DLException} that describes it.
     *
     * @param t a failure
     * @return the DLException itself, or one with {@link StatusCode#UNEXPECTED} wrapping it
     */
    public static DLException toDLException(Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof DLException dl) {
            return dl;
        }
        if (cause instanceof TimeoutException) {
            return new DLException(StatusCode.TIMEOUT, "timed out: " + cause.getMessage(), cause);
        }
        return new DLException(StatusCode.UNEXPECTED, String.valueOf(cause), cause);
    }

    /**
     * Waits for a future at a synchronous boundary.
     *
     * @param future the future
     * @param timeout how long to wait
     * @param <T> the result type
     * @return the result
     * @throws DLException the future's failure; {@link StatusCode#TIMEOUT} when the wait ran out;
     *     {@link StatusCode#INTERRUPTED} (with the interrupt flag restored) when interrupted
     */
    public static <T> T result(CompletableFuture<T> future, Duration timeout) throws DLException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DLException(StatusCode.INTERRUPTED, "interrupted while waiting", e);
        } catch (ExecutionException e) {
            throw toDLException(e);
        } catch (TimeoutException e) {
            throw new DLException(StatusCode.TIMEOUT, "no result within " + timeout.toMillis() + " ms", e);
        }
    }

    /**
     * Returns a future already failed with the given exception.
     *
     * @param t the failure
     * @param <T> the result type
     * @return the failed future
     */
    public static <T> CompletableFuture<T> failed(Throwable t) {
        return CompletableFuture.failedFuture(t);
    }
}
