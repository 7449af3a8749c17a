package io.dlog.core.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;

/**
 * dl-core's metrics, registered in the registry the application hands to the namespace. Names start with
 * {@code dlog.}; see docs/operations.md. Thread-safe.
 */
public final class CoreMetrics {
    /** Time from {@code write} to acknowledgement. */
    public final Timer writeLatency;
    /** Time a segment roll holds writes back. */
    public final Timer rollLatency;
    /** Records acknowledged. */
    public final Meter recordsWritten;
    /** Entries (BookKeeper adds) acknowledged. */
    public final Meter entriesWritten;
    /** Payload bytes acknowledged. */
    public final Meter bytesWritten;
    /** Writes rejected before they were sent (bad input, over capacity). */
    public final Meter writesRejected;
    /** Segment rolls. */
    public final Counter rolls;
    /** Writers fenced or that lost their lock. */
    public final Counter fencings;
    /** Segments recovered by a new owner. */
    public final Counter recoveries;
    /** Records delivered to readers. */
    public final Meter recordsRead;
    /** Entries read from BookKeeper by readers. */
    public final Meter entriesRead;
    /** Readers reported idle. */
    public final Counter idleReaders;

    private static Timer hdrTimer() {
        return new Timer(new HdrReservoir());
    }

    /**
     * Registers the metrics.
     *
     * @param registry the registry, borrowed
     */
    public CoreMetrics(MetricRegistry registry) {
        // Updated once per record on the write path: an HdrHistogram reservoir keeps that off the profile.
        writeLatency = registry.timer("dlog.writer.write.latency", CoreMetrics::hdrTimer);
        rollLatency = registry.timer("dlog.writer.roll.latency", CoreMetrics::hdrTimer);
        recordsWritten = registry.meter("dlog.writer.records");
        entriesWritten = registry.meter("dlog.writer.entries");
        bytesWritten = registry.meter("dlog.writer.bytes");
        writesRejected = registry.meter("dlog.writer.rejected");
        rolls = registry.counter("dlog.writer.rolls");
        fencings = registry.counter("dlog.writer.fencings");
        recoveries = registry.counter("dlog.writer.recoveries");
        recordsRead = registry.meter("dlog.reader.records");
        entriesRead = registry.meter("dlog.reader.entries");
        idleReaders = registry.counter("dlog.reader.idle");
    }
}
