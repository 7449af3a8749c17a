package io.dlog.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dlog.core.AsyncLogWriter;
import io.dlog.core.BulkWriteException;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.LogManager;
import io.dlog.core.LogWriter;
import io.dlog.core.Namespace;
import io.dlog.core.internal.NamespaceImpl;
import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.core.internal.metadata.Versioned;
import io.dlog.core.internal.write.LogWriterImpl;
import io.dlog.core.testing.LocalClusterExtension;
import io.dlog.core.testing.RawLogReader;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The writer's contract at its edges: segment size, failure codes, callbacks outside the monitor, sealing. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WriterEdgesIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = LocalClusterExtension.builder().bookies(3).fsync(false).build();

    private static StatusCode codeOf(CompletableFuture<?> f) throws Exception {
        return f.handle((v, t) -> t == null ? StatusCode.SUCCESS : Futures.toDLException(t).code())
                .get(60, TimeUnit.SECONDS);
    }

    @Test
    void segmentsShouldStayWithinOneRecordOfSegmentMaxBytesWhenWritingAsynchronously() throws Exception {
        long max = 65_536;
        int recordSize = 1024;
        DLConfig config = DLConfig.builder().set(DLConfigKeys.SEGMENT_MAX_BYTES, max).build();
        try (Namespace ns = CLUSTER.openNamespace("segment-size", config); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            List<CompletableFuture<DLSN>> fs = new ArrayList<>();
            for (int i = 0; i < 1024; i++) {
                fs.add(w.write(LogRecord.of(new byte[recordSize])));
            }
            CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
            w.asyncClose().get(60, TimeUnit.SECONDS);
            List<LogSegmentMetadata> segments = log.getLogSegments();
            assertThat(segments).hasSizeGreaterThanOrEqualTo(15);
            assertThat(segments).allSatisfy(s -> assertThat(s.bytes()).as("segment " + s.sequenceNumber())
                    .isLessThanOrEqualTo(max + recordSize + 64));
            assertThat(segments.stream().mapToLong(LogSegmentMetadata::recordCount).sum()).isEqualTo(1024);
        }
    }

    @Test
    void futuresShouldCompleteOutsideTheWritersMonitorWhenWritesFailOrAreRefused() throws Exception {
        DLConfig config = DLConfig.builder().set(DLConfigKeys.FLUSH_INTERVAL_MS, 10_000L).build();
        try (Namespace ns = CLUSTER.openNamespace("outside-monitor", config); LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            List<Boolean> heldLock = new CopyOnWriteArrayList<>();
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                all.add(w.write(LogRecord.of(new byte[8])).whenComplete((v, t) -> heldLock.add(Thread.holdsLock(w))));
            }
            all.add(w.flush().whenComplete((v, t) -> heldLock.add(Thread.holdsLock(w))));
            ((LogWriterImpl) w).sessionLost(0, "test"); // no live session: the lock is lost
            all.add(w.write(LogRecord.of(new byte[8])).whenComplete((v, t) -> heldLock.add(Thread.holdsLock(w))));
            all.add(w.markEndOfStream().whenComplete((v, t) -> heldLock.add(Thread.holdsLock(w))));
            all.add(w.asyncClose().whenComplete((v, t) -> heldLock.add(Thread.holdsLock(w))));
            for (CompletableFuture<?> f : all) {
                f.handle((v, t) -> null).get(60, TimeUnit.SECONDS);
            }
            assertThat(heldLock).hasSize(all.size()).containsOnly(false);
        }
    }

    @Test
    void openShouldTreatTheLogAsSealedWhenTheLastCompletedSegmentEndsWithEndOfStream() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("eos-unsealed", DLConfig.builder().build());
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            w.write(LogRecord.of("last".getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS);
            w.markEndOfStream().get(60, TimeUnit.SECONDS);
            w.asyncClose().get(60, TimeUnit.SECONDS);
            // What a crash between the two writes of the old two-transaction seal left: the segment completed
            // with its end-of-stream marker, the log znode not sealed.
            NamespaceImpl impl = (NamespaceImpl) ns;
            Versioned<LogInfo> info = impl.store().readLog("log");
            assertThat(info.value().sealed()).isTrue();
            impl.store().writeLog("log", new LogInfo(info.value().createdAtMillis(), false, info.value().epoch()),
                    info.version());
            AsyncLogWriter again = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            assertThat(codeOf(again.write(LogRecord.of("after".getBytes(StandardCharsets.UTF_8)))))
                    .isEqualTo(StatusCode.END_OF_STREAM);
            again.asyncClose().get(60, TimeUnit.SECONDS);
            assertThat(impl.store().readLog("log").value().sealed()).as("the open sealed it").isTrue();
            assertThat(log.getLogSegments()).hasSize(1);
        }
    }

    @Test
    void flushShouldFailAlreadyClosedWhenCalledAfterClose() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("flush-after-close", DLConfig.builder().build());
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            w.write(LogRecord.of(new byte[8])).get(60, TimeUnit.SECONDS);
            w.asyncClose().get(60, TimeUnit.SECONDS);
            assertThat(codeOf(w.flush())).isEqualTo(StatusCode.ALREADY_CLOSED);
        }
    }

    @Test
    void syncWriteBulkShouldReportTheWrittenDlsnsWhenALaterRecordFails() throws Exception {
        DLConfig config = DLConfig.builder().set(DLConfigKeys.RECORD_MAX_BYTES, 1024).build();
        try (Namespace ns = CLUSTER.openNamespace("bulk-partial", config); LogManager log = ns.openLog("log")) {
            LogWriter w = log.openLogWriter();
            List<LogRecord> records = List.of(LogRecord.of("ok-1".getBytes(StandardCharsets.UTF_8)),
                    LogRecord.of(new byte[2048]), LogRecord.of("ok-2".getBytes(StandardCharsets.UTF_8)));
            BulkWriteException e = catchThrowableOfType(BulkWriteException.class, () -> w.writeBulk(records));
            assertThat(e).as("the bulk write fails").isNotNull();
            assertThat(e.code()).isEqualTo(StatusCode.TOO_LARGE_RECORD);
            assertThat(e.written()).hasSize(3);
            assertThat(e.written().get(0)).as("the first record was written").isNotNull();
            assertThat(e.written().subList(1, 3)).containsOnlyNulls();
            w.close();
            assertThat(RawLogReader.readAll(CLUSTER.cluster(), log)).singleElement()
                    .satisfies(r -> assertThat(r.dlsn()).isEqualTo(e.written().get(0)));
        }
    }

    @Test
    void writeShouldFailInvalidArgumentWhenTheExplicitTxidIsLongMinValue() throws Exception {
        try (Namespace ns = CLUSTER.openNamespace("min-txid", DLConfig.builder().build());
                LogManager log = ns.openLog("log")) {
            AsyncLogWriter w = log.openAsyncLogWriter().get(60, TimeUnit.SECONDS);
            w.write(LogRecord.of(5, new byte[1])).get(60, TimeUnit.SECONDS);
            assertThat(codeOf(w.write(LogRecord.of(Long.MIN_VALUE, new byte[1]))))
                    .isEqualTo(StatusCode.INVALID_ARGUMENT);
            assertThat(w.write(LogRecord.of(new byte[1])).get(60, TimeUnit.SECONDS)).as("still usable").isNotNull();
            assertThat(w.getLastTxId()).isEqualTo(6);
            w.asyncClose().get(60, TimeUnit.SECONDS);
        }
    }
}
