package io.dlog.core.internal.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.dlog.core.DLConfig;
import io.dlog.core.DLConfigKeys;
import io.dlog.core.internal.CoreMetrics;
import io.dlog.core.internal.LogContext;
import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.core.testing.ManualScheduler;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.LogSegmentMetadata;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.entry.CompressionCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The writer's state machine driven without BookKeeper or ZooKeeper: a {@link FakeSegmentSink} whose adds and
 * metadata transactions the test completes one by one, and a {@link ManualScheduler} whose clock the test moves.
 * No sleeps: every step runs on the test's thread.
 */
class LogWriterStateMachineTest {
    private static final int RECORD = 300;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeSegmentSink sink = new FakeSegmentSink();
    private FakeSegmentSink.Ledger first;
    private LogWriterImpl writer;

    private LogWriterImpl open(DLConfig.Builder config) {
        DLConfig c = config.set(DLConfigKeys.SEGMENT_MAX_BYTES, 1024L).set(DLConfigKeys.FLUSH_INTERVAL_MS, 10L)
                .build();
        LogContext ctx = new LogContext("ns", "log", null, null, c, scheduler, scheduler, scheduler.clock(),
                new CoreMetrics(new MetricRegistry()), "test", scheduler, scheduler, null);
        first = sink.newLedger();
        SegmentWriter seg = new SegmentWriter(LogSegmentMetadata.inProgress(1, first.id, -1, 0), 0, first.handle,
                CompressionCodec.NONE);
        writer = new LogWriterImpl(ctx, sink, new OpenedLog(1, new LogInfo(0, false, 1), 0, DLSN.INVALID, seg));
        sink.onLockLost = writer::onLockLost;
        writer.start();
        return writer;
    }

    private LogWriterImpl open() {
        return open(DLConfig.builder().set(DLConfigKeys.SEGMENT_ROLL_INTERVAL_MS, 0L));
    }

    private CompletableFuture<DLSN> write() {
        return writer.write(LogRecord.of(new byte[RECORD]));
    }

    private static StatusCode code(CompletableFuture<?> f) {
        assertThat(f).isDone();
        return f.handle((v, t) -> t == null ? StatusCode.SUCCESS : Futures.toDLException(t).code()).join();
    }

    /** Writes until the size cap starts a roll; returns the writes, the last of which waits for the next segment. */
    private List<CompletableFuture<DLSN>> writeUntilRolling() {
        List<CompletableFuture<DLSN>> fs = new ArrayList<>();
        while (writer.state() == WriterState.WRITING) {
            fs.add(write());
        }
        assertThat(writer.state()).isEqualTo(WriterState.ROLLING);
        first.ackAll();
        scheduler.runReady();
        assertThat(sink.rolls).as("the roll's metadata transaction started").hasSize(1);
        return fs;
    }

    @Test
    void recordShouldBeSentAtOnceWhenNoEntryIsOutstanding() {
        open();
        CompletableFuture<DLSN> f = write();
        assertThat(first.addCount()).as("group commit: nothing outstanding, so nothing to wait for").isEqualTo(1);
        first.ackAll();
        assertThat(f.join()).isEqualTo(new DLSN(1, 0, 0));
    }

    @Test
    void recordsWrittenWhileAnEntryIsOutstandingShouldGoOutAsOneSetWhenItIsAcknowledged() {
        open();
        write();
        CompletableFuture<DLSN> second = write();
        CompletableFuture<DLSN> third = write();
        assertThat(first.addCount()).as("the later records wait behind the outstanding entry").isEqualTo(1);
        first.ackAll();
        assertThat(first.addCount()).as("sent on the acknowledgement, before the flush interval").isEqualTo(2);
        first.ackAll();
        assertThat(second.join()).isEqualTo(new DLSN(1, 1, 0));
        assertThat(third.join()).isEqualTo(new DLSN(1, 1, 1));
    }

    @Test
    void bulkShouldGoOutAsOneSetWhenNoEntryIsOutstanding() {
        open();
        List<CompletableFuture<DLSN>> fs = writer.writeBulk(List.of(LogRecord.of(new byte[10]),
                LogRecord.of(new byte[10]), LogRecord.of(new byte[10])));
        assertThat(first.addCount()).as("one entry for the call, sent at once").isEqualTo(1);
        first.ackAll();
        assertThat(fs.stream().map(CompletableFuture::join).toList())
                .containsExactly(new DLSN(1, 0, 0), new DLSN(1, 0, 1), new DLSN(1, 0, 2));
    }

