package io.dlog.core.lifecycle;

import static io.dlog.core.lifecycle.LifecycleTesting.namespace;
import static io.dlog.core.lifecycle.LifecycleTesting.readRaw;
import static io.dlog.core.lifecycle.LifecycleTesting.smallSegments;
import static io.dlog.core.lifecycle.LifecycleTesting.writeMany;
import static io.dlog.core.lifecycle.LifecycleTesting.writeSegments;
import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.AuditReport;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.SegmentState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An administrator's truncation racing a writer's open on the same log, from two namespaces (two ZooKeeper
 * sessions), started together on a barrier. The truncation marks and deletes segments while the writer takes the
 * lock, reads the segment list, bumps the epoch and starts a segment: both must complete, no record at or after the
 * point may be lost, and the new writer's records must follow the old ones.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TruncationRaceIT {
    private static final int ROUNDS = 6;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    @Test
    void truncationRacingAWritersOpenShouldCompleteBothAndLoseNothingAtOrAfterThePoint() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Namespace writerNs = namespace(CLUSTER.namespaceUri("trunc-race"), smallSegments().build(),
                Clock.systemUTC());
                Namespace adminNs = namespace(CLUSTER.namespaceUri("trunc-race"), smallSegments().build(),
                        Clock.systemUTC())) {
            for (int round = 0; round < ROUNDS; round++) {
                String name = "log-" + round;
                List<DLSN> acked = new ArrayList<>();
                DLSN point;
                try (LogManager log = writerNs.openLog(name)) {
                    AsyncLogWriter first = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                    acked.addAll(writeSegments(first, log, 4));
                    first.asyncClose().get(30, TimeUnit.SECONDS);
                    List<LogSegmentMetadata> segments = log.getLogSegments();
                    // the start of the newest completed segment with records: every segment before it goes
                    point = segments.stream().filter(s -> s.state() == SegmentState.COMPLETED && s.recordCount() > 0)
                            .reduce((a, b) -> b).orElseThrow().firstDLSN();

                    CyclicBarrier start = new CyclicBarrier(2);
                    Future<?> truncation = pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        adminNs.admin().truncation().truncate(name, point);
                        return null;
                    });
                    Future<AsyncLogWriter> opening = pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                    });
                    truncation.get(60, TimeUnit.SECONDS);
                    AsyncLogWriter second = opening.get(60, TimeUnit.SECONDS);
                    for (CompletableFuture<DLSN> f : writeMany(second, 20, acked.size() + 1)) {
                        acked.add(f.get(30, TimeUnit.SECONDS));
                    }
                    second.asyncClose().get(30, TimeUnit.SECONDS);

                    assertThat(log.getFirstDLSN()).as("round %s: the truncation applied", round).isEqualTo(point);
                    List<DLSN> read = readRaw(CLUSTER.cluster(), log).stream().map(LogRecordWithDLSN::dlsn)
                            .filter(d -> d.compareTo(point) >= 0).toList();
                    assertThat(read).as("round %s: every record at or after the point, once, in order", round)
                            .containsExactlyElementsOf(acked.stream().filter(d -> d.compareTo(point) >= 0).toList());
                }
            }
            AuditReport report = adminNs.admin().audit().run();
            assertThat(report.missingLedgers()).as("segments without their ledger").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
