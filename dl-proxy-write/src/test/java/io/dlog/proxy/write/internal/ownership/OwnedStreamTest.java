package io.dlog.proxy.write.internal.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlog.core.LogManager;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.WriteFencedException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OwnedStreamTest {
    private final List<DLException> failures = new ArrayList<>();
    private final AtomicLong released = new AtomicLong();
    private final OwnedStream.StreamListener listener = new OwnedStream.StreamListener() {
        @Override
        public void writerFailed(OwnedStream stream, DLException error) {
            failures.add(error);
        }

        @Override
        public void released(long bytes) {
            released.addAndGet(bytes);
        }
    };

    private static LogManager log() {
        return (LogManager) Proxy.newProxyInstance(OwnedStreamTest.class.getClassLoader(),
                new Class<?>[] {LogManager.class}, (p, m, a) -> {
                    if (m.getName().equals("close")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private OwnedStream stream() {
        return new OwnedStream("s", log(), Runnable::run, System::nanoTime, listener);
    }

    private static StreamOps.Write write(String text, List<CompletableFuture<DLSN>> results) {
        CompletableFuture<DLSN> f = new CompletableFuture<>();
        results.add(f);
        return new StreamOps.Write(LogRecord.of(text.getBytes()), f);
    }

    @Test
    void submitShouldReachTheWriterInArrivalOrderWhenQueuedWhileAcquiring() {
        OwnedStream s = stream();
        List<CompletableFuture<DLSN>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            assertThat(s.submit(write("w" + i, results), 1 << 20)).isNull();
        }
        FakeWriter w = new FakeWriter();
        assertThat(w.calls).isEmpty();
        s.acquired(w);
        assertThat(w.calls).containsExactly("write:w0", "write:w1", "write:w2", "write:w3", "write:w4");
        assertThat(s.state()).isEqualTo(OwnedStream.State.OWNED);
    }

    @Test
    void submitShouldRefuseWithOverCapacityWhenTheStreamLimitIsReached() {
        OwnedStream s = stream();
        FakeWriter w = new FakeWriter();
        s.acquired(w);
        List<CompletableFuture<DLSN>> results = new ArrayList<>();
        byte[] kb = new byte[1000];
        long limit = 3 * StreamOps.bulkBytes(List.of(LogRecord.of(kb)));
        for (int i = 0; i < 3; i++) {
            assertThat(s.submit(new StreamOps.Write(LogRecord.of(kb), new CompletableFuture<>()), limit)).isNull();
        }
        DLException refused = s.submit(new StreamOps.Write(LogRecord.of(kb), new CompletableFuture<>()), limit);
        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo(StatusCode.OVER_CAPACITY);
        w.writes.get(0).complete(new DLSN(1, 0, 0));
        assertThat(s.submit(new StreamOps.Write(LogRecord.of(kb), new CompletableFuture<>()), limit)).isNull();
        assertThat(s.inflightBytes()).isEqualTo(limit);
        assertThat(released.get()).isEqualTo(limit / 3);
    }

    @Test
    void bulkShouldWaitUntilEarlierWritesAreDurableAndLaterWritesShouldQueueBehindIt() {
        OwnedStream s = stream();
        FakeWriter w = new FakeWriter();
        s.acquired(w);
        List<CompletableFuture<DLSN>> results = new ArrayList<>();
        s.submit(write("a", results), 1 << 20);
        CompletableFuture<List<DLSN>> bulk = new CompletableFuture<>();
        s.submit(new StreamOps.Bulk(List.of(LogRecord.of("b1".getBytes()), LogRecord.of("b2".getBytes())), bulk),
                1 << 20);
        s.submit(write("c", results), 1 << 20);
        assertThat(w.calls).containsExactly("write:a", "flush");
        w.writes.get(0).complete(new DLSN(1, 0, 0));
        w.flushes.get(0).complete(null);
        assertThat(w.calls).containsExactly("write:a", "flush", "bulk:b1,b2,", "write:c");
        w.writes.get(1).complete(new DLSN(1, 1, 0));
        w.writes.get(2).complete(new DLSN(1, 1, 1));
        assertThat(bulk).isCompletedWithValue(List.of(new DLSN(1, 1, 0), new DLSN(1, 1, 1)));
    }

    @Test
    void bulkShouldGoStraightToTheWriterWhenNothingIsPending() {
        OwnedStream s = stream();
        FakeWriter w = new FakeWriter();
        s.acquired(w);
        s.submit(new StreamOps.Bulk(List.of(LogRecord.of("x".getBytes())), new CompletableFuture<>()), 1 << 20);
        assertThat(w.calls).containsExactly("bulk:x,");
    }

    @Test
    void writerFailureShouldBeReportedOnceItEndsTheWriterButNotForARefusedRecord() {
        OwnedStream s = stream();
        FakeWriter w = new FakeWriter();
        s.acquired(w);
        List<CompletableFuture<DLSN>> results = new ArrayList<>();
        s.submit(write("a", results), 1 << 20);
        s.submit(write("b", results), 1 << 20);
        w.writes.get(0).completeExceptionally(new DLException(StatusCode.TRANSACTION_OUT_OF_ORDER, "refused"));
        assertThat(failures).isEmpty();
        w.writes.get(1).completeExceptionally(new WriteFencedException("fenced"));
        assertThat(failures).extracting(DLException::code).containsExactly(StatusCode.WRITE_FENCED);
        assertThat(results.get(1)).isCompletedExceptionally();
        assertThat(s.inflightBytes()).isZero();
    }

    @Test
    void closeShouldFailQueuedRequestsAndCloseTheWriterOnceOpened() {
        OwnedStream s = stream();
        List<CompletableFuture<DLSN>> results = new ArrayList<>();
        s.submit(write("queued", results), 1 << 20);
        CompletableFuture<Void> closed = s.close(new DLException(StatusCode.SERVICE_UNAVAILABLE, "draining"));
        assertThat(results.get(0)).isCompletedExceptionally();
        assertThat(closed).isNotDone();
        FakeWriter w = new FakeWriter();
        s.acquired(w);
        assertThat(w.calls).containsExactly("close");
        assertThat(closed).isDone();
        assertThat(s.submit(write("late", results), 1 << 20).code()).isEqualTo(StatusCode.STREAM_UNAVAILABLE);
    }
}
