package io.dlog.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RateScheduleTest {

    @Test
    void fixedRateSpacesRecordsEvenlyFromTheStart() {
        RateSchedule s = RateSchedule.fixedRate(1_000, 1000);
        assertThat(s.isMaxRate()).isFalse();
        assertThat(s.dueNanos(0, 99_999_999)).isEqualTo(1_000);
        assertThat(s.dueNanos(1, 0)).isEqualTo(1_000 + 1_000_000);
        assertThat(s.dueNanos(1000, 0)).isEqualTo(1_000 + 1_000_000_000L);
    }

    @Test
    void fractionalRatesDoNotDrift() {
        RateSchedule s = RateSchedule.fixedRate(0, 3);   // 333,333,333.3 ns apart
        assertThat(s.dueNanos(3_000_000, 0)).isEqualTo(1_000_000L * 1_000_000_000L);
    }

    @Test
    void maxRateIsDueWhenSent() {
        RateSchedule s = RateSchedule.maxRate(5);
        assertThat(s.isMaxRate()).isTrue();
        assertThat(s.dueNanos(42, 12_345)).isEqualTo(12_345);
    }

    @Test
    void rejectsNonPositiveRates() {
        assertThatThrownBy(() -> RateSchedule.fixedRate(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateSchedule.fixedRate(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateSchedule.fixedRate(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latencyIsNeverNegative() {
        assertThat(RateSchedule.latencyNanos(100, 50)).isZero();
        assertThat(RateSchedule.latencyNanos(100, 350)).isEqualTo(250);
    }

    /**
     * Coordinated omission: at 1000 records/s a system answers in 0.5 ms, except one 1 s stall during which the
     * (blocking) sender cannot send. Measured from the send time, a single record is slow and p99 stays at
     * 0.5 ms. Measured from the due time, every record that should have gone out during the stall, and during
     * the 1 s it takes to work off the backlog, is charged its wait: about 2000 of 10000 records, with latencies
     * spread evenly from 1 s down to 0, so p50 is untouched and p99 is close to the full second.
     */
    @Test
    void latencyFromTheDueTimeExposesAStallThatSendTimeHides() {
        RateSchedule s = RateSchedule.fixedRate(0, 1000);
        long us = TimeUnit.MICROSECONDS.toNanos(1);
        long stallAt = TimeUnit.SECONDS.toNanos(1);
        long stallEnd = TimeUnit.SECONDS.toNanos(2);
        Histogram fromDue = new Histogram(3);
        Histogram fromSend = new Histogram(3);
        long free = 0;   // when the sender can send next
        for (int i = 0; i < 10_000; i++) {
            long due = s.dueNanos(i, 0);
            long send = Math.max(due, free);
            long done = send + 500 * us;
            if (send < stallEnd && done > stallAt) {
                done = stallEnd;   // in flight during the stall
            }
            free = done;
            fromDue.recordValue(RateSchedule.latencyNanos(due, done) / 1000);
            fromSend.recordValue((done - send) / 1000);
        }
        assertThat(fromSend.getValueAtPercentile(99)).isLessThanOrEqualTo(501);
        assertThat(fromSend.getMaxValue()).isGreaterThan(990_000);
        assertThat(fromDue.getValueAtPercentile(50)).isLessThanOrEqualTo(501);
        assertThat(fromDue.getValueAtPercentile(99)).isGreaterThan(900_000);
        assertThat(fromDue.getCountBetweenValues(500_000, 1_100_000)).isBetween(900L, 1100L);
        assertThat(fromDue.getCountBetweenValues(1_000, 1_100_000)).isBetween(1900L, 2100L);
    }
}
