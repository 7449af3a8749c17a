package io.dlog.bench;

import com.codahale.metrics.MetricRegistry;
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
import io.dlog.protocol.LogSegmentMetadata;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Issue 13's many-readers scenario: a log that already has many segments (default 1,000), tailed by R embedded
 * readers of one namespace while a writer writes at a fixed rate and rolls a segment every second. For each R
 * (default 1 and 1,000, interleaved over the rounds, on the same log and cluster) it prints the delivery latency
 * from the writer's acknowledgement to each reader's delivery (0 when the reader had it first) p50/p99/p99.9/max,
 * the ZooKeeper requests the server received per roll (four-letter word {@code srvr}), and how long after the
 * last acknowledgement the slowest reader still needed to get every record (how far the readers fell behind).
 * Run:
 * <pre>
 * mvn -B -o -q -pl dl-bench -am compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp dl-bench/target/classes:$(cat dl-bench/target/cp.txt) io.dlog.bench.ManyReadersBench \
 *     [segments [rate [seconds [readers,readers,.. [rounds]]]]]
 * </pre>
 * Defaults: 1000 segments, 300 records/s, 20 s per run, readers 1,1000, 1 round.
 */
public final class ManyReadersBench {
    private static final int PAYLOAD = 100;
    private static final long ROLL_MS = 1000;
    private static final String LOG = "many";

    private ManyReadersBench() {
    }

    /** One run's result. */
    private record Result(int readers, Histogram latency, long delivered, long expected, double zkPerRoll,
            long rolls, long drainMs) {
    }

    /**
     * Runs the scenario.
     *
     * @param args optional: segments before the runs, rate (records/s), seconds per run, comma-separated reader
     *     counts, rounds
     * @throws Exception if the cluster cannot start
     */
    public static void main(String[] args) throws Exception {
        int segments = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String counts = args.length > 3 ? args[3] : "1,1000";
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        DLConfig build = DLConfig.builder().set(DLConfigKeys.SEGMENT_MAX_BYTES, 1024L)
                .set(DLConfigKeys.FLUSH_INTERVAL_MS, 1L).build();
        DLConfig run = DLConfig.builder().set(DLConfigKeys.SEGMENT_ROLL_INTERVAL_MS, ROLL_MS)
                .set(DLConfigKeys.FLUSH_INTERVAL_MS, 1L).set(DLConfigKeys.ZK_SESSION_TIMEOUT_MS, 30_000L).build();
        try (LocalCluster cluster = LocalCluster.builder().bookies(3).fsync(false).start()) {
            long t0 = System.nanoTime();
            buildSegments(cluster, build, segments);
            System.out.printf("built %d segments in %.1f s%n", segments, (System.nanoTime() - t0) / 1e9);
            System.out.printf("%-6s %7s %9s %9s %9s %9s %9s %11s %7s %9s%n", "round", "readers", "p50 ms", "p99 ms",
                    "p99.9 ms", "max ms", "zk/roll", "delivered", "rolls", "drain ms");
            for (int round = 1; round <= rounds; round++) {
                for (String c : counts.split(",")) {
                    Result r = runOnce(cluster, run, Integer.parseInt(c.trim()), rate, seconds);
                    Histogram h = r.latency();
                    System.out.printf("%-6d %7d %9.2f %9.2f %9.2f %9.2f %9.1f %5d/%-5d %7d %9d%n", round,
                            r.readers(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                            h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0, r.zkPerRoll(),
                            r.delivered() / r.readers(), r.expected() / r.readers(), r.rolls(), r.drainMs());
                }
            }
        }
    }

    /** Writes records of more than a segment's maximum size, one at a time: each one ends its segment. */
    private static void buildSegments(LocalCluster cluster, DLConfig config, int segments) throws Exception {
        try (Namespace ns = Namespace.builder().uri(cluster.namespaceUri("many-readers")).config(config).build();
                LogManager log = ns.openLog(LOG)) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            byte[] big = new byte[1100];
            int have = 0;
            while (have < segments) {
                for (int i = 0; i < 50; i++) {
                    w.write(LogRecord.of(big)).get(60, TimeUnit.SECONDS);
                }
                have = log.getLogSegments().size();
            }
            w.asyncClose().get(60, TimeUnit.SECONDS);
        }
    }

