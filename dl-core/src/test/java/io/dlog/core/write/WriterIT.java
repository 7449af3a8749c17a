package io.dlog.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.RawLogReader;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The write path against a real LocalCluster: volume, order, durability and rolling. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WriterIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    @Test
    void hundredThousandAsyncWritesShouldBeAcknowledgedInOrderAndReadBackEqual() throws Exception {
        DLConfig config = DLConfig.builder().set(DLConfigKeys.SEGMENT_MAX_BYTES, 4L << 20).build();
        Random random = new Random(42);
        int n = 100_000;
        List<byte[]> payloads = new ArrayList<>(n);
        List<CompletableFuture<DLSN>> acks = new ArrayList<>(n);
        com.codahale.metrics.MetricRegistry metrics = new com.codahale.metrics.MetricRegistry();
        try (Namespace ns = Namespace.builder().uri(CLUSTER.namespaceUri("volume")).config(config).metrics(metrics)
                .build(); LogManager log = ns.openLog("volume")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                byte[] p = new byte[random.nextInt(512)];
                random.nextBytes(p);
                payloads.add(p);
                acks.add(w.write(LogRecord.of(p)));
                if (i % 5_000 == 4_999) {
                    acks.get(i).get(60, TimeUnit.SECONDS); // bound the pending bytes without sleeping
                }
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
            DLSN prev = DLSN.INVALID;
            for (CompletableFuture<DLSN> f : acks) {
                assertThat(f.join()).isGreaterThan(prev);
                prev = f.join();
            }
            assertThat(w.getLastTxId()).isEqualTo(n);
            assertThat(w.getLastDLSN()).isEqualTo(prev);
            w.asyncClose().get(30, TimeUnit.SECONDS);

            List<LogRecordWithDLSN> read = RawLogReader.readAll(CLUSTER.cluster(), log);
            assertThat(read).hasSize(n);
            for (int i = 0; i < n; i++) {
                LogRecordWithDLSN r = read.get(i);
                assertThat(r.txid()).isEqualTo(i + 1);
                assertThat(r.dlsn()).isEqualTo(acks.get(i).join());
                assertThat(Arrays.equals(r.payload(), payloads.get(i))).as("payload %d", i).isTrue();
            }
            List<LogSegmentMetadata> segs = log.getLogSegments();
            assertThat(segs.size()).isGreaterThan(3);
            assertThat(segs).allMatch(s -> s.state() == SegmentState.COMPLETED);
            assertThat(segs.stream().mapToLong(LogSegmentMetadata::recordCount).sum()).isEqualTo(n);
            assertThat(metrics.timer("dlog.writer.write.latency").getCount()).isEqualTo(n);
            assertThat(metrics.meter("dlog.writer.records").getCount()).isEqualTo(n);
            assertThat(metrics.meter("dlog.writer.bytes").getCount())
                    .isEqualTo(payloads.stream().mapToLong(p -> p.length).sum());
            // A roll right after the last write leaves an empty segment that close removes: one roll more.
            assertThat(metrics.counter("dlog.writer.rolls").getCount()).isBetween((long) segs.size() - 1,
                    (long) segs.size());
            System.out.printf("roll latency: count=%d p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
                    metrics.timer("dlog.writer.roll.latency").getCount(),
                    metrics.timer("dlog.writer.roll.latency").getSnapshot().getMedian() / 1e6,
                    metrics.timer("dlog.writer.roll.latency").getSnapshot().get99thPercentile() / 1e6,
                    metrics.timer("dlog.writer.roll.latency").getSnapshot().getMax() / 1e6);
        }
    }

    @Test
    void rollingBySizeShouldProduceSegmentsWithExactTxidAndDlsnRanges() throws Exception {
        DLConfig config = DLConfig.builder()
                .set(DLConfigKeys.SEGMENT_MAX_BYTES, 8L * 1024)
                .set(DLConfigKeys.BATCH_MAX_BYTES, 1024)
                .build();
        try (Namespace ns = CLUSTER.openNamespace("roll-size", config); LogManager log = ns.openLog("roll-size")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<CompletableFuture<DLSN>> acks = new ArrayList<>();
            for (int i = 1; i <= 2_000; i++) {
                acks.add(w.write(LogRecord.of(i * 10L, new byte[40])));
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            assertSegmentsMatchAcks(log.getLogSegments(), acks, 10);
        }
    }

    @Test
    void rollingByTimeShouldSealSegmentsOfAnIdleLog() throws Exception {
        DLConfig config = DLConfig.builder().set(DLConfigKeys.SEGMENT_ROLL_INTERVAL_MS, 300L).build();
        try (Namespace ns = CLUSTER.openNamespace("roll-time", config); LogManager log = ns.openLog("roll-time")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<CompletableFuture<DLSN>> acks = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 5; i++) {
                    acks.add(w.write(LogRecord.of(new byte[10])));
                }
                int before = acks.size();
                CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
                // The writer stays idle: the time roll alone must seal the segment holding these records.
                long seq = acks.get(before - 1).join().segmentSequenceNumber();
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                        log.getLogSegments().stream().anyMatch(s -> s.sequenceNumber() == seq
                                && s.state() == SegmentState.COMPLETED));
            }
            w.asyncClose().get(30, TimeUnit.SECONDS);
            List<LogSegmentMetadata> segs = log.getLogSegments();
            assertThat(segs).hasSize(3);
            assertSegmentsMatchAcks(segs, acks, 1);
        }
    }

    private static void assertSegmentsMatchAcks(List<LogSegmentMetadata> segs, List<CompletableFuture<DLSN>> acks,
            long txidStep) {
        assertThat(segs.size()).isGreaterThan(1);
        long expectedSeq = segs.get(0).sequenceNumber();
        int index = 0;
        for (LogSegmentMetadata s : segs) {
            assertThat(s.sequenceNumber()).isEqualTo(expectedSeq++);
            assertThat(s.state()).isEqualTo(SegmentState.COMPLETED);
            int first = index;
            while (index < acks.size() && acks.get(index).join().segmentSequenceNumber() == s.sequenceNumber()) {
                index++;
            }
            int last = index - 1;
            assertThat(last).as("segment %d holds records", s.sequenceNumber()).isGreaterThanOrEqualTo(first);
            assertThat(s.recordCount()).isEqualTo(last - first + 1);
            assertThat(s.firstTxId()).isEqualTo((first + 1) * txidStep);
            assertThat(s.lastTxId()).isEqualTo((last + 1) * txidStep);
            assertThat(acks.get(first).join()).isEqualTo(s.firstDLSN());
            assertThat(acks.get(last).join()).isEqualTo(s.lastDLSN());
        }
        assertThat(index).isEqualTo(acks.size());
    }
}
