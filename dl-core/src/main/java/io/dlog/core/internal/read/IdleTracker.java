package io.dlog.core.internal.read;

/**
 * Decides when a reader waiting at the tail counts as idle: once per wait that lasts {@code idleWarnMs} with no
 * new record. Pure logic over the times it is given, so it is tested without clocks or threads. Not thread-safe;
 * confined to the log executor.
 */
public final class IdleTracker {
    private final long idleWarnMs;
    private long waitingSinceMs = -1;
    private boolean reported;

    public IdleTracker(long idleWarnMs) {
        this.idleWarnMs = idleWarnMs;
    }

    /** The reader waits for a record (a read is pending and nothing is cached); keeps an earlier start. */
    public void waiting(long nowMs) {
        if (waitingSinceMs < 0) {
            waitingSinceMs = nowMs;
        }
    }

    /** A record arrived or nobody is waiting: the current wait, if any, ends. */
    public void progressed() {
        waitingSinceMs = -1;
        reported = false;
    }

    /** Returns whether the reader is waiting. */
    public boolean isWaiting() {
        return waitingSinceMs >= 0;
    }

    /** Returns how long the current wait has lasted, or 0. */
    public long waitedMs(long nowMs) {
        return waitingSinceMs < 0 ? 0 : nowMs - waitingSinceMs;
    }

    /**
     * Returns true exactly once per wait, when it has lasted {@code idleWarnMs}.
     *
     * @param nowMs the time now
     * @return whether to report the reader idle now
     */
    public boolean shouldReport(long nowMs) {
        if (waitingSinceMs < 0 || reported || nowMs - waitingSinceMs < idleWarnMs) {
            return false;
        }
        reported = true;
        return true;
    }

    /** Returns how long until the current wait is due for a report, or -1 if none is due. */
    public long delayUntilDueMs(long nowMs) {
        if (waitingSinceMs < 0 || reported) {
            return -1;
        }
        return Math.max(0, waitingSinceMs + idleWarnMs - nowMs);
    }
}
