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

    private final List<BenchSystem> systems;
    private final PrintStream out;
    private final Map<Integer, Double> dlogMaxRate = new HashMap<>();
    private final Map<Workload, List<Stats>> results = new LinkedHashMap<>();
    private int runSeq;

    BenchRunner(List<BenchSystem> systems, PrintStream out) {
        this.systems = systems;
        this.out = out;
    }

    Map<Workload, List<Stats>> results() {
        return results;
    }

    void run(List<Workload> workloads) throws InterruptedException {
        for (Workload w : workloads) {
            List<Stats> rows = new ArrayList<>();
            for (BenchSystem system : systems) {
                rows.add(runOne(w, system));
                settle();
            }
            results.put(w, rows);
            out.print(ResultTable.format(title(w), rows, BASELINE));
            out.println();
            out.flush();
        }
    }

    private String title(Workload w) {
        if (!w.relativeRate()) {
            return w.title();
        }
        Double base = dlogMaxRate.get(w.recordSize());
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
            Double base = dlogMaxRate.get(w.recordSize());
            if (base == null) {
                return Stats.skipped(system.name(), "no dlog max rate measured for this size");
            }
            rate = base * -w.rate();
        }
        List<LogAppender> appenders = new ArrayList<>();
        try {
            for (int i = 0; i < w.logs(); i++) {
                appenders.add(system.openAppender(prefix + "-" + i));
            }
            WriteRunner runner = new WriteRunner(WriteRunner.inFlightFor(w.recordSize()));
            byte[] payload = new byte[w.recordSize()];
            Stats stats = runner.run(system.name(), appenders, w.recordSize(), rate, w.warmup(), w.measure(),
                    i -> payload, null);
            if (w.rate() == 0 && w.logs() == 1 && system.name().equals("dlog") && stats.records() > 0) {
                dlogMaxRate.put(w.recordSize(), stats.recordsPerSecond());
            }
            return stats;
        } finally {
            for (LogAppender a : appenders) {
                try {
                    a.close();
                } catch (Exception e) {
                    LOG.warn("dl-bench close failed system={}", system.name(), e);
                }
            }
        }
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
