package io.dlog.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Acknowledgements over time: per-second counts and maximum latency, and the longest window without any
 * acknowledgement.
 *
 * @param startNanos       the run's start
 * @param ackedPerSecond   acknowledgements completed in each second of the run
 * @param maxLatencyMillis the slowest acknowledgement completed in each second (0 if none)
 * @param longestGapMillis the longest time without an acknowledgement between the start and the end
 * @param gapStartNanos    where that window starts
 */
public record Availability(long startNanos, long[] ackedPerSecond, double[] maxLatencyMillis, long longestGapMillis,
                           long gapStartNanos) {

    /**
     * Computes the series from the histories.
     *
     * @param events     every event
     * @param startNanos the start of the run (first second)
     * @param endNanos   the end of the run (faults healed, clients stopped)
     */
    public static Availability of(List<HistoryEvent> events, long startNanos, long endNanos) {
        int seconds = (int) Math.max(1, (endNanos - startNanos + 999_999_999L) / 1_000_000_000L);
        long[] acked = new long[seconds];
        double[] maxLatency = new double[seconds];
        Map<String, Long> invoked = new HashMap<>();
        List<Long> ackTimes = new ArrayList<>();
        for (HistoryEvent e : events) {
            if (e.kind() == HistoryEvent.Kind.INVOKE) {
                invoked.put(e.log() + "/" + e.id(), e.monoNanos());
            } else if (e.kind() == HistoryEvent.Kind.OK) {
                ackTimes.add(e.monoNanos());
                int s = (int) ((e.monoNanos() - startNanos) / 1_000_000_000L);
                if (s >= 0 && s < seconds) {
                    acked[s]++;
                    Long t0 = invoked.get(e.log() + "/" + e.id());
                    if (t0 != null) {
                        maxLatency[s] = Math.max(maxLatency[s], (e.monoNanos() - t0) / 1e6);
                    }
                }
            }
        }
        ackTimes.sort(null);
        long prev = startNanos;
        long gap = 0;
        long gapStart = startNanos;
        ackTimes.add(endNanos);
        for (long t : ackTimes) {
            if (t > endNanos) {
                break;
            }
            if (t - prev > gap) {
                gap = t - prev;
                gapStart = prev;
            }
            prev = Math.max(prev, t);
        }
        return new Availability(startNanos, acked, maxLatency, gap / 1_000_000L, gapStart);
    }
}
