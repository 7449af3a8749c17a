package io.dlog.proxy.read.internal.feed;

import io.dlog.proxy.read.internal.ReadProxyMetrics;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * What every stream feed shares: limits, the feed executor (where core reader callbacks, grants and opens run,
 * never an event loop), the proxy-wide pool of catch-up reader permits, metrics and the clock.
 *
 * @param cacheMaxBytes per-stream cache bound
 * @param batchMaxRecords records per pushed frame and per core read
 * @param batchMaxBytes payload bytes after which a pushed frame is closed
 * @param creditTimeoutNanos how long a reader may have no credit
 * @param executor the feed executor
 * @param catchUpPermits catch-up readers that may still start
 * @param metrics the proxy's metrics
 * @param clock nanoTime source
 */
public record FeedContext(long cacheMaxBytes, int batchMaxRecords, int batchMaxBytes, long creditTimeoutNanos,
        Executor executor, AtomicInteger catchUpPermits, ReadProxyMetrics metrics, LongSupplier clock) {

    /** Takes a catch-up permit if one is free. */
    boolean tryAcquireCatchUp() {
        while (true) {
            int n = catchUpPermits.get();
            if (n <= 0) {
                return false;
            }
            if (catchUpPermits.compareAndSet(n, n - 1)) {
                metrics.catchUp(1);
                return true;
            }
        }
    }

    /** Returns a catch-up permit. */
    void releaseCatchUp() {
        catchUpPermits.incrementAndGet();
        metrics.catchUp(-1);
    }
}
