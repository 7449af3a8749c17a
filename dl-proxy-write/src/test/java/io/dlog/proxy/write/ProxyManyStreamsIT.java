package io.dlog.proxy.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.client.DLClient;
import io.dlog.core.local.LocalCluster;
import io.dlog.core.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14's memory result: 10,000 idle-then-active streams owned by one write proxy within 256 MiB of heap. The
 * proxy runs in a child JVM with {@code -Xmx256m}; every stream is written (so the proxy owns it: a dl-core writer
 * each), left idle, then written again. The proxy must survive, own every stream, and report its heap after a full
 * GC at each step ("MANY ..." lines give the figures and the bytes per owned stream).
 */
@Timeout(value = 40, unit = TimeUnit.MINUTES)
class ProxyManyStreamsIT {
    private static final int STREAMS = Integer.getInteger("dlog.it.manyStreams", 10_000);
    private static final long HEAP_LIMIT = 256L << 20;
    private static final Duration IDLE = Duration.ofSeconds(20);

    @Test
    void proxyShouldOwnTenThousandIdleThenActiveStreamsWithinItsHeapWhenStartedWith256MiB() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().bookies(3).fsync(false).start();
                ChildJvm proxy = ChildJvm.start(List.of("-Xmx256m", "-XX:+UseG1GC"), ProxyHeapMain.class,
                        cluster.namespaceUri("many").toString(), "30000")) {
            String address = proxy.awaitLine("ready", 120_000).substring("ready ".length());
            long base = heap(proxy)[0];
            try (DLClient client = DLClient.builder().proxies(address).clientId("many")
                    .requestTimeout(Duration.ofMinutes(5)).build()) {
                long t0 = System.nanoTime();
                writeEach(client, "first");
                long firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                long[] owned = heap(proxy);
                assertThat(owned[1]).as("streams owned after the first writes").isEqualTo(STREAMS);
                // Idle: nothing is written; the heap is sampled meanwhile (the proxy keeps every stream: idle release
                // is 5 minutes by default).
                long idleMax = 0;
                long idleEnd = System.nanoTime() + IDLE.toNanos();
                while (System.nanoTime() - idleEnd < 0) {
                    idleMax = Math.max(idleMax, heap(proxy)[0]);
                }
                long t1 = System.nanoTime();
                writeEach(client, "again");
                long againMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
                long[] active = heap(proxy);
                assertThat(proxy.isAlive()).as("the proxy survived").isTrue();
                assertThat(active[1]).as("streams owned after the second writes").isEqualTo(STREAMS);
                long perStream = (owned[0] - base) / STREAMS;
                String figures = "streams=" + STREAMS + " heapAfterGcMiB base=" + mib(base) + " owned="
                        + mib(owned[0]) + " idleMax=" + mib(idleMax) + " active=" + mib(active[0])
                        + " bytesPerOwnedStream=" + perStream + " firstWritesMs=" + firstMs + " againWritesMs="
                        + againMs;
                System.out.println("MANY " + figures);
                assertThat(Math.max(owned[0], Math.max(idleMax, active[0]))).as(figures)
                        .isLessThan(HEAP_LIMIT * 3 / 4);
            }
        }
    }

    /** Writes one record to each stream, at most 1,000 in flight, and expects every one acknowledged. */
    private static void writeEach(DLClient client, String tag) throws Exception {
        Semaphore window = new Semaphore(1000);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong acked = new AtomicLong();
        CompletableFuture<?>[] all = new CompletableFuture<?>[STREAMS];
        for (int i = 0; i < STREAMS; i++) {
            window.acquire();
            all[i] = client.write(name(i), (tag + "-" + i).getBytes(StandardCharsets.UTF_8))
                    .whenComplete((d, t) -> {
                        window.release();
                        if (t == null) {
                            acked.incrementAndGet();
                        } else {
                            failures.add(t);
                        }
                    });
        }
        CompletableFuture.allOf(all).handle((v, t) -> null).get(20, TimeUnit.MINUTES);
        assertThat(failures).as("failed writes (" + tag + ")").isEmpty();
        assertThat(acked.get()).isEqualTo(STREAMS);
    }

    private static String name(int i) {
        return "m-" + i;
    }

    /** Asks the child for its heap after a full GC; returns {bytes, streams owned}. */
    private static long[] heap(ChildJvm proxy) throws Exception {
        long before = proxy.count("heap");
        proxy.send("heap");
        String last = proxy.awaitCount("heap", before + 1, TimeUnit.MINUTES.toMillis(2));
        String[] parts = last.split(" ");
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[3])};
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
