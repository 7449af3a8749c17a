package io.dlog.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.LogWriter;
import io.dlog.core.Namespace;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.RawLogReader;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.StatusCode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Invariant 6: bad input gets a clear error with its status code, changes nothing, and the writer stays usable. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WriterBadInputIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    private static Namespace ns;

    @BeforeAll
    static void open() throws Exception {
        DLConfig config = DLConfig.builder()
                .set(DLConfigKeys.RECORD_MAX_BYTES, 1024)
                .set(DLConfigKeys.MAX_PENDING_BYTES, 1L << 20)
                .build();
        ns = Namespace.builder().uri(CLUSTER.namespaceUri("bad-input")).config(config).build();
    }

    @AfterAll
    static void close() {
        ns.close();
    }

    private static StatusCode codeOf(CompletableFuture<?> f) {
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isNotNull();
        return Futures.toDLException(f.handle((v, t) -> t).join()).code();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..", ".hidden", "nul\u0000", "tab\t", "caf\u00e9", "lock", "segments",
            "\ud800", "x\ufff0"})
    void invalidNamesShouldFailBeforeAnyZooKeeperCall(String name) throws Exception {
        List<String> before = ns.getLogs();
        assertThatThrownBy(() -> ns.createLog(name)).isInstanceOf(DLException.class)
                .satisfies(e -> assertThat(((DLException) e).code()).isEqualTo(StatusCode.INVALID_STREAM_NAME));
        assertThatThrownBy(() -> ns.openLog(name)).isInstanceOf(DLException.class)
                .satisfies(e -> assertThat(((DLException) e).code()).isEqualTo(StatusCode.INVALID_STREAM_NAME));
        assertThat(ns.getLogs()).isEqualTo(before);
    }

    @Test
    void outOfOrderTxidShouldFailAndLeaveTheWriterUsable() throws Exception {
        try (LogManager log = ns.openLog("txids")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            w.write(LogRecord.of(10, new byte[] {1})).get(30, TimeUnit.SECONDS);
            CompletableFuture<DLSN> bad = w.write(LogRecord.of(5, new byte[] {2}));
            assertThat(codeOf(bad)).isEqualTo(StatusCode.TRANSACTION_OUT_OF_ORDER);
            assertThat(bad.handle((v, t) -> Futures.unwrap(t).getMessage()).join()).contains("5").contains("10");
            assertThat(codeOf(w.write(LogRecord.of(-1, new byte[] {3})))).isEqualTo(StatusCode.INVALID_ARGUMENT);
            assertThat(codeOf(w.write(LogRecord.of(Long.MAX_VALUE, new byte[] {3}))))
                    .isEqualTo(StatusCode.INVALID_ARGUMENT);
            assertThat(codeOf(w.write(new LogRecord(11, new byte[] {3}, LogRecord.FLAG_CONTROL))))
                    .isEqualTo(StatusCode.INVALID_ARGUMENT);
            // Equal txids are allowed (DistributedLog allowed them); the writer is still usable.
            w.write(LogRecord.of(10, new byte[] {4})).get(30, TimeUnit.SECONDS);
            w.write(LogRecord.of(new byte[] {5})).get(30, TimeUnit.SECONDS);
            assertThat(w.getLastTxId()).isEqualTo(11);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            assertThat(RawLogReader.readAll(CLUSTER.cluster(), log)).extracting(r -> r.payload()[0])
                    .containsExactly((byte) 1, (byte) 4, (byte) 5);
        }
    }

    @Test
    void oversizeRecordShouldFailWithTooLargeRecordAndLeaveTheWriterUsable() throws Exception {
        try (LogManager log = ns.openLog("oversize")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            assertThat(codeOf(w.write(LogRecord.of(new byte[1025])))).isEqualTo(StatusCode.TOO_LARGE_RECORD);
            w.write(LogRecord.of(new byte[1024])).get(30, TimeUnit.SECONDS);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            assertThat(RawLogReader.readAll(CLUSTER.cluster(), log)).hasSize(1);
        }
    }

    @Test
    void bulkWriteShouldFailTheRestOnceOneFails() throws Exception {
        try (LogManager log = ns.openLog("bulk")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            List<CompletableFuture<DLSN>> fs = w.writeBulk(List.of(LogRecord.of(new byte[] {1}),
                    LogRecord.of(new byte[2000]), LogRecord.of(new byte[] {3})));
            assertThat(fs.get(0).get(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(codeOf(fs.get(1))).isEqualTo(StatusCode.TOO_LARGE_RECORD);
            assertThat(codeOf(fs.get(2))).isEqualTo(StatusCode.WRITE_CANCELLED_EXCEPTION);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            assertThat(RawLogReader.readAll(CLUSTER.cluster(), log)).hasSize(1);
        }
    }

    @Test
    void writesBeyondThePendingBoundShouldFailWithOverCapacity() throws Exception {
        try (Namespace big = Namespace.builder().uri(CLUSTER.namespaceUri("bad-input")).config(DLConfig.builder()
                .set(DLConfigKeys.MAX_PENDING_BYTES, 1L << 20).set(DLConfigKeys.RECORD_MAX_BYTES, 1_000_000)
                .set(DLConfigKeys.FLUSH_INTERVAL_MS, 50L).build())
                .build(); LogManager log = big.openLog("capacity")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            CompletableFuture<DLSN> first = w.write(LogRecord.of(new byte[700_000]));
            CompletableFuture<DLSN> second = w.write(LogRecord.of(new byte[700_000]));
            assertThat(codeOf(second)).isEqualTo(StatusCode.OVER_CAPACITY);
            first.get(30, TimeUnit.SECONDS);
            w.write(LogRecord.of(new byte[700_000])).get(30, TimeUnit.SECONDS);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            assertThat(RawLogReader.readAll(CLUSTER.cluster(), log)).hasSize(2);
        }
    }

    @Test
    void writesAfterEndOfStreamShouldFailAndSurviveReopening() throws Exception {
        try (LogManager log = ns.openLog("sealed")) {
            LogWriter w = log.openLogWriter();
            w.write(LogRecord.of(new byte[] {1}));
            w.markEndOfStream();
            assertThatThrownBy(() -> w.write(LogRecord.of(new byte[] {2}))).isInstanceOf(DLException.class)
                    .satisfies(e -> assertThat(((DLException) e).code()).isEqualTo(StatusCode.END_OF_STREAM));
            w.close();
            AsyncLogWriter again = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            assertThat(codeOf(again.write(LogRecord.of(new byte[] {3})))).isEqualTo(StatusCode.END_OF_STREAM);
            again.asyncClose().get(30, TimeUnit.SECONDS);
            assertThat(RawLogReader.readAll(CLUSTER.cluster(), log)).hasSize(1);
        }
    }

    @Test
    void writesAfterCloseShouldFailWithAlreadyClosed() throws Exception {
        try (LogManager log = ns.openLog("closed")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(30, TimeUnit.SECONDS);
            w.write(LogRecord.of(new byte[] {1})).get(30, TimeUnit.SECONDS);
            w.asyncClose().get(30, TimeUnit.SECONDS);
            assertThat(codeOf(w.write(LogRecord.of(new byte[] {2})))).isEqualTo(StatusCode.ALREADY_CLOSED);
            w.asyncClose().get(30, TimeUnit.SECONDS); // idempotent
            assertThat(RawLogReader.readAll(CLUSTER.cluster(), log)).hasSize(1);
        }
    }

    @Test
    void openingAWriterOnAMissingLogShouldFailWhenCreationIsOff() throws Exception {
        try (Namespace strict = Namespace.builder().uri(CLUSTER.namespaceUri("bad-input"))
                .config(DLConfig.builder().set(DLConfigKeys.CREATE_IF_MISSING, false).build()).build();
                LogManager log = strict.openLog("never-created")) {
            assertThat(codeOf(log.openAsyncLogWriter())).isEqualTo(StatusCode.LOG_NOT_FOUND);
            assertThat(strict.logExists("never-created")).isFalse();
        }
    }
}
