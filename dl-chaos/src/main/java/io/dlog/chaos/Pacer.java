package io.dlog.chaos;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces a writer loop at a fixed rate of offered load. After a stall of more than a second it resumes the rate from
 * now rather than bursting to catch up. One thread only.
 */
final class Pacer {
    private static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long periodNanos;
    private long next = System.nanoTime();

    /** @param perSecond the rate, at least 1 */
    Pacer(int perSecond) {
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, perSecond);
    }

    /** Waits until the next slot is due. */
    void awaitNext() {
        next += periodNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);   // pacing of the offered load, not synchronization
        } else if (wait < -MAX_LAG_NANOS) {
            next = System.nanoTime();      // after a stall, do not burst to catch up
        }
    }
}
