package io.dlog.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load generator: one sending thread appends to the logs round-robin, on a fixed-rate or max-rate
 * {@link RateSchedule}, with a bounded number of records in flight; a warm-up window, then a measurement
 * window. Latency runs from the record's due time to its acknowledgement (coordinated omission corrected);
 * throughput counts the acknowledgements inside the measurement window. One run at a time per instance.
 */
final class WriteRunner {

    /** Called when a record is acknowledged. */
    interface AckListener {
        void acked(long index, long ackNanos);
    }

    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final int maxInFlight;

    /**
     * @param maxInFlight the most records sent and not yet acknowledged (bounds max-rate runs and stalls)
     */
    WriteRunner(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /**
     * The in-flight bound for a record size: 4 MiB of payload (8 full 512 KiB entries), at most 10,000 records,
     * at least 64. At max rate, latency is this bound over the throughput (Little's law), so the bound is kept
     * just large enough to keep the pipeline full.
     */
    static int inFlightFor(int recordSize) {
        return (int) Math.max(64, Math.min(10_000, (4L << 20) / Math.max(1, recordSize)));
    }

    /**
     * Runs the schedule and returns the figures of the measurement window.
     *
     * @param system    name for the figures
     * @param appenders the logs, written round-robin
     * @param recordSize payload size, for MB/s
     * @param rate      total records per second, 0 for max rate
     * @param payloads  the payload of record {@code i}
     * @param listener  told of every acknowledgement, or null
     */
    Stats run(String system, List<LogAppender> appenders, int recordSize, double rate, Duration warmup,
              Duration measure, LongFunction<byte[]> payloads, AckListener listener) throws InterruptedException {
        Semaphore inFlight = new Semaphore(maxInFlight);
        Recorder recorder = new Recorder(3);
        AtomicLong acked = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        long measureStart = start + warmup.toNanos();
        long end = measureStart + measure.toNanos();
        RateSchedule schedule = rate == 0 ? RateSchedule.maxRate(start) : RateSchedule.fixedRate(start, rate);
        int logs = appenders.size();
        long cpuAtStart = -1;
        java.util.Map<Long, Long> clusterAtStart = null;
        for (long i = 0; ; i++) {
            long now = System.nanoTime();
            if (clusterAtStart == null && now >= measureStart) {
                // once: where the JVM cannot tell its CPU time (-1), neither reading is repeated per record
                cpuAtStart = ProcessCpu.nanos();
                clusterAtStart = ProcessCpu.children();
            }
            long due = schedule.dueNanos(i, now);
            if (due >= end) {
                break;
            }
            while (now < due) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            inFlight.acquire();
            if (schedule.isMaxRate()) {
                due = System.nanoTime();   // max rate: the record is due once the in-flight bound lets it go
                if (due >= end) {
                    inFlight.release();
                    break;
                }
            }
            final long dueNanos = due;
            final long index = i;
            CompletableFuture<?> f;
            try {
                f = appenders.get((int) (i % logs)).append(payloads.apply(i));
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((v, err) -> {
                long t = System.nanoTime();
                inFlight.release();
                if (err != null) {
                    errors.incrementAndGet();
                    return;
                }
                if (listener != null) {
                    listener.acked(index, t);
                }
                if (t >= measureStart && t < end) {
                    acked.incrementAndGet();
                }
                if (dueNanos >= measureStart) {
                    recorder.recordValue(TimeUnit.NANOSECONDS.toMicros(RateSchedule.latencyNanos(dueNanos, t)));
                }
            });
        }
        long cpu = ProcessCpu.between(cpuAtStart, ProcessCpu.nanos());
        long clusterCpu = clusterAtStart == null ? -1 : ProcessCpu.childrenBetween(clusterAtStart, ProcessCpu.children());
        drain(inFlight);
        Histogram histogram = recorder.getIntervalHistogram();
        long n = acked.get();
        return Stats.of(system, n, n * recordSize, end - measureStart, errors.get(), histogram).withCpu(cpu, clusterCpu);
    }

    private void drain(Semaphore inFlight) throws InterruptedException {
        if (!inFlight.tryAcquire(maxInFlight, DRAIN_TIMEOUT_NANOS, TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("appends still pending " + DRAIN_TIMEOUT_NANOS / 1_000_000_000
                    + " s after the run: " + (maxInFlight - inFlight.availablePermits()));
        }
        inFlight.release(maxInFlight);
    }
}
