package io.dlog.proxy.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.dlog.client.DLClient;
import io.dlog.client.StreamReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.local.LocalCluster;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twenty subscribers tail one log at a steady write rate; one stops reading for 30 s. The others keep receiving
 * every record, in order, without a delivery gap; the stalled one then catches up on everything, once, in order,
 * from the proxy's cache (no second BookKeeper read). The others' delivery p99 before and during the stall is
 * logged (a figure, not an assertion: speed is measured in dl-bench).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ReadProxyStallIT {
    private static final Logger LOG = LoggerFactory.getLogger(ReadProxyStallIT.class);
    private static final int SUBSCRIBERS = 20;
    private static final int RATE = 100;                 // records per second
    private static final int RECORDS = 4_000;            // 40 s of writes
    private static final int STALL_AFTER = 500;          // the stalled one stops after 5 s of records
    private static final Duration STALL = Duration.ofSeconds(30);
    /** The longest a record written during the stall may take to reach a subscriber that keeps reading. */
    private static final long GAP_BOUND_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().bookies(3).fsync(false).start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** What one subscriber received: sequence numbers, and per record its write and arrival times. */
    private static final class Received {
        final List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
        final List<long[]> times = Collections.synchronizedList(new ArrayList<>()); // {written, arrived}
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile long stallStart;
        volatile long stallEnd;
    }

    @Test
    void subscriberThatStopsReadingShouldNotDelayTheOthersAndShouldCatchUpAfter() throws Exception {
        URI uri = cluster.namespaceUri("stall");
        MetricRegistry registry = new MetricRegistry();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (Namespace ns = Namespace.builder().uri(uri).config(ReadTesting.dlConfig()).build();
                LogManager log = ns.openLog("ticks");
                AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
                ReadProxy proxy = ReadProxy.builder().uri(uri).dlConfig(ReadTesting.dlConfig()).metrics(registry)
                        .config(ReadProxyConfig.builder().set(ReadProxyConfigKeys.PORT, 0)
                                .set(ReadProxyConfigKeys.ADMIN_PORT, 0)
                                // above the stall: the proxy must not drop the stalled one
                                .set(ReadProxyConfigKeys.CREDIT_TIMEOUT_MS, 120_000L).build()).start();
                DLClient client = DLClient.builder().proxies(proxy.address()).clientId("stall-it")
                        .readerWindow(100, 1L << 20).requestTimeout(Duration.ofSeconds(60)).build()) {
            List<Received> subs = new ArrayList<>();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                StreamReader r = client.openReader("ticks", DLSN.INITIAL).get(60, TimeUnit.SECONDS);
                Received got = new Received();
                subs.add(got);
                read(r, got, i == 0, timer);
            }
            List<CompletableFuture<DLSN>> writes = writeSteadily(w, timer);
            for (Received got : subs) {
                got.done.get(240, TimeUnit.SECONDS);
            }
            List<DLSN> written = new ArrayList<>();
            for (CompletableFuture<DLSN> f : writes) {
                written.add(f.get(60, TimeUnit.SECONDS));
            }
            Received stalled = subs.get(0);
            for (Received got : subs) {
                assertThat(got.seqs).as("every record once, in order").hasSize(RECORDS);
                for (int k = 0; k < RECORDS; k++) {
                    assertThat(got.seqs.get(k)).isEqualTo(k);
                }
            }
            assertThat(stalled.stallEnd - stalled.stallStart).isGreaterThanOrEqualTo(STALL.toNanos());
            List<Long> before = new ArrayList<>();
            List<Long> during = new ArrayList<>();
            for (Received got : subs.subList(1, SUBSCRIBERS)) {
                for (long[] t : got.times) {
                    if (t[0] < stalled.stallStart) {
                        before.add(t[1] - t[0]);
                    } else if (t[0] <= stalled.stallEnd) {
                        during.add(t[1] - t[0]);
                        assertThat(t[1] - t[0]).as("a record written during the stall reached a reading subscriber")
                                .isLessThanOrEqualTo(GAP_BOUND_NANOS);
                    }
                }
            }
            assertThat(during).as("records written during the stall").hasSizeGreaterThan(RATE * (SUBSCRIBERS - 1));
            LOG.info("stall test: the others' delivery p50/p99 before the stall {}/{} ms ({} deliveries), during it "
                    + "{}/{} ms ({} deliveries)", millis(before, 0.50), millis(before, 0.99), before.size(),
                    millis(during, 0.50), millis(during, 0.99), during.size());
            assertThat(proxy.entriesRead("ticks")).as("one BookKeeper read per entry: the stalled one caught up "
                    + "from the cache").isEqualTo(ReadTesting.entries(written));
            assertThat(registry.counter("dlog.proxy.read.ended.timeout").getCount()).isZero();
        } finally {
            timer.shutdownNow();
        }
    }

    /** Writes RECORDS records at RATE per second; each payload holds its sequence number and write time. */
    private static List<CompletableFuture<DLSN>> writeSteadily(AsyncLogWriter w, ScheduledExecutorService timer)
            throws Exception {
        List<CompletableFuture<DLSN>> writes = Collections.synchronizedList(new ArrayList<>());
        AtomicLong seq = new AtomicLong();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        timer.scheduleAtFixedRate(() -> {
            long s = seq.getAndIncrement();
            if (s >= RECORDS) {
                finished.complete(null);
                throw new IllegalStateException("done"); // ends the periodic task
            }
            byte[] payload = ByteBuffer.allocate(16).putLong(s).putLong(System.nanoTime()).array();
            writes.add(w.write(LogRecord.of(payload)));
        }, 0, 1_000_000 / RATE, TimeUnit.MICROSECONDS);
        finished.get(240, TimeUnit.SECONDS);
        return writes;
    }

    /** Reads every record; the stalled one stops reading for STALL after STALL_AFTER records. */
    private static void read(StreamReader r, Received got, boolean stalls, ScheduledExecutorService timer) {
        r.readBulk(100).whenComplete((batch, t) -> {
            if (t != null) {
                got.done.completeExceptionally(t);
                return;
            }
            long now = System.nanoTime();
            for (LogRecordWithDLSN rec : batch) {
                ByteBuffer b = ByteBuffer.wrap(rec.payload());
                got.seqs.add(b.getLong());
                got.times.add(new long[] {b.getLong(), now});
            }
            if (got.seqs.size() >= RECORDS) {
                got.done.complete(null);
            } else if (stalls && got.stallStart == 0 && got.seqs.size() >= STALL_AFTER) {
                got.stallStart = System.nanoTime();
                timer.schedule(() -> {
                    got.stallEnd = System.nanoTime();
                    read(r, got, true, timer);
                }, STALL.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                read(r, got, stalls, timer);
            }
        });
    }

    private static String millis(List<Long> nanos, double q) {
        if (nanos.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        long v = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
        return String.format("%.1f", v / 1e6);
    }
}
