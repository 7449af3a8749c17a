package io.dlog.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each workload against each system, one system after the other, on the same cluster, prints a table per
 * workload and collects the figures for the JSON report. Not thread-safe.
 */
final class BenchRunner {

    static final String BASELINE = "dl-" + DistributedLogSystem.VERSION;
    private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);
    /** Appenders opened at once by a many-logs workload. */
    private static final int OPEN_THREADS = 32;
    /** How long opening all of a workload's logs may take: a cluster that died (say, OOM-killed) fails the row. */
    private static final long OPEN_ALL_TIMEOUT_SECONDS = 300;

    private final BenchCluster cluster;
    private final PrintStream out;
    /** dlog's max rate per log count and record size ({@link #maxRateKey}), the base of relative rates. */
    private final Map<String, Double> dlogMaxRate = new HashMap<>();
    private final Map<Workload, List<Stats>> results = new LinkedHashMap<>();
    private final Map<Workload, Map<String, List<Stats>>> allRuns = new LinkedHashMap<>();
    private int runSeq;

    BenchRunner(BenchCluster cluster, PrintStream out) {
        this.cluster = cluster;
        this.out = out;
    }

    Map<Workload, List<Stats>> results() {
        return results;
    }

    /** Every run of every system, per workload, in round order (for the report's spread). */
    Map<Workload, Map<String, List<Stats>>> allRuns() {
        return allRuns;
    }

    /**
     * Warms every system's JIT-compiled paths (and the bookies') with an unmeasured max-rate write, so the first
     * workload does not measure the system that happens to run first while it is still interpreted.
     */
    void warmUp(java.time.Duration perSystem) throws Exception {
        if (perSystem.isZero()) {
            return;
        }
        Workload w = Workload.write(1, 1024, 0, perSystem, java.time.Duration.ofMillis(100));
        for (int i = 0; i < cluster.systems().size(); i++) {
            // Its payload counts toward the cluster's disk (or RAM) budget like any run's: three systems writing at
            // max rate can store more than a workload does.
            cluster.recycleIfNeeded(false);
            BenchSystem system = cluster.systems().get(i);
            Stats s = runOne(w, system);
            cluster.wrote(payloadWritten(w, s));
            LOG.info("dl-bench warm-up system={} recordsPerSecond={} note={}", system.name(), s.recordsPerSecond(),
                    s.note());
            settle();
        }
    }

    /**
     * Runs the workloads. With several rounds, each round runs every system once, the order rotating by one each
     * round and each workload (so no system always runs first, or after the same neighbour), and each system's
     * row is its median run:
     * by throughput at max rate, by p99 otherwise.
     */
    void run(List<Workload> workloads, int rounds) throws Exception {
        int offset = 0;
        for (Workload w : workloads) {
            offset++;
            int n = cluster.systems().size();
            Map<Integer, List<Stats>> runs = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                runs.put(i, new ArrayList<>());
            }
            for (int r = -unmeasuredRounds(w, rounds); r < rounds; r++) {
                for (int i = 0; i < n; i++) {
                    cluster.recycleIfNeeded(false);
                    int index = Math.floorMod(i + r + offset, n);
                    Stats stats = runOne(w, cluster.systems().get(index));
                    cluster.wrote(payloadWritten(w, stats));
                    if (r >= 0) {
                        runs.get(index).add(stats);
                    } else {
                        LOG.info("dl-bench unmeasured round workload={} system={} recordsPerSecond={}", w.id(),
                                stats.system(), stats.recordsPerSecond());
                    }
                    settle();
                }
            }
            List<Stats> rows = new ArrayList<>();
            Map<String, List<Stats>> bySystem = new LinkedHashMap<>();
            for (Map.Entry<Integer, List<Stats>> e : runs.entrySet()) {
                rows.add(median(e.getValue(), w.rate() == 0 && w.kind() != Workload.Kind.TAIL));
                bySystem.put(cluster.systems().get(e.getKey()).name(), List.copyOf(e.getValue()));
            }
            allRuns.put(w, bySystem);
            results.put(w, rows);
            out.print(ResultTable.format(title(w), rows, BASELINE));
            out.println();
            out.flush();
        }
    }

    /**
     * Rounds run before the measured ones and thrown away. A catch-up read's per-batch code (the readahead's
     * steps, BookKeeper's read completions) runs a few thousand times per GiB, so C2 compiled it during the second
     * or third read of a system, and a single compile took up to 1 s of CPU inside a measured 2 s window (issue 13,
     * session 18); the unmeasured round moves that into a run nobody reads. Write workloads have a warm-up window
     * of their own and {@link #warmUp}; a single-round run stays as short as it was.
     */
    static int unmeasuredRounds(Workload w, int rounds) {
        return w.kind() == Workload.Kind.CATCH_UP && rounds > 1 ? 1 : 0;
    }

    /** An estimate of the payload a run wrote (the window's rate over the whole run), for the disk budget. */
    private static long payloadWritten(Workload w, Stats s) {
        if (w.kind() == Workload.Kind.CATCH_UP) {
            return w.records() * w.recordSize();
        }
        if (!s.ran()) {
            return 64L << 20;
        }
        double seconds = (w.warmup().toNanos() + w.measure().toNanos()) / 1e9 + 1;
        return (long) (s.mebibytesPerSecond() * (1 << 20) * seconds);
    }

    /** The median run: by throughput, or by p99 latency; runs that did not complete count as the worst. */
    static Stats median(List<Stats> runs, boolean byThroughput) {
        if (runs.size() == 1) {
            return runs.get(0);
        }
        List<Stats> sorted = new ArrayList<>(runs);
        java.util.Comparator<Stats> order = byThroughput
                ? java.util.Comparator.comparingDouble(s -> s.ran() ? -s.recordsPerSecond() : Double.MAX_VALUE)
                : java.util.Comparator.comparingDouble(s -> s.ran() && !Double.isNaN(s.p99Micros()) ? s.p99Micros()
                        : Double.MAX_VALUE);
        sorted.sort(order);
        Stats mid = sorted.get((sorted.size() - 1) / 2);
        String spread = (byThroughput ? "records/s of " + runs.size() + " runs: " + joinRates(sorted)
                : "p99 ms of " + runs.size() + " runs: " + joinP99(sorted)) + cpuSpread(runs);
        return mid.withNote(mid.note().isEmpty() ? "median; " + spread : mid.note() + "; median; " + spread);
    }

    /** The CPU time per record of each run (this JVM's, then the cluster's), in round order, or nothing. */
    private static String cpuSpread(List<Stats> runs) {
        return spread("; cpu us/rec: ", runs, Stats::cpuMicrosPerRecord)
                + spread("; cluster cpu us/rec: ", runs, Stats::clusterCpuMicrosPerRecord);
    }

    private static String spread(String label, List<Stats> runs, java.util.function.ToDoubleFunction<Stats> figure) {
        StringBuilder b = new StringBuilder();
        for (Stats s : runs) {
            double v = figure.applyAsDouble(s);
            if (!Double.isNaN(v)) {
                b.append(b.length() == 0 ? "" : " ").append(ResultTable.number(v, 2));
            }
        }
        return b.length() == 0 ? "" : label + b;
    }

    private static String joinRates(List<Stats> runs) {
        StringBuilder b = new StringBuilder();
        for (Stats s : runs) {
            b.append(b.length() == 0 ? "" : " ").append(s.ran() ? ResultTable.number(s.recordsPerSecond(), 0) : "-");
        }
        return b.toString();
    }

    private static String joinP99(List<Stats> runs) {
        StringBuilder b = new StringBuilder();
        for (Stats s : runs) {
            b.append(b.length() == 0 ? "" : " ").append(s.ran() ? ResultTable.millis(s.p99Micros()) : "-");
        }
        return b.toString();
    }

    /** A relative rate is a fraction of dlog's max rate with the same number of logs and record size. */
    private static String maxRateKey(Workload w) {
        return w.logs() + "x" + w.recordSize();
    }

    private String title(Workload w) {
        if (!w.relativeRate()) {
            return w.title();
        }
        Double base = dlogMaxRate.get(maxRateKey(w));
        return w.title() + (base == null ? "" : " = " + Math.round(base * -w.rate()) + " records/s");
    }

    private Stats runOne(Workload w, BenchSystem system) throws InterruptedException {
        String prefix = w.id().replace('x', '-') + "-" + system.name().replace('.', '_') + "-" + (runSeq++);
        LOG.info("dl-bench start workload={} system={}", w.id(), system.name());
        try {
            switch (w.kind()) {
                case WRITE:
                    return write(w, system, prefix);
                case CATCH_UP:
                    if (!system.supportsReads()) {
                        return Stats.skipped(system.name(), "no reader");
                    }
                    return ReadRunner.catchUp(system, prefix, w.recordSize(), w.records());
                case TAIL:
                    if (!system.supportsTailing()) {
                        return Stats.skipped(system.name(), "a raw ledger has no tailing reader (LAC lags one add)");
                    }
                    return ReadRunner.tail(system, prefix, w.recordSize(), w.rate(), w.warmup(), w.measure());
                default:
                    throw new IllegalStateException(w.kind().toString());
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | Error e) {
            LOG.warn("dl-bench workload={} system={} failed", w.id(), system.name(), e);
            return Stats.skipped(system.name(), "failed: " + rootMessage(e));
        }
    }

    private Stats write(Workload w, BenchSystem system, String prefix) throws Exception {
        double rate = w.rate();
        if (w.relativeRate()) {
            Double base = dlogMaxRate.get(maxRateKey(w));
            if (base == null) {
                return Stats.skipped(system.name(), "no dlog max rate measured for these logs and size");
            }
            rate = base * -w.rate();
        }
        String cannot = system.cannotWrite(w.logs());
        if (cannot != null) {
            return Stats.skipped(system.name(), cannot);
        }
        List<LogAppender> appenders = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            openAll(system, prefix, w.logs(), appenders);
            WriteRunner runner = new WriteRunner(WriteRunner.inFlightFor(w.recordSize()));
            byte[] payload = new byte[w.recordSize()];
            long[] before = system.entryCounters();
            Stats stats = runner.run(system.name(), appenders, w.recordSize(), rate, w.warmup(), w.measure(),
                    i -> payload, null);
            long[] after = system.entryCounters();
            if (before != null && after != null && after[1] > before[1]) {
                stats = stats.withNote(String.format(java.util.Locale.ROOT, "%.1f records/entry",
                        (after[0] - before[0]) / (double) (after[1] - before[1])));
            }
            if (w.rate() == 0 && system.name().equals("dlog") && stats.records() > 0) {
                dlogMaxRate.put(maxRateKey(w), stats.recordsPerSecond());
            }
            return stats;
        } finally {
            closeAll(system, appenders);
        }
    }

    /**
     * Opens the logs' appenders, several at a time: 10,000 writers opened one after the other (each a lock, a
     * few ZooKeeper writes and a ledger) would take minutes. Every appender opened goes into {@code into}, also
     * when another fails (the caller closes them).
     */
    private static void openAll(BenchSystem system, String prefix, int logs, List<LogAppender> into)
            throws Exception {
        if (logs == 1) {
            into.add(system.openAppender(prefix + "-0"));
            return;
        }
        long start = System.nanoTime();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(OPEN_THREADS, logs));
        try {
            List<java.util.concurrent.Future<?>> opening = new ArrayList<>();
            for (int i = 0; i < logs; i++) {
                String log = prefix + "-" + i;
                opening.add(pool.submit(() -> {
                    into.add(system.openAppender(log));
                    return null;
                }));
            }
            Exception failure = null;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(OPEN_ALL_TIMEOUT_SECONDS);
            for (java.util.concurrent.Future<?> f : opening) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    pool.shutdownNow();
                    throw new IllegalStateException(system.name() + ": opening " + logs + " logs took more than "
                            + OPEN_ALL_TIMEOUT_SECONDS + " s (is the cluster still up?)", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    failure = failure != null ? failure
                            : e.getCause() instanceof Exception c ? c : new IllegalStateException(e.getCause());
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
        LOG.info("dl-bench opened system={} logs={} ms={}", system.name(), logs,
                java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static void closeAll(BenchSystem system, List<LogAppender> appenders) {
        List<LogAppender> all;
        synchronized (appenders) {
            all = List.copyOf(appenders);
        }
        all.parallelStream().forEach(a -> {
            try {
                a.close();
            } catch (Exception e) {
                LOG.warn("dl-bench close failed system={}", system.name(), e);
            }
        });
    }

    /** Lets the bookies' background flushes and the previous system's garbage settle before the next run. */
    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(300);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
