package io.dlog.core.internal.write;

import io.dlog.core.internal.metadata.LogInfo;
import io.dlog.protocol.LogSegmentMetadata;
import io.netty.buffer.ByteBuf;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.bookkeeper.client.api.WriteHandle;

/**
 * A {@link SegmentSink} for unit tests of the writer's state machine: ledgers are fakes whose adds the test
 * acknowledges or fails one by one, and every roll, seal and close returns a future the test completes.
 */
final class FakeSegmentSink implements SegmentSink {
    /** A fake ledger: adds wait for the test. */
    static final class Ledger {
        final long id;
        final List<CompletableFuture<Long>> adds = new ArrayList<>();
        CompletableFuture<Void> closeResult = CompletableFuture.completedFuture(null);
        boolean closed;
        final WriteHandle handle;

        Ledger(long id) {
            this.id = id;
            this.handle = (WriteHandle) Proxy.newProxyInstance(WriteHandle.class.getClassLoader(),
                    new Class<?>[] {WriteHandle.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "appendAsync" -> append((ByteBuf) args[0]);
                        case "closeAsync" -> {
                            closed = true;
                            yield closeResult;
                        }
                        case "getId" -> id;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "FakeLedger-" + id;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private synchronized CompletableFuture<Long> append(ByteBuf entry) {
            entry.release(); // the real client owns the buffer from here
            CompletableFuture<Long> f = new CompletableFuture<>();
            adds.add(f);
            return f;
        }

        /** Acknowledges every add not yet answered, in order. */
        void ackAll() {
            List<CompletableFuture<Long>> copy;
            synchronized (this) {
                copy = new ArrayList<>(adds);
            }
            for (int i = 0; i < copy.size(); i++) {
                copy.get(i).complete((long) i);
            }
        }

        synchronized int addCount() {
            return adds.size();
        }
    }

    record Roll(LogSegmentMetadata completed, LogSegmentMetadata next, CompletableFuture<WriteHandle> result) {
    }

    final List<Ledger> ledgers = new ArrayList<>();
    final List<Roll> rolls = new ArrayList<>();
    final List<CompletableFuture<Integer>> seals = new ArrayList<>();
    final List<CompletableFuture<Throwable>> closes = new ArrayList<>();
    final AtomicInteger lockReleases = new AtomicInteger();
    Runnable onLockLost = () -> { };

    Ledger newLedger() {
        Ledger l = new Ledger(100 + ledgers.size());
        ledgers.add(l);
        return l;
    }

    Ledger ledger(WriteHandle h) {
        return ledgers.stream().filter(l -> l.handle == h).findFirst().orElseThrow();
    }

    @Override
    public CompletableFuture<WriteHandle> createLedger(long seq) {
        return CompletableFuture.completedFuture(newLedger().handle);
    }

    @Override
    public CompletableFuture<WriteHandle> roll(SegmentWriter seg, LogSegmentMetadata completed,
            LogSegmentMetadata next, long maxTxId, int logVersion, CompletableFuture<WriteHandle> preallocated) {
        seg.handle.closeAsync();
        Roll r = new Roll(completed, next, new CompletableFuture<>());
        rolls.add(r);
        return r.result();
    }

    @Override
    public CompletableFuture<Integer> seal(SegmentWriter seg, LogSegmentMetadata completed, long maxTxId,
            LogInfo sealed, int logVersion) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        seals.add(f);
        return f;
    }

    @Override
    public CompletableFuture<Throwable> close(SegmentWriter seg, boolean keep, LogSegmentMetadata completed,
            long maxTxId, int logVersion) {
        CompletableFuture<Throwable> f = new CompletableFuture<>();
        closes.add(f);
        return f.whenComplete((t, e) -> lockReleases.incrementAndGet()); // the contract: released whatever happened
    }

    @Override
    public CompletableFuture<Void> releaseLock() {
        lockReleases.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    /** What the real lock's watch does when its znode or session goes: reports the loss to the writer. */
    void lockLost(String why) {
        onLockLost.run();
    }

    @Override
    public void sessionLost(long liveSession, String why) {
        onLockLost.run(); // the fake lock belongs to no session, so no live session owns it
    }

    @Override
    public CompletableFuture<Void> deletePreallocated(CompletableFuture<WriteHandle> pre) {
        return CompletableFuture.completedFuture(null);
    }
}
