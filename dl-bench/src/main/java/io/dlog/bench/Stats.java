package io.dlog.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The figures of one system on one workload: throughput over the measurement window and the latency
 * distribution, in microseconds. Immutable.
 *
 * @param system        the system's name
 * @param records       records completed in the measurement window (acknowledged, or delivered for reads)
 * @param bytes         payload bytes of those records
 * @param windowNanos   length of the measurement window
 * @param errors        failed operations in the window
 * @param p50Micros     median latency
 * @param p99Micros     99th percentile
 * @param p999Micros    99.9th percentile
 * @param maxMicros     the largest latency
 * @param latencySamples number of latency samples (0 when the workload has no latency, e.g. a catch-up read)
 * @param note          free text, e.g. why a system was skipped; empty if none
 * @param cpuNanos      this JVM's CPU time over the measurement window, or -1 if not measured
 * @param clusterCpuNanos the cluster's child JVM's CPU time over the window, or -1 if not measured (in-JVM cluster)
 * @param curveMicros   latency at each of {@link #CURVE_PERCENTILES}, empty without latency figures
 */
record Stats(String system, long records, long bytes, long windowNanos, long errors, double p50Micros,
             double p99Micros, double p999Micros, double maxMicros, long latencySamples, String note,
             long cpuNanos, long clusterCpuNanos, List<Double> curveMicros) {

    /** The percentiles of the latency curve in the report (HdrHistogram's percentile distribution, thinned). */
    static final List<Double> CURVE_PERCENTILES = List.of(0.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.5, 99.9, 99.95,
            99.99, 99.995, 99.999, 100.0);

    Stats {
        curveMicros = List.copyOf(curveMicros);
    }

    /**
     * Builds the figures from counters and a histogram in microseconds.
     *
     * @param histogram may be null or empty for no latency figures
     */
    static Stats of(String system, long records, long bytes, long windowNanos, long errors, Histogram histogram) {
        if (histogram == null || histogram.getTotalCount() == 0) {
            return new Stats(system, records, bytes, windowNanos, errors, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, 0, "", -1, -1, List.of());
        }
        List<Double> curve = new ArrayList<>();
        for (double p : CURVE_PERCENTILES) {
            curve.add((double) (p >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(p)));
        }
        return new Stats(system, records, bytes, windowNanos, errors, histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue(),
                histogram.getTotalCount(), "", -1, -1, curve);
    }

    /** A row for a system that did not run this workload. */
    static Stats skipped(String system, String why) {
        return new Stats(system, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, why, -1, -1, List.of());
    }

    /** Whether the system ran (and so has figures). */
    boolean ran() {
        return windowNanos > 0;
    }

    /** Records per second over the window. */
    double recordsPerSecond() {
        return windowNanos == 0 ? Double.NaN : records / (windowNanos / (double) TimeUnit.SECONDS.toNanos(1));
    }

    /** Payload mebibytes (2^20 bytes) per second over the window. */
    double mebibytesPerSecond() {
        return windowNanos == 0 ? Double.NaN
                : bytes / (1024.0 * 1024.0) / (windowNanos / (double) TimeUnit.SECONDS.toNanos(1));
    }

    /** This with a note. */
    Stats withNote(String text) {
        return new Stats(system, records, bytes, windowNanos, errors, p50Micros, p99Micros, p999Micros, maxMicros,
                latencySamples, text, cpuNanos, clusterCpuNanos, curveMicros);
    }

    /** This with the CPU time of its window: this JVM's, and the cluster's child JVM's (-1 if unknown). */
    Stats withCpu(long nanos, long clusterNanos) {
        return new Stats(system, records, bytes, windowNanos, errors, p50Micros, p99Micros, p999Micros, maxMicros,
                latencySamples, note, nanos, clusterNanos, curveMicros);
    }

    /** CPU microseconds of this JVM per record, or NaN if not measured. */
    double cpuMicrosPerRecord() {
        return cpuNanos < 0 || records == 0 ? Double.NaN : cpuNanos / 1000.0 / records;
    }

    /** CPU microseconds of the cluster's child JVM per record, or NaN if not measured. */
    double clusterCpuMicrosPerRecord() {
        return clusterCpuNanos < 0 || records == 0 ? Double.NaN : clusterCpuNanos / 1000.0 / records;
    }

    /** CPU milliseconds of this JVM per MiB of payload, or NaN if not measured. */
    double cpuMillisPerMebibyte() {
        return cpuNanos < 0 || bytes == 0 ? Double.NaN : cpuNanos / 1e6 / (bytes / (1024.0 * 1024.0));
    }
}
