package io.dlog.bench;

/**
 * The send schedule of a load generator, in the OpenMessaging Benchmark style: either a fixed rate, where record
 * {@code i} is due at {@code start + i / rate}, or max rate, where a record is due when it is sent.
 *
 * <p>Latency is measured from the due time, not from the moment the sender got around to sending: when the
 * system under test stalls and the sender falls behind, the records it could not send on time are charged the
 * time they waited (coordinated omission corrected). Immutable and thread-safe.
 */
final class RateSchedule {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long startNanos;
    private final double recordsPerSecond;

    private RateSchedule(long startNanos, double recordsPerSecond) {
        this.startNanos = startNanos;
        this.recordsPerSecond = recordsPerSecond;
    }

    /**
     * A fixed-rate schedule.
     *
     * @param startNanos       the due time of record 0, on the {@link System#nanoTime()} clock
     * @param recordsPerSecond the rate, positive
     * @return the schedule
     */
    static RateSchedule fixedRate(long startNanos, double recordsPerSecond) {
        if (!(recordsPerSecond > 0) || Double.isInfinite(recordsPerSecond)) {
            throw new IllegalArgumentException("rate must be positive and finite: " + recordsPerSecond);
        }
        return new RateSchedule(startNanos, recordsPerSecond);
    }

    /**
     * A max-rate schedule: every record is due when it is sent (the sender is bounded by its in-flight limit).
     *
     * @param startNanos the start of the run
     * @return the schedule
     */
    static RateSchedule maxRate(long startNanos) {
        return new RateSchedule(startNanos, 0);
    }

    /** Whether this is a max-rate schedule. */
    boolean isMaxRate() {
        return recordsPerSecond == 0;
    }

    /** The rate in records per second, 0 for max rate. */
    double recordsPerSecond() {
        return recordsPerSecond;
    }

    /**
     * The due time of record {@code index}.
     *
     * @param index   the record's index in the run, from 0
     * @param nowNanos the current time, returned as the due time under max rate
     * @return the due time, on the {@link System#nanoTime()} clock
     */
    long dueNanos(long index, long nowNanos) {
        if (isMaxRate()) {
            return nowNanos;
        }
        return startNanos + (long) (index * (NANOS_PER_SECOND / recordsPerSecond));
    }

    /**
     * The latency charged to a record: from its due time to its completion, never negative.
     *
     * @param dueNanos       the due time from {@link #dueNanos}
     * @param completedNanos when the system acknowledged it
     * @return nanoseconds
     */
    static long latencyNanos(long dueNanos, long completedNanos) {
        return Math.max(0, completedNanos - dueNanos);
    }
}
