package io.dlog.bench;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 11's contention scenario: while 50 logs roll every 100 ms, 200 writer opens contend for 50 other logs
 * whose locks another process (a second namespace, its own ZooKeeper session) holds; the opens wait for
 * {@code writer.lock.timeout.ms}. Prints the p99 of {@code dlog.writer.roll.latency} over the contention window,
 * and how many rolls completed in it. Run:
 * <pre>
 * mvn -B -o -q -pl dl-bench -am compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp dl-bench/target/classes:$(cat dl-bench/target/cp.txt) io.dlog.bench.LockContentionBench [seconds [opens]]
 * </pre>
 * The window lasts at least {@code seconds} (default 20) and until every contended open has given up.
 */
public final class LockContentionBench {
    private static final int ROLLING_LOGS = 50;
    private static final int CONTENDED_LOGS = 50;
    private static final int DEFAULT_OPENS = 200;
    private static final long ROLL_MS = 100;
    private static final long LOCK_TIMEOUT_MS = 2_000;

    private LockContentionBench() {
    }

    /**
     * Runs the scenario.
     *
     * @param args optional: the minimum contention window in seconds (default 20), and the number of contended
     *     opens (default 200; 0 measures the rolls alone)
     * @throws Exception if the cluster or a namespace cannot start
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int opensWanted = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_OPENS; // 0: the baseline
        MetricRegistry registry = new MetricRegistry();
        DLConfig config = DLConfig.builder()
                .set(DLConfigKeys.SEGMENT_ROLL_INTERVAL_MS, ROLL_MS)
                .set(DLConfigKeys.LOCK_TIMEOUT_MS, LOCK_TIMEOUT_MS)
                .set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, 30_000L)
                .build();
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        try (LocalCluster cluster = LocalCluster.builder().bookies(3).fsync(false)
                .zkSessionTimeout(Duration.ofSeconds(2)).start();
                Namespace holder = Namespace.builder().uri(cluster.namespaceUri("contention")).config(config).build();
                Namespace ns = Namespace.builder().uri(cluster.namespaceUri("contention")).config(config)
                        .metrics(registry).build()) {
            for (int i = 0; i < CONTENDED_LOGS; i++) {
                holder.openLog("held-" + i).openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            }
            List<AsyncLogWriter> rolling = new ArrayList<>();
            for (int i = 0; i < ROLLING_LOGS; i++) {
                rolling.add(ns.openLog("rolling-" + i).openAsyncLogWriter().get(60, TimeUnit.SECONDS));
            }
            AtomicInteger failedWrites = new AtomicInteger();
            byte[] payload = "x".repeat(100).getBytes(StandardCharsets.UTF_8);
            load.scheduleAtFixedRate(() -> rolling.forEach(w -> w.write(LogRecord.of(payload))
                    .whenComplete((d, t) -> {
                        if (t != null) {
                            failedWrites.incrementAndGet();
                        }
                    })), 0, 20, TimeUnit.MILLISECONDS);
            Thread.sleep(3_000); // warm-up: the rolls settle before the contention starts (a benchmark pause)
            Timer roll = registry.timer("dlog.writer.roll.latency");
            Counter rolls = registry.counter("dlog.writer.rolls");
            long rollsBefore = rolls.getCount();
            List<CompletableFuture<AsyncLogWriter>> opens = new ArrayList<>();
            for (int i = 0; i < opensWanted; i++) {
                LogManager log = ns.openLog("held-" + (i % CONTENDED_LOGS));
                opens.add(log.openAsyncLogWriter());
            }
            long windowStart = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds)); // the measured window, at least this long ...
            // ... and until every contended open has given up: rolls stalled behind them are recorded when they
            // finally complete, so the snapshot (the last minute) includes them.
            CompletableFuture<?>[] settled = opens.stream().map(f -> f.handle((w, t) -> null))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(settled).get(30, TimeUnit.MINUTES);
            Thread.sleep(1_000);
            long windowSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - windowStart);
            Snapshot s = roll.getSnapshot();
            long rollsIn = rolls.getCount() - rollsBefore;
            long opensFailed = opens.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            System.out.printf("lock-contention: window=%ds rollingLogs=%d rollMs=%d opens=%d lockTimeoutMs=%d%n",
                    windowSeconds, ROLLING_LOGS, ROLL_MS, opensWanted, LOCK_TIMEOUT_MS);
            System.out.printf("lock-contention: rolls completed in window=%d (%.1f/s) opens refused=%d "
                    + "failedWrites=%d%n", rollsIn, rollsIn / (double) Math.max(1, windowSeconds), opensFailed,
                    failedWrites.get());
            System.out.printf("lock-contention: dlog.writer.roll.latency p50=%.1fms p99=%.1fms max=%.1fms "
                    + "(last minute, %d samples)%n", s.getMedian() / 1e6, s.get99thPercentile() / 1e6,
                    s.getMax() / 1e6, s.size());
            load.shutdownNow();
        } finally {
            load.shutdownNow();
        }
        System.exit(0); // queued opens of the old code would otherwise hold the JVM for minutes
    }
}
