package io.dlog.bench;

import io.dlog.core.local.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.DigestType;
import org.apache.bookkeeper.client.api.LastConfirmedAndEntry;
import org.apache.bookkeeper.client.api.ReadHandle;
import org.apache.bookkeeper.client.api.WriteHandle;

/**
 * The missed tail wake-up (issue 13) reproduced with BookKeeper's own client and nothing of dlog: one ledger
 * (ensemble 3, write quorum 3, ack quorum 2) on three bookies, a writer streaming an entry every 2 ms, and a
 * tailing reader that long-polls for the entry after the last-add-confirmed it learnt from the previous answer,
 * as every BookKeeper tailing reader does. Each round measures one poll, from sent to answered; with an entry
 * every 2 ms, a poll answered only by the BookKeeper client's speculative retry (1.5 s) or the long-poll timeout
 * is a missed wake-up.
 *
 * <p>Why it happens (BookKeeper 4.17.3's {@code LongPollReadEntryProcessorV3}): the poll carries the reader's
 * last-add-confirmed; a bookie whose own is lower registers a one-shot watcher. The reader learnt that value from a
 * faster bookie, and the polled bookie (the next entry's first in its write set, which the ack quorum of 2 did not
 * wait for) has not yet received the entry carrying it. When that entry arrives the bookie's value rises to
 * exactly the poll's, which the watcher ignores without registering again: later entries no longer wake the poll.
 *
 * <p>Two readers run over the same ledger kind, one after the other: {@code single} polls one bookie, as
 * BookKeeper's reader does; {@code backed-up} sends, as dlog's {@code SharedLedger} does, a second poll to the whole
 * write set ({@code parallel}) when the first is unanswered after 5 ms. Run:
 * <pre>
 * mvn -B -o -q -pl dl-bench -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=runtime
 * java -cp dl-bench/target/classes:$(cat dl-bench/target/cp.txt) io.dlog.bench.LongPollWakeUpRepro [rounds]
 * </pre>
 */
public final class LongPollWakeUpRepro {
    private static final long POLL_TIMEOUT_MS = 10_000;
    private static final long LATE_MS = 1_000;
    private static final long BACKUP_AFTER_MS = 5;
    /** One entry every 2 ms: 500 entries/s. */
    private static final long WRITE_INTERVAL_MICROS = 2_000;
    private static final byte[] PASSWORD = "repro".getBytes(StandardCharsets.UTF_8);

    private LongPollWakeUpRepro() {
    }

    /** One reader kind's figures. */
    private record Result(String reader, int rounds, int late, Histogram waits) {
    }

    /**
     * Runs both readers and prints a line each.
     *
     * @param args optional: rounds per reader (default 2,000)
     * @throws Exception if the cluster cannot start
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (LocalCluster cluster = LocalCluster.builder().bookies(3).fsync(false).start();
             BookKeeper bk = BookKeeper.newBuilder(cluster.newClientConfiguration()).build()) {
            System.out.printf(Locale.ROOT, "%-10s %7s %6s %9s %9s %9s%n", "reader", "rounds", "late", "p50 ms",
                    "p99 ms", "max ms");
            for (int pass = 0; pass < 2; pass++) {
                for (boolean backedUp : new boolean[] {false, true}) {
                    Result r = run(bk, rounds, backedUp ? timer : null);
                    System.out.printf(Locale.ROOT, "%-10s %7d %6d %9.2f %9.2f %9.2f%n", r.reader(), r.rounds(),
                            r.late(), r.waits().getValueAtPercentile(50) / 1000.0,
                            r.waits().getValueAtPercentile(99) / 1000.0, r.waits().getMaxValue() / 1000.0);
                }
            }
            System.out.printf(Locale.ROOT, "late = a poll answered over %d ms after it was sent "
                    + "(long-poll timeout %d ms)%n", LATE_MS, POLL_TIMEOUT_MS);
        } finally {
            timer.shutdownNow();
        }
    }

    private static Result run(BookKeeper bk, int rounds, ScheduledExecutorService backup) throws Exception {
        Histogram waits = new Histogram(3);
        int late = 0;
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try (WriteHandle w = bk.newCreateLedgerOp().withEnsembleSize(3).withWriteQuorumSize(3).withAckQuorumSize(2)
                .withDigestType(DigestType.CRC32C).withPassword(PASSWORD).execute().get(30, TimeUnit.SECONDS)) {
            byte[] payload = new byte[100];
            w.append(payload);
            w.append(payload); // the second carries the first's last-add-confirmed
            // The writer streams entries, as a busy log's writer does; the reader polls again at once after each
            // answer, with the last-add-confirmed that answer brought.
            writer.scheduleAtFixedRate(() -> w.appendAsync(payload), 0, WRITE_INTERVAL_MICROS,
                    TimeUnit.MICROSECONDS);
            try (ReadHandle r = bk.newOpenLedgerOp().withLedgerId(w.getId()).withRecovery(false)
                    .withDigestType(DigestType.CRC32C).withPassword(PASSWORD).execute().get(30, TimeUnit.SECONDS)) {
                long lac = r.readLastAddConfirmed();
                for (int i = 0; i < rounds; i++) {
                    long sent = System.nanoTime();
                    try (LastConfirmedAndEntry lce = poll(r, lac, backup).get(POLL_TIMEOUT_MS * 2,
                            TimeUnit.MILLISECONDS)) {
                        long waitedMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent);
                        waits.recordValue(Math.max(0, waitedMicros));
                        if (waitedMicros > LATE_MS * 1000) {
                            late++;
                        }
                        lac = Math.max(lac, lce.getLastAddConfirmed());
                    }
                }
            } finally {
                writer.shutdownNow();
                writer.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
        return new Result(backup == null ? "single" : "backed-up", rounds, late, waits);
    }

    /**
     * A long-poll for the entry after {@code lac}; with a backup executor, a second poll to the whole write set
     * if the first is unanswered after {@link #BACKUP_AFTER_MS}. The first answer wins; a later one is closed.
     */
    private static CompletableFuture<LastConfirmedAndEntry> poll(ReadHandle r, long lac,
                                                                ScheduledExecutorService backup) {
        CompletableFuture<LastConfirmedAndEntry> first = r.readLastAddConfirmedAndEntryAsync(lac + 1,
                POLL_TIMEOUT_MS, false);
        if (backup == null) {
            return first;
        }
        CompletableFuture<LastConfirmedAndEntry> answer = new CompletableFuture<>();
        first.whenComplete((lce, t) -> settle(answer, lce, t));
        backup.schedule(() -> {
            if (!answer.isDone()) {
                r.readLastAddConfirmedAndEntryAsync(lac + 1, POLL_TIMEOUT_MS, true)
                        .whenComplete((lce, t) -> settle(answer, lce, t));
            }
        }, BACKUP_AFTER_MS, TimeUnit.MILLISECONDS);
        return answer;
    }

    private static void settle(CompletableFuture<LastConfirmedAndEntry> answer, LastConfirmedAndEntry lce,
                               Throwable t) {
        boolean won = t == null ? answer.complete(lce) : answer.completeExceptionally(t);
        if (!won && lce != null) {
            lce.close();
        }
    }
}
