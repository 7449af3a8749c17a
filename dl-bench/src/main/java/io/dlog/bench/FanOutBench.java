package io.dlog.bench;

import com.codahale.metrics.MetricRegistry;
import io.dlog.client.DLClient;
import io.dlog.client.StreamReader;
import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.proxy.read.ReadProxy;
import io.dlog.proxy.read.ReadProxyConfig;
import io.dlog.proxy.read.ReadProxyConfigKeys;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Issue 15's fan-out scenario: one log written at a fixed rate, read by N subscribers through one read proxy and,
 * in the same run, by N embedded core readers. Prints, for each N, delivery latency p50/p99 (write call to
 * delivery, same JVM clock) and BookKeeper entries read per entry written, for both. Run:
 * <pre>
 * mvn -B -o -q -pl dl-bench -am compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp dl-bench/target/classes:$(cat dl-bench/target/cp.txt) io.dlog.bench.FanOutBench \
 *     [rate [seconds [n,n,.. [both|proxy]]]]
 * </pre>
 * Defaults: 2000 records/s, 10 s, subscribers 1,100,1000, both sides. {@code proxy} runs the read-proxy side alone:
 * on a small machine the N embedded readers of the other side take most of the CPU, and the proxy side's latency
 * then measures that contention.
 */
public final class FanOutBench {
    private static final int PAYLOAD = 100;

    private FanOutBench() {
    }

    /** One side's result. */
    private record Side(String name, Histogram latency, long entriesRead, long delivered) {
    }

