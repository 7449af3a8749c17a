package io.dlog.core.lifecycle;

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
import io.dlog.core.RetentionService;
import io.dlog.core.Subscription;
import io.dlog.core.SubscriptionReader;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code retention.respect.subscriptions}: time and size retention stop at the slowest durable subscription. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SubscriptionRetentionIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    private static List<LogSegmentMetadata> live(LogManager log) throws Exception {
        return log.getLogSegments().stream().filter(s -> s.state() != SegmentState.TRUNCATED).toList();
    }

    private static List<LogSegmentMetadata> completedWithRecords(LogManager log) throws Exception {
        return live(log).stream().filter(s -> s.state() == SegmentState.COMPLETED && s.recordCount() > 0).toList();
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    private static List<DLSN> prepare(LogManager log, int segments) throws Exception {
        AsyncLogWriter w = await(log.openAsyncLogWriter());
        List<DLSN> acked = writeSegments(w, log, segments);
        await(w.asyncClose());
        return acked;
    }

    @Test
    void sizeRetentionShouldKeepAnUnconsumedSegmentAndReleaseItAfterTheCommit() throws Exception {
        DLConfig config = smallSegments().set(DLConfigKeys.RETENTION_BYTES, 0L)
                .set(DLConfigKeys.RETENTION_RESPECT_SUBSCRIPTIONS, true).build();
        try (Namespace ns = namespace(CLUSTER.namespaceUri("respect-size"), config, Clock.systemUTC());
                LogManager log = ns.openLog("log");
                RetentionService retention = ns.admin().retentionService()) {
            List<DLSN> acked = prepare(log, 5);
            await(log.subscriptions().commit("slow", acked.get(0)));
            List<LogSegmentMetadata> before = live(log);

            assertThat(retention.runOnce().segmentsDeleted()).as("the first segment is not consumed").isZero();
            assertThat(live(log)).isEqualTo(before);
            assertThat(retention.heldBackBy("log")).contains(new Subscription("slow", Optional.of(acked.get(0))));

            LogSegmentMetadata third = completedWithRecords(log).get(2);
            await(log.subscriptions().commit("slow", third.lastDLSN()));
            assertThat(retention.runOnce().segmentsDeleted()).isEqualTo(3);
            List<LogSegmentMetadata> kept = completedWithRecords(log);
            assertThat(kept.get(0).sequenceNumber()).as("consumed segments went, the next one stays")
                    .isEqualTo(third.sequenceNumber() + 1);
            assertThat(retention.heldBackBy("log")).map(Subscription::name).contains("slow");

            // The subscriber resumes after its commit although that segment is gone: nothing it had not consumed was.
            try (SubscriptionReader r = await(log.subscriptions().openReader("slow"))) {
                DLSN next = await(r.readNext()).dlsn();
                assertThat(next).isEqualTo(kept.get(0).firstDLSN());
                assertThat(acked.indexOf(next)).isEqualTo(acked.indexOf(third.lastDLSN()) + 1);
                await(r.commit(acked.get(acked.size() - 1)));
            }
            retention.runOnce();
            assertThat(completedWithRecords(log)).as("everything consumed: size retention keeps the last only")
                    .hasSize(1);
            assertThat(retention.heldBackBy("log")).isEmpty();
            assertThat(ns.admin().audit().run().isClean()).isTrue();
        }
    }

    @Test
    void aSubscriptionWithoutCommitShouldHoldEverythingUntilDeleted() throws Exception {
        DLConfig config = smallSegments().set(DLConfigKeys.RETENTION_BYTES, 0L)
                .set(DLConfigKeys.RETENTION_RESPECT_SUBSCRIPTIONS, true).build();
        try (Namespace ns = namespace(CLUSTER.namespaceUri("respect-new"), config, Clock.systemUTC());
                LogManager log = ns.openLog("log");
                RetentionService retention = ns.admin().retentionService()) {
            List<DLSN> acked = prepare(log, 4);
            await(log.subscriptions().openReader("fresh")).close(); // registers it, commits nothing
            await(log.subscriptions().commit("fast", acked.get(acked.size() - 1)));
            assertThat(retention.runOnce().segmentsDeleted()).isZero();
            assertThat(retention.heldBackBy("log")).contains(new Subscription("fresh", Optional.empty()));
            assertThat(await(log.subscriptions().delete("fresh"))).isTrue();
            assertThat(retention.runOnce().segmentsDeleted()).isGreaterThanOrEqualTo(3);
            assertThat(retention.heldBackBy("log")).isEmpty();
        }
    }

    @Test
    void timeRetentionShouldRespectSubscriptionsOnlyWhereTheLogOverrideSaysSo() throws Exception {
        DLConfig config = smallSegments().build();
        MutableClock later = new MutableClock(Duration.ofHours(3));
        try (Namespace ns = namespace(CLUSTER.namespaceUri("respect-override"), config, Clock.systemUTC());
                LogManager kept = ns.openLog("kept"); LogManager ignored = ns.openLog("ignored");
                RetentionService retention = ns.admin().retentionService(later, null)) {
            List<DLSN> a = prepare(kept, 4);
            List<DLSN> b = prepare(ignored, 4);
            await(kept.subscriptions().commit("s", a.get(0)));
            await(ignored.subscriptions().commit("s", b.get(0)));
            retention.setPolicy("kept", new RetentionPolicy(Duration.ofHours(1).toMillis(), -1, true));
            retention.setPolicy("ignored", new RetentionPolicy(Duration.ofHours(1).toMillis(), -1, false));
            assertThat(retention.policy("kept").respectSubscriptions()).isTrue();
            List<LogSegmentMetadata> before = live(kept);
            retention.runOnce();
            assertThat(live(kept)).as("held back by s").isEqualTo(before);
            assertThat(retention.heldBackBy("kept")).map(Subscription::name).contains("s");
            assertThat(completedWithRecords(ignored)).as("the control log is released by age").hasSize(1);
            assertThat(retention.heldBackBy("ignored")).isEmpty();
        }
    }
}
