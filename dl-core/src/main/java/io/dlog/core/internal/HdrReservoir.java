package io.dlog.core.internal;

import com.codahale.metrics.Reservoir;
import com.codahale.metrics.Snapshot;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A metrics {@link Reservoir} over an HdrHistogram {@link Recorder}, for values recorded once per record on the
 * write path: recording is a few lock-free array increments, where dropwizard's decaying reservoirs take a
 * skip-list insert and an {@code exp()} per value. A snapshot covers the values of about the last minute
 * (six buckets of 10 seconds), at 2 significant digits (1 % error). Thread-safe.
 */
public final class HdrReservoir implements Reservoir {
    private static final long BUCKET_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int BUCKETS = 6;
    private static final int SIGNIFICANT_DIGITS = 2;

    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    private final LongSupplier nanoClock;
    private final Histogram[] buckets = new Histogram[BUCKETS];
    private long currentBucketStart;
    private int current;
    private Histogram recycled;

    /** Makes a reservoir on the system's monotonic clock. */
    public HdrReservoir() {
        this(System::nanoTime);
    }

    /**
     * Makes a reservoir on a given clock.
     *
     * @param nanoClock monotonic nanoseconds, for the bucket rotation
     */
    public HdrReservoir(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new Histogram(SIGNIFICANT_DIGITS);
        }
        currentBucketStart = nanoClock.getAsLong();
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, window().getTotalCount());
    }

    @Override
    public void update(long value) {
        recorder.recordValue(Math.max(0, value));
    }

    @Override
    public Snapshot getSnapshot() {
        return new HdrSnapshot(window());
    }

    /** Moves what was recorded since the last call into the current bucket and sums the live buckets. */
    private synchronized Histogram window() {
        rotate();
        recycled = recorder.getIntervalHistogram(recycled);
        buckets[current].add(recycled);
        Histogram sum = new Histogram(SIGNIFICANT_DIGITS);
        for (Histogram b : buckets) {
            sum.add(b);
        }
        return sum;
    }

    private void rotate() {
        long now = nanoClock.getAsLong();
        long elapsed = (now - currentBucketStart) / BUCKET_NANOS;
        if (elapsed <= 0) {
            return;
        }
        // Values recorded since the last snapshot land in the new bucket: at most one bucket's worth of skew.
        for (long i = 0; i < Math.min(elapsed, BUCKETS); i++) {
            current = (current + 1) % BUCKETS;
            buckets[current].reset();
        }
        currentBucketStart += elapsed * BUCKET_NANOS;
    }

    /** A snapshot of a summed window. */
    private static final class HdrSnapshot extends Snapshot {
        /** {@link #getValues()} gives the values at this many evenly spaced quantiles, not every value. */
        private static final int VALUES = 1000;
        private final Histogram histogram;

        HdrSnapshot(Histogram histogram) {
            this.histogram = histogram;
        }

        @Override
        public double getValue(double quantile) {
            if (quantile < 0 || quantile > 1 || Double.isNaN(quantile)) {
                throw new IllegalArgumentException(quantile + " is not in [0..1]");
            }
            return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(quantile * 100);
        }

        @Override
        public long[] getValues() {
            if (histogram.getTotalCount() == 0) {
                return new long[0];
            }
            long[] values = new long[VALUES];
            for (int i = 0; i < VALUES; i++) {
                values[i] = histogram.getValueAtPercentile((i + 1) * 100.0 / VALUES);
            }
            return values;
        }

        @Override
        public int size() {
            return (int) Math.min(Integer.MAX_VALUE, histogram.getTotalCount());
        }

        @Override
        public long getMax() {
            return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue();
        }

        @Override
        public double getMean() {
            return histogram.getTotalCount() == 0 ? 0 : histogram.getMean();
        }

        @Override
        public long getMin() {
            return histogram.getTotalCount() == 0 ? 0 : histogram.getMinValue();
        }

        @Override
        public double getStdDev() {
            return histogram.getTotalCount() == 0 ? 0 : histogram.getStdDeviation();
        }

        @Override
        public void dump(OutputStream output) {
            try (PrintWriter out = new PrintWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8))) {
                for (long v : getValues()) {
                    out.println(v);
                }
            }
        }
    }
}
