package io.dlog.protocol.entry;

import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * A pooled allocator without thread-local caches, so its arena metrics count every release: after a test,
 * {@link #activeAllocations(PooledByteBufAllocator)} is zero exactly when nothing leaked. Lets tests exercise
 * pooled buffers (slices of shared chunks) with the same leak check as {@link TrackingAllocator}.
 */
final class UncachedPool {
    private UncachedPool() {
    }

    /** Returns a new direct-preferring pool with one arena, 8 KiB pages, 4 MiB chunks and no caches. */
    static PooledByteBufAllocator create() {
        return new PooledByteBufAllocator(true, 1, 1, 8192, 9, 0, 0, false);
    }

    /** Returns the number of buffers allocated from the pool and not yet released. */
    static long activeAllocations(PooledByteBufAllocator pool) {
        long active = 0;
        for (PoolArenaMetric arena : pool.metric().directArenas()) {
            active += arena.numActiveAllocations();
        }
        for (PoolArenaMetric arena : pool.metric().heapArenas()) {
            active += arena.numActiveAllocations();
        }
        return active;
    }
}