    @Test
    void openSetShouldBeSentWhenTheFlushIntervalPassesOnTheInjectedClockWhileAnEntryIsOutstanding() {
        open();
        write();
        CompletableFuture<DLSN> f = write();
        scheduler.advance(Duration.ofMillis(9));
        assertThat(first.addCount()).isEqualTo(1);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(first.addCount()).as("pipelined: sent before the first entry's acknowledgement").isEqualTo(2);
        first.ackAll();
        assertThat(f.join()).isEqualTo(new DLSN(1, 1, 0));
    }

    @Test
    void aSetOpenedBetweenFlushTicksShouldGoOutAtTheNextTickNotAFullIntervalLater() {
        open();
        write();
        scheduler.advance(Duration.ofMillis(3));
        CompletableFuture<DLSN> f = write(); // opens a set 3 ms into the writer's 10 ms flush clock
        scheduler.advance(Duration.ofMillis(6));
        assertThat(first.addCount()).isEqualTo(1);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(first.addCount()).as("sent at the tick, 7 ms after its first record: a flush that ran late "
                + "must not push back the ones after it").isEqualTo(2);
        first.ackAll();
        assertThat(f.join()).isEqualTo(new DLSN(1, 1, 0));
    }

    @Test
    void recordsInTheOpenSetShouldFailWriteCancelledWhenTheWriterFailsBehindAnOutstandingEntry() {
        open();
        CompletableFuture<DLSN> sent = write();
        List<CompletableFuture<DLSN>> unsent = List.of(write(), write());
        sink.lockLost("test");
        scheduler.runReady();
        assertThat(writer.state()).isEqualTo(WriterState.FAILED);
        for (CompletableFuture<DLSN> f : unsent) {
            assertThat(code(f)).as("never sent").isEqualTo(StatusCode.WRITE_CANCELLED_EXCEPTION);
            assertThat(f.handle((v, t) -> Futures.toDLException(Futures.unwrap(t).getCause()).code()).join())
                    .as("the cause says why").isEqualTo(StatusCode.WRITE_FENCED);
        }
        assertThat(first.addCount()).as("the open set never went out").isEqualTo(1);
        assertThat(sent).as("sent: its outcome is BookKeeper's answer").isNotDone();
    }

    @Test
    void rollShouldReturnToWritingAndWriteTheQueuedRecordsWhenItsTransactionCommits() {
        open();
        List<CompletableFuture<DLSN>> fs = writeUntilRolling();
        CompletableFuture<DLSN> queued = fs.get(fs.size() - 1);
        assertThat(queued).isNotDone();
        FakeSegmentSink.Ledger next = sink.newLedger();
        sink.rolls.get(0).result().complete(next.handle);
        scheduler.runReady();
        assertThat(writer.state()).isEqualTo(WriterState.WRITING);
        scheduler.advance(Duration.ofMillis(10));
        next.ackAll();
        assertThat(queued.join().segmentSequenceNumber()).isEqualTo(2);
        assertThat(sink.rolls.get(0).completed().bytes()).as("an entry never takes a segment past its limit")
                .isLessThanOrEqualTo(1024);
    }

    @Test
    void recordsQueuedDuringARollShouldGoOutAsOneSetWhenTheRollCommits() {
        open();
        List<CompletableFuture<DLSN>> fs = writeUntilRolling();
        CompletableFuture<DLSN> alsoQueued = writer.write(LogRecord.of(new byte[10]));
        FakeSegmentSink.Ledger next = sink.newLedger();
        sink.rolls.get(0).result().complete(next.handle);
        scheduler.runReady();
        assertThat(next.addCount()).as("gathered, not the first one alone").isEqualTo(1);
        next.ackAll();
        assertThat(fs.get(fs.size() - 1)).isCompletedWithValue(new DLSN(2, 0, 0));
        assertThat(alsoQueued).as("in the same entry").isCompletedWithValue(new DLSN(2, 0, 1));
    }

    @Test
    void writerShouldStayFailedWhenItsRollCommitsAfterItLostTheLock() {
        open();
        List<CompletableFuture<DLSN>> fs = writeUntilRolling();
        sink.lockLost("test");
        scheduler.runReady();
        assertThat(writer.state()).isEqualTo(WriterState.FAILED);
        assertThat(code(fs.get(fs.size() - 1))).as("queued, never sent").isEqualTo(StatusCode.WRITE_CANCELLED_EXCEPTION);
        FakeSegmentSink.Ledger next = sink.newLedger();
        sink.rolls.get(0).result().complete(next.handle); // the roll committed anyway
        scheduler.runReady();
        assertThat(writer.state()).as("a late roll result never revives the writer").isEqualTo(WriterState.FAILED);
        assertThat(code(write())).isEqualTo(StatusCode.WRITE_FENCED);
        assertThat(next.closed).as("the committed segment's ledger is closed, not deleted").isTrue();
        assertThat(next.addCount()).isZero();
    }

