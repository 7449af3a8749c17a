package io.dlog.bench;

import io.dlog.core.local.BookieStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The workloads of each mode. {@code smoke} touches every adapter and workload kind for a moment (CI);
 * {@code quick} is the whole comparison in about two minutes; {@code full} the same with longer windows;
 * {@code logs} the many-logs workloads.
 */
final class BenchPlan {

    static final int[] SIZES = {100, 1024, 16 * 1024};

    private BenchPlan() {
    }

    /** The unmeasured warm-up write each system gets before the first workload. */
    static Duration warmUp(String mode) {
        switch (mode) {
            case "smoke": return Duration.ZERO;
            case "quick": return secs(1);
            default: return secs(5);
        }
    }

    static List<Workload> forMode(String mode) {
        switch (mode) {
            case "smoke":
                return List.of(
                        Workload.write(1, 1024, 0, millis(300), millis(500)),
                        Workload.write(1, 1024, -0.5, millis(200), millis(300)),
                        Workload.write(3, 1024, 0, millis(200), millis(300)),
                        Workload.catchUp(1024, 1_000),
                        Workload.tail(1024, 200, millis(200), millis(300)));
            case "quick":
                return plan(Duration.ofMillis(1000), Duration.ofMillis(1500), 10, 50_000, 1000);
            case "full":
                return plan(secs(2), secs(6), 100, 1L << 20, 1000); // catch-up: 1 GiB of 1 KiB records
            case "logs":
                return manyLogs(secs(5), secs(10), secs(20), secs(20));
            default:
                throw new IllegalArgumentException("unknown mode " + mode + " (smoke, quick, full, logs)");
        }
    }

    private static List<Workload> plan(Duration warmup, Duration measure, int manyLogsWarmupFactor,
                                       long catchUpRecords, double tailRate) {
        List<Workload> out = new ArrayList<>();
        for (int size : SIZES) {
            out.add(Workload.write(1, size, 0, warmup, measure));
        }
        for (int size : SIZES) {
            out.add(Workload.write(1, size, -0.5, warmup, measure));
        }
        Duration manyWarmup = warmup.multipliedBy(Math.max(2, manyLogsWarmupFactor / 50));
        out.add(Workload.write(100, 1024, 0, manyWarmup, measure));
        out.add(Workload.write(100, 1024, -0.5, manyWarmup, measure)); // the proxy's p99 target (issue 14)
        out.add(Workload.catchUp(1024, catchUpRecords));
        out.add(Workload.tail(1024, tailRate, warmup, measure.plus(warmup)));
        return out;
    }

    /**
     * How the bookies store entries: the many-logs workloads keep thousands of ledgers open for writing at once,
     * which a bookie serves with DbLedgerStorage (one RocksDB index); with SortedLedgerStorage's index file per
     * ledger, beyond about a thousand active ledgers its index cache thrashes and the bookie, not the system under
     * test, is what gets measured. The other modes keep SortedLedgerStorage, the storage of their published runs.
     */
    static BookieStorage ledgerStorage(String mode) {
        return mode.equals("logs") ? BookieStorage.DB : BookieStorage.SORTED;
    }

    /**
     * Many logs in one namespace (issue 13): 100 and 1,000 logs of 1 KiB at max rate, and 10,000 logs each
     * written once a second (10,000 records/s in all), where a per-log flush timer (DistributedLog's) costs most.
     * The max-rate windows are short: every byte lands on 3 bookies and their journals, so one 40 s run at
     * 120 MB/s filled a 24 GiB tmpfs (the cluster is recycled between runs, not during one). The sparse
     * workload's are long: its first add to 10,000 new ledgers leaves a backlog that 4 s did not drain.
     */
    private static List<Workload> manyLogs(Duration maxRateWarmup, Duration maxRateMeasure, Duration sparseWarmup,
            Duration sparseMeasure) {
        return List.of(
                Workload.write(100, 1024, 0, maxRateWarmup, maxRateMeasure),
                Workload.write(1_000, 1024, 0, maxRateWarmup, maxRateMeasure),
                Workload.write(10_000, 1024, 10_000, sparseWarmup, sparseMeasure));
    }

    private static Duration millis(long ms) {
        return Duration.ofMillis(ms);
    }

    private static Duration secs(long s) {
        return Duration.ofSeconds(s);
    }
}
