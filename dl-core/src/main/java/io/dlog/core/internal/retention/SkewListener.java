package io.dlog.core.internal.retention;

import io.dlog.protocol.LogSegmentMetadata;

/** Told when a segment's completion stamp disagrees with the retention clock or ZooKeeper's by over a minute. */
@FunctionalInterface
public interface SkewListener {
    /** Skew that is reported. */
    long THRESHOLD_MS = 60_000;

    /**
     * Reports a skewed stamp.
     *
     * @param segment the segment
     * @param skewMillis how far the writer's stamp is ahead (positive) or behind (negative)
     */
    void skewed(LogSegmentMetadata segment, long skewMillis);
}
