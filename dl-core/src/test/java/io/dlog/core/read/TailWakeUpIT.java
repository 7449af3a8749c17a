package io.dlog.core.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogReader;
import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
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

/**
 * The missed tail wake-up (issue 13): a bookie polled right after the reader learnt a newer last-add-confirmed
 * from another bookie could drop the poll's watcher and answer only at the long-poll timeout (or when the
 * BookKeeper client's speculative LAC read tries another bookie, after 1.5 s). With a 10 s timeout, such a miss
 * shows as a record delivered more than a second late: before the fix, about one round in seven was.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TailWakeUpIT {
    private static final int ROUNDS = 400;
    private static final long LATE_MS = 1_000;
    /** Rounds allowed to be late anyway: the machine is shared, and a stall of the whole JVM is not a miss. */
    private static final int LATE_ALLOWED = 3;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3)
            .zkSessionTimeout(Duration.ofSeconds(4)).fsync(false).build();

    @Test
    void tailingReaderShouldGetEachRecordLongBeforeTheLongPollTimeoutWhenRecordsComeOneByOne() throws Exception {
        DLConfig config = DLConfig.builder().set(DLConfigKeys.READER_LONG_POLL_TIMEOUT_MS, 10_000L).build();
        try (Namespace ns = CLUSTER.openNamespace("tail-wakeup", config); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            w.write(LogRecord.of(ReadTesting.payload(-1, 8))).get(30, TimeUnit.SECONDS);
            AsyncLogReader r = log.openAsyncLogReader(DLSN.INITIAL).get(30, TimeUnit.SECONDS);
            r.readNext().get(30, TimeUnit.SECONDS);
            List<String> late = new ArrayList<>();
            for (int i = 0; i < ROUNDS && late.size() <= LATE_ALLOWED; i++) {
                CompletableFuture<LogRecordWithDLSN> next = r.readNext();
                DLSN written = w.write(LogRecord.of(ReadTesting.payload(i, 100))).get(30, TimeUnit.SECONDS);
                long acked = System.nanoTime();
                LogRecordWithDLSN got = next.get(60, TimeUnit.SECONDS);
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acked);
                assertThat(got.dlsn()).isEqualTo(written);
                if (waitedMs > LATE_MS) {
                    late.add("round " + i + ": " + written + " delivered " + waitedMs + " ms after its ack");
                }
            }
            assertThat(late).as("records delivered over %d ms after their ack (long-poll timeout 10 s)", LATE_MS)
                    .hasSizeLessThanOrEqualTo(LATE_ALLOWED);
            r.asyncClose().get(30, TimeUnit.SECONDS);
            w.asyncClose().get(30, TimeUnit.SECONDS);
        }
    }
}
