package io.dlog.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.Snapshot;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HdrReservoirTest {
    private final AtomicLong clock = new AtomicLong();
    private final HdrReservoir reservoir = new HdrReservoir(clock::get);

    @Test
    void snapshotShouldGiveQuantilesWithinTwoSignificantDigits() {
        for (long v = 1; v <= 10_000; v++) {
            reservoir.update(v * 1_000);
        }
        Snapshot s = reservoir.getSnapshot();
        assertThat(s.size()).isEqualTo(10_000);
        assertThat(s.getMedian()).isCloseTo(5_000_000, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(s.get99thPercentile()).isCloseTo(9_900_000, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(s.getMin()).isEqualTo(1_000);
        assertThat(s.getMax()).isCloseTo(10_000_000L, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(s.getValues()).hasSize(1000).isSorted();
    }

    @Test
    void valuesOlderThanAMinuteShouldLeaveTheWindow() {
        reservoir.update(100);
        assertThat(reservoir.getSnapshot().size()).isEqualTo(1);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(30));
        reservoir.update(200);
        assertThat(reservoir.getSnapshot().size()).isEqualTo(2);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(40));
        assertThat(reservoir.getSnapshot().size()).as("the first value is 70 s old").isEqualTo(1);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(120));
        Snapshot empty = reservoir.getSnapshot();
        assertThat(empty.size()).isZero();
        assertThat(empty.getMedian()).isZero();
        assertThat(empty.getValues()).isEmpty();
    }

    @Test
    void negativeValuesShouldCountAsZeroAndBadQuantilesShouldBeRefused() {
        reservoir.update(-5);
        Snapshot s = reservoir.getSnapshot();
        assertThat(s.getMax()).isZero();
        assertThatThrownBy(() -> s.getValue(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