    /**
     * Runs the scenario.
     *
     * @param args optional: rate (records/s), seconds per run, comma-separated subscriber counts
     * @throws Exception if the cluster cannot start
     */
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String counts = args.length > 2 ? args[2] : "1,100,1000";
        boolean embedded = args.length <= 3 || !"proxy".equals(args[3]);
        DLConfig config = DLConfig.builder().set(DLConfigKeys.FLUSH_INTERVAL_MS, 1L).build();
        try (LocalCluster cluster = LocalCluster.builder().bookies(3).fsync(false).start()) {
            System.out.printf("%-12s %6s %10s %10s %12s %10s  %s%n", "side", "subs", "p50 ms", "p99 ms",
                    "bk/entry", "records", "order");
            for (String c : counts.split(",")) {
                int n = Integer.parseInt(c.trim());
                run(cluster, config, "fanout-" + n, n, rate, seconds, embedded);
            }
        }
    }

    private static void run(LocalCluster cluster, DLConfig config, String ns, int n, int rate, int seconds,
            boolean embedded) throws Exception {
        MetricRegistry proxyMetrics = new MetricRegistry();
        MetricRegistry coreMetrics = new MetricRegistry();
        ReadProxyConfig rpc = ReadProxyConfig.builder().set(ReadProxyConfigKeys.PORT, 0)
                .set(ReadProxyConfigKeys.ADMIN_PORT, -1).build();
        try (Namespace writerNs = Namespace.builder().uri(cluster.namespaceUri(ns)).config(config).build();
                Namespace readerNs = Namespace.builder().uri(cluster.namespaceUri(ns)).config(config)
                        .metrics(coreMetrics).build();
                LogManager wlog = writerNs.openLog("stream");
                AsyncLogWriter w = wlog.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy proxy = ReadProxy.builder().uri(cluster.namespaceUri(ns)).dlConfig(config)
                        .metrics(proxyMetrics).config(rpc).start();
                DLClient client = DLClient.builder().proxies(proxy.address()).clientId("fanout-bench")
                        .requestTimeout(Duration.ofSeconds(60)).build()) {
            w.write(LogRecord.of(stamp())).get(60, TimeUnit.SECONDS);
            Histogram remoteLat = new ConcurrentHistogram(3);
            Histogram coreLat = new ConcurrentHistogram(3);
            AtomicLong remoteCount = new AtomicLong();
            AtomicLong coreCount = new AtomicLong();
            List<Runnable> stops = new ArrayList<>();
            List<Progress> remoteProgress = new ArrayList<>();
            List<Progress> coreProgress = new ArrayList<>();
            LogManager rlog = readerNs.openLog("stream");
            for (int i = 0; i < n; i++) {
                StreamReader r = client.openReader("stream", DLSN.INITIAL).get(60, TimeUnit.SECONDS);
                Progress rp = new Progress();
                remoteProgress.add(rp);
                loop(r::readBulk, remoteLat, remoteCount, rp);
                stops.add(r::asyncClose);
                if (embedded) {
                    AsyncLogReader cr = rlog.openAsyncLogReader(DLSN.INITIAL).get(60, TimeUnit.SECONDS);
                    Progress cp = new Progress();
                    coreProgress.add(cp);
                    loop(cr::readBulk, coreLat, coreCount, cp);
                    stops.add(cr::asyncClose);
                }
            }
            long entries = write(w, rate, seconds);
            long expected = (long) n * (1 + (long) rate * seconds);
            long coreExpected = embedded ? expected : 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while ((remoteCount.get() < expected || coreCount.get() < coreExpected)
                    && System.nanoTime() < deadline) {
                Thread.sleep(100); // a benchmark's own pacing, not test synchronisation
            }
            long proxyEntries = proxy.entriesRead("stream"); // before the readers close: the count goes with them
            stops.forEach(Runnable::run);
            rlog.close();
            double coreEntries = coreMetrics.meter("dlog.reader.entries").getCount();
            long perSubscriber = 1 + (long) rate * seconds;
            print(new Side("read-proxy", remoteLat, proxyEntries, remoteCount.get()), n, entries,
                    verdict(remoteProgress, perSubscriber));
            if (embedded) {
                print(new Side("embedded", coreLat, (long) coreEntries, coreCount.get()), n, entries,
                        verdict(coreProgress, perSubscriber));
            }
        }
    }

    private static byte[] stamp() {
        return ByteBuffer.allocate(PAYLOAD).putLong(System.nanoTime()).array();
    }

    /** Writes at a fixed rate for a while; returns the number of entries the records landed in. */
    private static long write(AsyncLogWriter w, int rate, int seconds) throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        ConcurrentLinkedQueue<CompletableFuture<DLSN>> acks = new ConcurrentLinkedQueue<>();
        int perTick = Math.max(1, rate / 100);
        long ticks = (long) seconds * 100;
        AtomicLong done = new AtomicLong();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        timer.scheduleAtFixedRate(() -> {
            if (done.incrementAndGet() > ticks) {
                finished.complete(null);
                return;
            }
            for (int i = 0; i < perTick; i++) {
                acks.add(w.write(LogRecord.of(stamp())));
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        finished.get(seconds + 60L, TimeUnit.SECONDS);
        timer.shutdownNow();
        Set<String> entries = new HashSet<>();
        entries.add("1:0"); // the first record, written before the run
        for (CompletableFuture<DLSN> f : acks) {
            DLSN d = f.get(60, TimeUnit.SECONDS);
            entries.add(d.segmentSequenceNumber() + ":" + d.entryId());
        }
        return entries.size();
    }

    /** One subscriber's progress: what it got, and whether each record came after the one before it. */
    private static final class Progress {
        final AtomicLong count = new AtomicLong();
        volatile DLSN last = DLSN.INVALID;
        volatile boolean outOfOrder;
    }

    private static void loop(IntFunction<CompletableFuture<List<LogRecordWithDLSN>>> read, Histogram latency,
            AtomicLong count, Progress progress) {
        read.apply(500).whenComplete((batch, t) -> {
            if (t != null) {
                return;
            }
            long now = System.nanoTime();
            for (LogRecordWithDLSN r : batch) {
                latency.recordValue(Math.max(0, now - ByteBuffer.wrap(r.payload()).getLong()) / 1000);
                if (r.dlsn().compareTo(progress.last) <= 0) {
                    progress.outOfOrder = true; // a repeat or a step back
                }
                progress.last = r.dlsn();
            }
            progress.count.addAndGet(batch.size());
            count.addAndGet(batch.size());
            loop(read, latency, count, progress);
        });
    }

    /**
     * Whether every subscriber got every record once and in order: strictly increasing DLSNs (no repeat, no step
     * back) and as many records as were written (so none skipped).
     */
    private static String verdict(List<Progress> subscribers, long perSubscriber) {
        long bad = subscribers.stream().filter(p -> p.outOfOrder || p.count.get() != perSubscriber).count();
        return bad == 0 ? "each once, in order" : bad + " of " + subscribers.size() + " subscribers NOT once in order";
    }

    private static void print(Side s, int n, long entries, String verdict) {
        System.out.printf("%-12s %6d %10.2f %10.2f %12.2f %10d  %s%n", s.name(), n,
                s.latency().getValueAtPercentile(50) / 1000.0, s.latency().getValueAtPercentile(99) / 1000.0,
                (double) s.entriesRead() / entries, s.delivered(), verdict);
    }
}