    private static Result runOnce(LocalCluster cluster, DLConfig config, int n, int rate, int seconds)
            throws Exception {
        int total = rate * seconds;
        AtomicLongArray ackNanos = new AtomicLongArray(total);
        Histogram latency = new ConcurrentHistogram(3);
        AtomicLong delivered = new AtomicLong();
        AtomicLong lastDelivery = new AtomicLong();
        try (Namespace writerNs = Namespace.builder().uri(cluster.namespaceUri("many-readers")).config(config)
                        .build();
                Namespace readerNs = Namespace.builder().uri(cluster.namespaceUri("many-readers")).config(config)
                        .metrics(new MetricRegistry()).build();
                LogManager wlog = writerNs.openLog(LOG);
                LogManager rlog = readerNs.openLog(LOG)) {
            AsyncLogWriter w = wlog.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            DLSN last = w.write(LogRecord.of(stamp(-1))).get(60, TimeUnit.SECONDS);
            List<AsyncLogReader> readers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                AsyncLogReader r = rlog.openAsyncLogReader(last).get(60, TimeUnit.SECONDS);
                r.readNext().get(60, TimeUnit.SECONDS); // the marker: the reader is at the tail
                readers.add(r);
                loop(r, ackNanos, latency, delivered, lastDelivery);
            }
            long startSeq = lastSeq(wlog);
            long zkBefore = zkRequestsReceived(cluster);
            long lastAck = write(w, rate, seconds, ackNanos);
            long expected = (long) n * total;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (delivered.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(20); // a benchmark's own pacing, not test synchronisation
            }
            long zkAfter = zkRequestsReceived(cluster);
            long rolls = Math.max(1, lastSeq(wlog) - startSeq);
            long drainMs = Math.max(0, TimeUnit.NANOSECONDS.toMillis(lastDelivery.get() - lastAck));
            List<CompletableFuture<Void>> closes = new ArrayList<>();
            for (AsyncLogReader r : readers) {
                closes.add(r.asyncClose());
            }
            CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            w.asyncClose().get(60, TimeUnit.SECONDS);
            return new Result(n, latency, delivered.get(), expected, (double) (zkAfter - zkBefore) / rolls, rolls,
                    drainMs);
        }
    }

    private static byte[] stamp(int index) {
        return ByteBuffer.allocate(PAYLOAD).putInt(index).array();
    }

    /** Writes {@code rate} records a second for a while, noting each one's acknowledgement time. */
    private static long write(AsyncLogWriter w, int rate, int seconds, AtomicLongArray ackNanos) throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        int perTick = Math.max(1, rate / 100);
        int total = rate * seconds;
        AtomicLong next = new AtomicLong();
        List<CompletableFuture<DLSN>> acks = new ArrayList<>();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        timer.scheduleAtFixedRate(() -> {
            for (int i = 0; i < perTick; i++) {
                int index = (int) next.getAndIncrement();
                if (index >= total) {
                    finished.complete(null);
                    return;
                }
                CompletableFuture<DLSN> f = w.write(LogRecord.of(stamp(index)));
                f.thenRun(() -> ackNanos.set(index, System.nanoTime()));
                synchronized (acks) {
                    acks.add(f);
                }
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        finished.get(seconds + 60L, TimeUnit.SECONDS);
        timer.shutdownNow();
        synchronized (acks) {
            for (CompletableFuture<DLSN> f : acks) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        long lastAck = 0;
        for (int i = 0; i < total; i++) {
            lastAck = Math.max(lastAck, ackNanos.get(i));
        }
        return lastAck;
    }

    private static void loop(AsyncLogReader r, AtomicLongArray ackNanos, Histogram latency, AtomicLong count,
            AtomicLong lastDelivery) {
        r.readBulk(500).whenComplete((batch, t) -> {
            if (t != null) {
                return;
            }
            long now = System.nanoTime();
            for (LogRecordWithDLSN rec : batch) {
                int index = ByteBuffer.wrap(rec.payload()).getInt();
                long ack = ackNanos.get(index);
                // 0 when the reader had it before the writer's callback ran
                latency.recordValue(ack == 0 ? 0 : Math.max(0, now - ack) / 1000);
            }
            count.addAndGet(batch.size());
            lastDelivery.accumulateAndGet(now, Math::max);
            loop(r, ackNanos, latency, count, lastDelivery);
        });
    }

    private static long lastSeq(LogManager log) throws Exception {
        List<LogSegmentMetadata> segs = log.getLogSegments();
        return segs.get(segs.size() - 1).sequenceNumber();
    }

    /** Returns the number of requests the ZooKeeper server received so far (four-letter word {@code srvr}). */
    static long zkRequestsReceived(LocalCluster cluster) throws Exception {
        String[] hostPort = cluster.zkConnectString().split(",")[0].split(":");
        try (Socket s = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            OutputStream out = s.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            Matcher m = Pattern.compile("Received: (\\d+)").matcher(buf.toString(StandardCharsets.US_ASCII));
            if (!m.find()) {
                throw new IllegalStateException("unexpected srvr answer");
            }
            return Long.parseLong(m.group(1));
        }
    }
}
