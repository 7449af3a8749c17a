package io.dlog.core.read;

import static io.dlog.core.read.ReadTesting.assertSame;
import static io.dlog.core.read.ReadTesting.read;
import static io.dlog.core.read.ReadTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.read.ReadTesting.Acked;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TailReadIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofSeconds(4)).fsync(false).build();

    @Test
    void tailingReaderShouldSeeEveryAcknowledgedRecordOnceInOrderAcrossRolls() throws Exception {
        int n = 50_000;
        try (Namespace ns = CLUSTER.openNamespace("tail-50k", ReadTesting.rolling(48 * 1024, 200));
                Namespace readerNs = CLUSTER.openNamespace("tail-50k", DLConfig.defaults());
                LogManager log = ns.openLog("log"); LogManager readLog = readerNs.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            AsyncLogReader r = readLog.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            CompletableFuture<List<LogRecordWithDLSN>> reading = CompletableFuture.supplyAsync(() -> {
                try {
                    return read(r, n);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Acked> acked = write(w, 0, n, 64);
            List<LogRecordWithDLSN> got = reading.get(120, TimeUnit.SECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long segments = acked.get(n - 1).dlsn().segmentSequenceNumber();
            System.out.printf("tail-50k: %d records over %d segments read in %d ms%n", n, segments, ms);
            assertTrue(segments >= 50, "expected frequent rolls, got " + segments + " segments");
            assertSame(acked, got);
            r.close();
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void tailingReaderShouldReceiveRecordsWithinMillisecondsAfterAPauseAndWhenTheWriterIsIdle() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("tail-latency", DLConfig.defaults());
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            AsyncLogReader r = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            long warm = latencyOf(w, r, CompletableFuture.completedFuture(null), 1);
            CompletableFuture<Void> pause = CompletableFuture.runAsync(() -> { },
                    CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS));
            long afterPause = latencyOf(w, r, pause, 2);
            long idle = latencyOf(w, r, CompletableFuture.completedFuture(null), 3);
            System.out.printf("tail latency ack->delivery: first=%.2f ms, after 2 s pause=%.2f ms, idle writer=%.2f ms%n",
                    warm / 1e6, afterPause / 1e6, idle / 1e6);
            assertTrue(afterPause < TimeUnit.SECONDS.toNanos(1), "after pause: " + afterPause / 1e6 + " ms");
            assertTrue(idle < TimeUnit.SECONDS.toNanos(1), "idle writer: " + idle / 1e6 + " ms");
            r.close();
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }

    /** Writes one record once {@code when} completes; returns nanoseconds from its ack to its delivery. */
    private static long latencyOf(AsyncLogWriter w, AsyncLogReader r, CompletableFuture<Void> when, long txid)
            throws Exception {
        CompletableFuture<LogRecordWithDLSN> next = r.readNext();
        long[] delivered = new long[1];
        CompletableFuture<LogRecordWithDLSN> seen = next.whenComplete((rec, t) -> delivered[0] = System.nanoTime());
        long[] acked = new long[1];
        CompletableFuture<DLSN> ack = when.thenCompose(v -> w.write(LogRecord.of(txid, new byte[16])))
                .whenComplete((d, t) -> acked[0] = System.nanoTime());
        DLSN dlsn = ack.get(30, TimeUnit.SECONDS);
        LogRecordWithDLSN rec = seen.get(10, TimeUnit.SECONDS);
        assertEquals(dlsn, rec.dlsn());
        return Math.max(0, delivered[0] - acked[0]);
    }

    @Test
    void tailingReaderShouldSeeTheOldWritersRecordsThenTheNewWritersAcrossAFailover() throws Exception {
        try (Namespace readerNs = CLUSTER.openNamespace("tail-failover", DLConfig.defaults())) {
            List<Acked> expected = new ArrayList<>();
            AsyncLogReader r;
            try (Namespace a = CLUSTER.openNamespace("tail-failover", ReadTesting.rolling(16 * 1024, 0));
                    LogManager log = a.openLog("log")) {
                AsyncLogWriter wa = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                r = readerNs.openLog("log").openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
                expected.addAll(write(wa, 0, 1500, 64));
            } // A's namespace closes: its writer goes away
            try (Namespace b = CLUSTER.openNamespace("tail-failover", ReadTesting.rolling(16 * 1024, 0));
                    LogManager log = b.openLog("log")) {
                AsyncLogWriter wb = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                expected.addAll(write(wb, 1500, 1500, 64));
                assertSame(expected, read(r, expected.size()));
                wb.asyncClose().get(30, TimeUnit.SECONDS);
            }
            r.close();
        }
    }
}