    @Test
    void closeDuringARollShouldRefuseLaterWritesAndCompleteAfterTheQueuedOnes() {
        open();
        List<CompletableFuture<DLSN>> fs = writeUntilRolling();
        CompletableFuture<Void> closed = writer.asyncClose();
        assertThat(code(write())).isEqualTo(StatusCode.ALREADY_CLOSED);
        assertThat(code(writer.flush())).isEqualTo(StatusCode.ALREADY_CLOSED);
        FakeSegmentSink.Ledger next = sink.newLedger();
        sink.rolls.get(0).result().complete(next.handle);
        scheduler.runReady();
        assertThat(writer.state()).isEqualTo(WriterState.CLOSING);
        assertThat(closed).isNotDone();
        next.ackAll();
        assertThat(sink.closes).hasSize(1);
        sink.closes.get(0).complete(null);
        scheduler.runReady();
        assertThat(writer.state()).isEqualTo(WriterState.CLOSED);
        assertThat(code(closed)).isEqualTo(StatusCode.SUCCESS);
        fs.forEach(f -> assertThat(code(f)).isEqualTo(StatusCode.SUCCESS));
    }

    @Test
    void sealDuringARollShouldRefuseLaterWritesWithEndOfStreamAndSealAfterTheRoll() {
        open();
        writeUntilRolling();
        CompletableFuture<Void> sealed = writer.markEndOfStream();
        assertThat(code(write())).isEqualTo(StatusCode.END_OF_STREAM);
        FakeSegmentSink.Ledger next = sink.newLedger();
        sink.rolls.get(0).result().complete(next.handle);
        scheduler.runReady();
        assertThat(writer.state()).isEqualTo(WriterState.SEALING);
        next.ackAll(); // the queued record, then the end-of-stream marker
        scheduler.advance(Duration.ofMillis(10));
        next.ackAll();
        assertThat(sink.seals).hasSize(1);
        sink.seals.get(0).complete(3);
        scheduler.runReady();
        assertThat(writer.state()).isEqualTo(WriterState.SEALED);
        assertThat(code(sealed)).isEqualTo(StatusCode.SUCCESS);
        CompletableFuture<Void> closed = writer.asyncClose();
        scheduler.runReady();
        assertThat(code(closed)).isEqualTo(StatusCode.SUCCESS);
        assertThat(writer.state()).isEqualTo(WriterState.CLOSED);
    }

    @Test
    void closeShouldFailAndReleaseTheLockWhenTheWriterFailsWhileClosing() {
        open();
        CompletableFuture<DLSN> f = write();
        scheduler.advance(Duration.ofMillis(10));
        first.ackAll();
        f.join();
        CompletableFuture<Void> closed = writer.asyncClose();
        assertThat(writer.state()).isEqualTo(WriterState.CLOSING);
        assertThat(sink.closes).hasSize(1);
        sink.lockLost("test");
        scheduler.runReady();
        assertThat(code(closed)).isEqualTo(StatusCode.WRITE_FENCED);
        assertThat(writer.state()).isEqualTo(WriterState.CLOSED);
        assertThat(sink.lockReleases.get()).isPositive();
        sink.closes.get(0).complete(null); // the segment's end committed later: changes nothing
        scheduler.runReady();
        assertThat(writer.state()).isEqualTo(WriterState.CLOSED);
    }

    @Test
    void closeShouldCompleteExceptionallyWhenEndingTheSegmentFails() {
        open();
        CompletableFuture<Void> closed = writer.asyncClose();
        sink.closes.get(0).complete(new DLException(StatusCode.BK_TRANSMIT_ERROR, "ledger close failed"));
        scheduler.runReady();
        assertThat(code(closed)).isEqualTo(StatusCode.BK_TRANSMIT_ERROR);
        assertThat(writer.state()).isEqualTo(WriterState.CLOSED);
        assertThat(sink.lockReleases.get()).as("released whatever happened").isEqualTo(1);
    }

    @Test
    void rollShouldStartWhenTheSegmentReachesTheRollIntervalOnTheInjectedClock() {
        open(DLConfig.builder().set(DLConfigKeys.SEGMENT_ROLL_INTERVAL_MS, 1_000L));
        write();
        scheduler.advance(Duration.ofMillis(10));
        first.ackAll();
        scheduler.runReady();
        scheduler.advance(Duration.ofMillis(900));
        assertThat(writer.state()).isEqualTo(WriterState.WRITING);
        scheduler.advance(Duration.ofMillis(200));
        first.ackAll();
        scheduler.runReady();
        assertThat(sink.rolls).as("rolled by age").hasSize(1);
        assertThat(writer.state()).isEqualTo(WriterState.ROLLING);
    }
}
