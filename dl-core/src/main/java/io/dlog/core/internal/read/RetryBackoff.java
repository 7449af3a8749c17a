package io.dlog.core.internal.read;

import java.time.Duration;

/**
 * Counts consecutive failures and gives the delay before the next attempt: {@code first * 2^(n-1)}, capped.
 * Not thread-safe; confined to the log executor.
 */
public final class RetryBackoff {
    private final Duration first;
    private final Duration max;
    private final int maxRetries;
    private int failures;

    public RetryBackoff(Duration first, Duration max, int maxRetries) {
        this.first = first;
        this.max = max;
        this.maxRetries = maxRetries;
    }

    /** Records a failure; returns whether another attempt is allowed. */
    public boolean failed() {
        failures++;
        return failures <= maxRetries;
    }

    /** Returns the delay before the next attempt, after {@link #failed()}. */
    public Duration delay() {
        int shift = Math.min(Math.max(failures - 1, 0), 20);
        long ms = first.toMillis() << shift;
        return ms >= max.toMillis() || ms < 0 ? max : Duration.ofMillis(ms);
    }

    /** Returns the number of consecutive failures so far. */
    public int failures() {
        return failures;
    }

    /** Forgets the failures after a success. */
    public void succeeded() {
        failures = 0;
    }
}
