package io.dlog.tools;

import java.util.Locale;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Acknowledgement latencies and throughput of a {@code dlog write} run (HdrHistogram, microsecond resolution,
 * 3 significant digits). Thread-safe: completions record from the writer's thread.
 */
final class LatencyStats {
    private final Histogram latencyMicros = new ConcurrentHistogram(3_600_000_000L, 3);
    private final long startNanos = System.nanoTime();

    void record(long latencyNanos) {
        long micros = Math.max(latencyNanos / 1000, 0);
        latencyMicros.recordValue(Math.min(micros, latencyMicros.getHighestTrackableValue()));
    }

    long count() {
        return latencyMicros.getTotalCount();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * A one-line summary: records, bytes, throughput, and latency p50/p99/p99.9/max in milliseconds.
     *
     * @param bytes payload bytes acknowledged
     * @return the line
     */
    String summary(long bytes) {
        double secs = Math.max(elapsedSeconds(), 1e-9);
        long n = count();
        return String.format(Locale.ROOT, "%d records, %d bytes in %.2f s: %.1f records/s, %.2f MiB/s; "
                + "latency ms p50=%.2f p99=%.2f p99.9=%.2f max=%.2f", n, bytes, secs, n / secs,
                bytes / secs / (1 << 20), ms(50), ms(99), ms(99.9), max());
    }

    private double max() {
        return count() == 0 ? 0.0 : latencyMicros.getMaxValue() / 1000.0;
    }

    private double ms(double percentile) {
        return count() == 0 ? 0.0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
}
