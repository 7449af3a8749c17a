package io.dlog.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.RawLogReader;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogRecordWithDLSN;
import io.dlog.protocol.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12 item 7: with the largest {@code record.max.bytes} the bookies' frame allows, a record of exactly the
 * limit is written and read back, a 6 MiB record fails TOO_LARGE_RECORD, and a writer on another log of the same
 * namespace loses nothing.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EntryLimitsIT {
    private static final int RECORD_MAX = 4 << 20;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    @Test
    void oversizedRecordShouldFailTooLargeAndHarmNoOtherLogWhenRecordsFillTheFrame() throws Exception {
        DLConfig config = DLConfig.builder().set(DLConfigKeys.RECORD_MAX_BYTES, RECORD_MAX).build();
        try (Namespace ns = CLUSTER.openNamespace("entry-limits", config);
                LogManager big = ns.openLog("big"); LogManager steady = ns.openLog("steady")) {
            AsyncLogWriter wb = big.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            AsyncLogWriter ws = steady.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<CompletableFuture<DLSN>> steadyAcks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                steadyAcks.add(ws.write(LogRecord.of(("s-" + i).getBytes(StandardCharsets.UTF_8))));
            }
            CompletableFuture<DLSN> tooLarge = wb.write(LogRecord.of(new byte[6 << 20]));
            CompletableFuture<DLSN> exact = wb.write(LogRecord.of(new byte[RECORD_MAX]));
            for (int i = 100; i < 200; i++) {
                steadyAcks.add(ws.write(LogRecord.of(("s-" + i).getBytes(StandardCharsets.UTF_8))));
            }
            Throwable t = tooLarge.handle((v, e) -> e).get(30, TimeUnit.SECONDS);
            assertThat(Futures.toDLException(t).code()).isEqualTo(StatusCode.TOO_LARGE_RECORD);
            DLSN at = exact.get(60, TimeUnit.SECONDS);
            for (CompletableFuture<DLSN> f : steadyAcks) {
                f.get(60, TimeUnit.SECONDS);
            }
            wb.write(LogRecord.of("after".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            wb.asyncClose().get(30, TimeUnit.SECONDS);
            ws.asyncClose().get(30, TimeUnit.SECONDS);

            List<LogRecordWithDLSN> bigRead = RawLogReader.readAll(CLUSTER.cluster(), big);
            assertThat(bigRead).hasSize(2);
            assertThat(bigRead.get(0).dlsn()).isEqualTo(at);
            assertThat(bigRead.get(0).payload()).hasSize(RECORD_MAX);
            assertThat(RawLogReader.readAll(CLUSTER.cluster(), steady))
                    .extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).mapToObj(i -> "s-" + i)
                            .toList());
        }
    }
}
