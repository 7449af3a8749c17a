package io.dlog.core;

/**
 * How long and how much of a log's history to keep. Immutable and thread-safe.
 *
 * <p>Retention only ever deletes completed segments, oldest first (a prefix of the log), and never the last
 * completed segment or anything after it: a log always keeps its newest data.
 *
 * @param retentionMs completed segments older than this many milliseconds are deleted; -1 keeps them forever
 * @param retentionBytes the oldest completed segments are deleted while the log holds more than this many
 *     bytes; -1 for no limit
 * @param respectSubscriptions when true, neither limit releases a segment holding a record after the slowest
 *     durable subscription's committed position ({@code retention.respect.subscriptions})
 */
public record RetentionPolicy(long retentionMs, long retentionBytes, boolean respectSubscriptions) {
    /** Keeps everything. */
    public static final RetentionPolicy KEEP_FOREVER = new RetentionPolicy(-1, -1);

    /**
     * Makes a policy that ignores subscriptions.
     *
     * @param retentionMs completed segments older than this are deleted; -1 keeps them forever
     * @param retentionBytes the oldest completed segments are deleted while the log holds more; -1 for no limit
     * @throws IllegalArgumentException if a limit is below -1
     */
    public RetentionPolicy(long retentionMs, long retentionBytes) {
        this(retentionMs, retentionBytes, false);
    }

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException if a limit is below -1
     */
    public RetentionPolicy {
        if (retentionMs < -1 || retentionBytes < -1) {
            throw new IllegalArgumentException("retention limits must be -1 (off) or >= 0: retentionMs="
                    + retentionMs + " retentionBytes=" + retentionBytes);
        }
    }

    /**
     * Returns the namespace-wide policy of a configuration ({@code retention.ms}, {@code retention.bytes},
     * {@code retention.respect.subscriptions}).
     *
     * @param config the configuration
     * @return the policy
     */
    public static RetentionPolicy fromConfig(DLConfig config) {
        return new RetentionPolicy(config.get(DLConfigKeys.RETENTION_MS), config.get(DLConfigKeys.RETENTION_BYTES),
                config.get(DLConfigKeys.RETENTION_RESPECT_SUBSCRIPTIONS));
    }

    /** Returns whether this policy ever deletes anything. */
    public boolean isEnabled() {
        return retentionMs >= 0 || retentionBytes >= 0;
    }
}
