package io.dlog.core.lifecycle;

import static io.dlog.core.lifecycle.LifecycleTesting.ledgerExists;
import static io.dlog.core.lifecycle.LifecycleTesting.namespace;
import static io.dlog.core.lifecycle.LifecycleTesting.smallSegments;
import static io.dlog.core.lifecycle.LifecycleTesting.writeSegments;
import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.RetentionPolicy;
import io.dlog.core.RetentionRun;
import io.dlog.core.RetentionService;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retention by time and size with injected clocks (RELIABILITY R-22): prefix only, never the last segment. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RetentionIT {
    private static final Duration HOUR = Duration.ofHours(1);

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    private static List<LogSegmentMetadata> live(LogManager log) throws Exception {
        return log.getLogSegments().stream().filter(s -> s.state() != SegmentState.TRUNCATED).toList();
    }

    @Test
    void timeRetentionShouldDeleteExactlyTheSegmentsOlderThanRetentionMsWithNoWriterOpen() throws Exception {
        String name = "ret-time";
        MutableClock writerClock = new MutableClock(Duration.ZERO);
        DLConfig config = smallSegments().set(DLConfigKeys.RETENTION_MS, HOUR.toMillis()).build();
        try (Namespace wns = namespace(CLUSTER.namespaceUri(name), config, writerClock);
                LogManager log = wns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            writeSegments(w, log, 3);
            writerClock.advance(Duration.ofHours(2)); // later segments are stamped two hours later
            writeSegments(w, log, 6);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            List<LogSegmentMetadata> before = live(log);
            long now = System.currentTimeMillis();
            List<LogSegmentMetadata> old = before.stream().filter(s -> s.completedAtMillis() < now + 60_000).toList();
            assertThat(old).hasSizeGreaterThanOrEqualTo(3);

            MutableClock serviceClock = new MutableClock(Duration.ofMinutes(150));
            try (Namespace sns = namespace(CLUSTER.namespaceUri(name), config, Clock.systemUTC());
                    RetentionService service = sns.admin().retentionService(serviceClock, null)) {
                RetentionRun run = service.runOnce();
                assertThat(run.ran()).isTrue();
                assertThat(run.segmentsDeleted()).isEqualTo(old.size());
                assertThat(live(log)).isEqualTo(before.subList(old.size(), before.size()));
                for (LogSegmentMetadata s : old) {
                    assertThat(ledgerExists(CLUSTER.cluster(), s.ledgerId())).isFalse();
                }
                // Much later everything old goes, except the last segment.
                serviceClock.advance(Duration.ofHours(10));
                service.runOnce();
                List<LogSegmentMetadata> left = live(log);
                assertThat(left).containsExactly(before.get(before.size() - 1));
                assertThat(service.runOnce().segmentsDeleted()).isZero();
                assertThat(sns.admin().audit().run().isClean()).isTrue();
            }
        }
    }

    @Test
    void writerClockBehindShouldNotCauseEarlyDeletion() throws Exception {
        String name = "ret-skew";
        MutableClock writerClock = new MutableClock(Duration.ofHours(-5));
        DLConfig config = smallSegments().set(DLConfigKeys.RETENTION_MS, HOUR.toMillis()).build();
        try (Namespace wns = namespace(CLUSTER.namespaceUri(name), config, writerClock);
                LogManager log = wns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            writeSegments(w, log, 4);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            List<LogSegmentMetadata> before = live(log);
            MutableClock serviceClock = new MutableClock(Duration.ofMinutes(30));
            try (Namespace sns = namespace(CLUSTER.namespaceUri(name), config, Clock.systemUTC());
                    RetentionService service = sns.admin().retentionService(serviceClock, null)) {
                // By the writer's stamps every segment is 5.5 hours old; ZooKeeper saw them complete 30 minutes ago.
                assertThat(service.runOnce().segmentsDeleted()).isZero();
                assertThat(live(log)).isEqualTo(before);
                serviceClock.advance(HOUR);
                assertThat(service.runOnce().segmentsDeleted()).isEqualTo(before.size() - 1);
                assertThat(live(log)).containsExactly(before.get(before.size() - 1));
            }
        }
    }

    @Test
    void writerClockAheadShouldOnlyDelayDeletion() throws Exception {
        String name = "ret-ahead";
        MutableClock writerClock = new MutableClock(Duration.ofHours(5));
        DLConfig config = smallSegments().set(DLConfigKeys.RETENTION_MS, HOUR.toMillis()).build();
        try (Namespace wns = namespace(CLUSTER.namespaceUri(name), config, writerClock);
                LogManager log = wns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            writeSegments(w, log, 3);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            List<LogSegmentMetadata> before = live(log);
            MutableClock serviceClock = new MutableClock(Duration.ofHours(2));
            try (Namespace sns = namespace(CLUSTER.namespaceUri(name), config, Clock.systemUTC());
                    RetentionService service = sns.admin().retentionService(serviceClock, null)) {
                assertThat(service.runOnce().segmentsDeleted()).isZero();
                serviceClock.advance(Duration.ofHours(5));
                assertThat(service.runOnce().segmentsDeleted()).isEqualTo(before.size() - 1);
            }
        }
    }

    @Test
    void sizeRetentionShouldDeleteTheOldestSegmentsUntilTheLogFitsWhileAWriterIsOpen() throws Exception {
        String name = "ret-size";
        try (Namespace ns = namespace(CLUSTER.namespaceUri(name), smallSegments().build(), Clock.systemUTC());
                LogManager log = ns.openLog("log");
                RetentionService service = ns.admin().retentionService(Clock.systemUTC(), null)) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            writeSegments(w, log, 8);
            List<LogSegmentMetadata> before = live(log);
            long total = before.stream().mapToLong(LogSegmentMetadata::bytes).sum();
            long limit = before.get(before.size() - 2).bytes() + before.get(before.size() - 3).bytes()
                    + before.get(before.size() - 4).bytes();
            assertThat(service.runOnce().segmentsDeleted()).isZero(); // no limit configured
            service.setPolicy("log", new RetentionPolicy(-1, limit));
            assertThat(service.policy("log")).isEqualTo(new RetentionPolicy(-1, limit));
            service.runOnce();
            List<LogSegmentMetadata> after = live(log);
            int gone = before.size() - after.size();
            long remaining = total;
            for (int i = 0; i < gone; i++) {
                remaining -= before.get(i).bytes();
            }
            assertThat(remaining).isLessThanOrEqualTo(limit);
            assertThat(remaining + before.get(gone - 1).bytes()).isGreaterThan(limit); // no more than needed
            assertThat(after).isEqualTo(before.subList(gone, before.size()));

            // A limit of zero still keeps the last completed segment and the in-progress one.
            service.setPolicy("log", new RetentionPolicy(0, 0));
            service.runOnce();
            List<LogSegmentMetadata> min = live(log);
            assertThat(min).hasSize(2);
            assertThat(min.get(0).state()).isEqualTo(SegmentState.COMPLETED);
            assertThat(min.get(1).state()).isEqualTo(SegmentState.INPROGRESS);
            // The writer was not disturbed.
            writeSegments(w, log, 3);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            service.clearPolicy("log");
            assertThat(service.policy("log")).isEqualTo(RetentionPolicy.KEEP_FOREVER);
        }
    }

    @Test
    void concurrentServicesShouldDeleteEachSegmentOnceAndAgree() throws Exception {
        String name = "ret-multi";
        DLConfig config = smallSegments().set(DLConfigKeys.RETENTION_BYTES, 0L).build();
        try (Namespace ns = namespace(CLUSTER.namespaceUri(name), config, Clock.systemUTC())) {
            for (int i = 0; i < 4; i++) {
                try (LogManager log = ns.openLog("log-" + i)) {
                    AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                    writeSegments(w, log, 4);
                    w.asyncClose().get(30, TimeUnit.SECONDS);
                }
            }
            try (Namespace ns2 = namespace(CLUSTER.namespaceUri(name), config, Clock.systemUTC());
                    RetentionService a = ns.admin().retentionService(Clock.systemUTC(), null);
                    RetentionService b = ns2.admin().retentionService(Clock.systemUTC(), null)) {
                for (int round = 0; round < 3; round++) {
                    CompletableFuture<RetentionRun> ra = CompletableFuture.supplyAsync(() -> run(a));
                    CompletableFuture<RetentionRun> rb = CompletableFuture.supplyAsync(() -> run(b));
                    assertThat(ra.get(60, TimeUnit.SECONDS).logsFailed()).isZero();
                    assertThat(rb.get(60, TimeUnit.SECONDS).logsFailed()).isZero();
                }
                for (int i = 0; i < 4; i++) {
                    try (LogManager log = ns.openLog("log-" + i)) {
                        assertThat(live(log)).hasSize(1);
                    }
                }
                assertThat(ns.admin().audit().run().isClean()).isTrue();
            }
        }
    }

    private static RetentionRun run(RetentionService s) {
        try {
            return s.runOnce();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void startedServiceShouldEnforceRetentionInTheBackground() throws Exception {
        String name = "ret-background";
        DLConfig config = smallSegments().set(DLConfigKeys.RETENTION_BYTES, 0L)
                .set(DLConfigKeys.RETENTION_CHECK_INTERVAL_MS, 50L).build();
        try (Namespace ns = namespace(CLUSTER.namespaceUri(name), config, Clock.systemUTC());
                LogManager log = ns.openLog("log");
                RetentionService service = ns.admin().retentionService()) {
            service.start();
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 60; i++) { // one record per entry: about ten segments, released as they complete
                w.write(io.dlog.protocol.LogRecord.of(LifecycleTesting.payload(i))).get(30, TimeUnit.SECONDS);
            }
            w.asyncClose().get(30, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> live(log).size() == 1);
            assertThat(log.getLogSegments().get(log.getLogSegments().size() - 1).sequenceNumber())
                    .isGreaterThan(5);
        }
    }
}
