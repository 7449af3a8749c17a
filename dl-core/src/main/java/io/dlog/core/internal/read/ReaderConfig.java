package io.dlog.core.internal.read;

import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import java.time.Duration;

/**
 * A reader's settings, read once from the namespace configuration.
 *
 * @param readaheadMaxBytes the most bytes of records the readahead cache holds before it pauses
 * @param idleWarn how long a reader may wait at the tail with no new record before it is reported idle
 * @param longPollTimeout how long one BookKeeper long-poll for the last-add-confirmed waits at the tail
 * @param maxEntriesPerRead the most entries one BookKeeper read asks for
 * @param maxReadRetries how many consecutive failed BookKeeper operations are retried before LOG_READ_ERROR
 * @param retryBackoff the first retry delay; it doubles up to {@code maxRetryBackoff}
 * @param maxRetryBackoff the largest retry delay
 */
public record ReaderConfig(long readaheadMaxBytes, Duration idleWarn, Duration longPollTimeout,
        int maxEntriesPerRead, int maxReadRetries, Duration retryBackoff, Duration maxRetryBackoff) {

    /** The most entries one read asks for. */
    public static final int MAX_ENTRIES_PER_READ = 64;
    /** Consecutive failures retried before a reader fails. */
    public static final int MAX_READ_RETRIES = 8;

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public ReaderConfig {
        if (readaheadMaxBytes < 1 || maxEntriesPerRead < 1 || maxReadRetries < 0) {
            throw new IllegalArgumentException("reader settings out of range: readaheadMaxBytes=" + readaheadMaxBytes
                    + " maxEntriesPerRead=" + maxEntriesPerRead + " maxReadRetries=" + maxReadRetries);
        }
    }

    /**
     * Reads the reader keys of a namespace configuration.
     *
     * @param config the configuration
     * @return the reader's settings
     */
    public static ReaderConfig from(DLConfig config) {
        return new ReaderConfig(config.get(DLConfigKeys.READAHEAD_MAX_BYTES),
                Duration.ofMillis(config.get(DLConfigKeys.READER_IDLE_WARN_MS)),
                Duration.ofMillis(config.get(DLConfigKeys.READER_LONG_POLL_TIMEOUT_MS)),
                MAX_ENTRIES_PER_READ, MAX_READ_RETRIES, Duration.ofMillis(100), Duration.ofSeconds(2));
    }
}
