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
import io.dlog.protocol.SegmentState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The writer's threading: writes run on callers' threads under the writer's monitor, acknowledgements on
 * BookKeeper's threads, and futures complete outside the monitor. These tests race those against each other.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WriterConcurrencyIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    /** Small entries and segments: many acknowledgements and many rolls. */
    private static final DLConfig SMALL = DLConfig.builder()
            .set(DLConfigKeys.BATCH_MAX_BYTES, 2048)
            .set(DLConfigKeys.SEGMENT_MAX_BYTES, 32L * 1024)
            .build();

    @Test
    void closeRightAfterWritesShouldCommitTheSegmentOnceAndKeepEveryRecord() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("close-race", SMALL); LogManager log = ns.openLog("close-race")) {
            int rounds = 40;
            int perRound = 40;
            for (int round = 0; round < rounds; round++) {
                AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
                List<CompletableFuture<DLSN>> acks = new ArrayList<>();
                for (int i = 0; i < perRound; i++) {
                    acks.add(w.write(LogRecord.of(new byte[100])));
                }
                // Closing the moment the last future completes races the rest of that acknowledgement, and
                // closing at once (odd rounds) races all of them: either way the segment is finished exactly once.
                if (round % 2 == 0) {
                    acks.get(perRound - 1).get(30, TimeUnit.SECONDS);
                }
                w.asyncClose().get(30, TimeUnit.SECONDS);
                assertThat(acks).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            }
            assertThat(log.getLogSegments()).allMatch(s -> s.state() == SegmentState.COMPLETED);
            assertThat(RawLogReader.readAll(CLUSTER.cluster(), log)).hasSize(rounds * perRound);
        }
    }

    @Test
    void acknowledgementsShouldCompleteInDlsnOrderAcrossRolls() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("ack-order", SMALL); LogManager log = ns.openLog("ack-order")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            ConcurrentLinkedQueue<DLSN> completionOrder = new ConcurrentLinkedQueue<>();
            List<CompletableFuture<DLSN>> acks = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                CompletableFuture<DLSN> f = w.write(LogRecord.of(new byte[64]));
                f.thenAccept(completionOrder::add);
                acks.add(f);
                if (i % 2_000 == 1_999) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            assertThat(log.getLogSegments().size()).isGreaterThan(5);
            assertThat(completionOrder).hasSize(acks.size());
            assertThat(new ArrayList<>(completionOrder)).isSorted();
        }
    }

    @Test
    void callbacksShouldBeAbleToWriteAndFlushAgain() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("reentrant", SMALL); LogManager log = ns.openLog("reentrant")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            int chain = 300;
            CompletableFuture<Void> done = new CompletableFuture<>();
            AtomicInteger flushes = new AtomicInteger();
            writeChained(w, chain, flushes, done);
            done.get(60, TimeUnit.SECONDS);
            w.flush().get(30, TimeUnit.SECONDS);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            assertThat(flushes.get()).isEqualTo(chain);
            List<LogRecordWithDLSN> read = RawLogReader.readAll(CLUSTER.cluster(), log);
            assertThat(read).hasSize(chain);
            assertThat(read.get(chain - 1).txid()).isEqualTo(chain);
        }
    }

    /** Each acknowledgement's callback writes the next record and asks for a flush, from inside the callback. */
    private static void writeChained(AsyncLogWriter w, int left, AtomicInteger flushes, CompletableFuture<Void> done) {
        if (left == 0) {
            done.complete(null);
            return;
        }
        w.write(LogRecord.of(new byte[32])).whenComplete((dlsn, err) -> {
            if (err != null) {
                done.completeExceptionally(err);
                return;
            }
            w.flush().whenComplete((v, t) -> {
                if (t == null) {
                    flushes.incrementAndGet();
                }
            });
            writeChained(w, left - 1, flushes, done);
        });
    }

    @Test
    void concurrentCallersShouldGetUniqueTxidsInDlsnOrder() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("callers", SMALL); LogManager log = ns.openLog("callers")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            int threads = 4;
            int perThread = 5_000;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<CompletableFuture<DLSN>>>> results = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        List<CompletableFuture<DLSN>> acks = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            acks.add(w.write(LogRecord.of(new byte[50])));
                        }
                        return acks;
                    }));
                }
                start.countDown();
                List<DLSN> dlsns = new ArrayList<>();
                for (Future<List<CompletableFuture<DLSN>>> r : results) {
                    List<CompletableFuture<DLSN>> acks = r.get(60, TimeUnit.SECONDS);
                    CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
                    DLSN prev = DLSN.INVALID;
                    for (CompletableFuture<DLSN> f : acks) {
                        assertThat(f.join()).as("one caller's records keep its call order").isGreaterThan(prev);
                        prev = f.join();
                        dlsns.add(prev);
                    }
                }
                w.asyncClose().get(30, TimeUnit.SECONDS);
                assertThat(dlsns).doesNotHaveDuplicates().hasSize(threads * perThread);
                List<LogRecordWithDLSN> read = RawLogReader.readAll(CLUSTER.cluster(), log);
                assertThat(read).hasSize(threads * perThread);
                for (int i = 0; i < read.size(); i++) {
                    assertThat(read.get(i).txid()).as("txids follow DLSN order").isEqualTo(i + 1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
