package io.dlog.bench;

import java.time.Duration;

/**
 * One benchmark workload, run against every system in turn. Immutable.
 *
 * @param id          a short stable id, used in log names and JSON (e.g. {@code write-1x1024-max})
 * @param title       what the table heading says
 * @param kind        write, catch-up read or tail read
 * @param logs        number of logs written in parallel
 * @param recordSize  payload bytes per record
 * @param rate        total records per second; 0 = max rate; negative = that fraction of dlog's max rate
 *                    measured earlier in the run for the same number of logs and record size (e.g. -0.5 = 50 %)
 * @param warmup      warm-up window, not measured
 * @param measure     measurement window; for a catch-up read, unused
 * @param records     for a catch-up read, the number of records written before reading; otherwise 0
 */
record Workload(String id, String title, Kind kind, int logs, int recordSize, double rate, Duration warmup,
                Duration measure, long records) {

    /** What a workload does. */
    enum Kind {
        /** Append at a rate (or max rate with a bounded number in flight); latency = due time to ack. */
        WRITE,
        /** Write a log, then read it from the start as fast as possible; throughput only. */
        CATCH_UP,
        /** Write at a fixed rate while a reader tails the log; latency = ack to delivery. */
        TAIL
    }

    static Workload write(int logs, int recordSize, double rate, Duration warmup, Duration measure) {
        String rateId = rate == 0 ? "max" : rate < 0 ? Math.round(-rate * 100) + "pct" : Math.round(rate) + "ps";
        String rateText = rate == 0 ? "max rate" : rate < 0 ? Math.round(-rate * 100) + " % of dlog's max rate"
                : Math.round(rate) + " records/s";
        return new Workload("write-" + logs + "x" + recordSize + "-" + rateId,
                "write: " + logs + (logs == 1 ? " log" : " logs") + " x " + sizeText(recordSize) + ", " + rateText,
                Kind.WRITE, logs, recordSize, rate, warmup, measure, 0);
    }

    static Workload catchUp(int recordSize, long records) {
        return new Workload("catchup-" + recordSize + "x" + records,
                "catch-up read: 1 log of " + records + " x " + sizeText(recordSize) + ", read from the start",
                Kind.CATCH_UP, 1, recordSize, 0, Duration.ZERO, Duration.ZERO, records);
    }

    static Workload tail(int recordSize, double rate, Duration warmup, Duration measure) {
        return new Workload("tail-" + recordSize + "-" + Math.round(rate) + "ps",
                "tail latency (ack -> delivered to a tailing reader): 1 log x " + sizeText(recordSize) + ", "
                        + Math.round(rate) + " records/s",
                Kind.TAIL, 1, recordSize, rate, warmup, measure, 0);
    }

    /** Whether the rate depends on dlog's measured max rate. */
    boolean relativeRate() {
        return rate < 0;
    }

    static String sizeText(int bytes) {
        return bytes % 1024 == 0 ? (bytes / 1024) + " KiB" : bytes + " B";
    }
}
