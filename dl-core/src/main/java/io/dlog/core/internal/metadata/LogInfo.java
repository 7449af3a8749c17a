package io.dlog.core.internal.metadata;

/**
 * The log znode's value.
 *
 * @param createdAtMillis creation time
 * @param sealed whether the log was sealed by markEndOfStream
 * @param epoch incremented by every writer that takes the log over; segment transitions check it
 */
public record LogInfo(long createdAtMillis, boolean sealed, long epoch) {
}
