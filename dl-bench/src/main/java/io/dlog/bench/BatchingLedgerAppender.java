package io.dlog.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.bookkeeper.client.api.WriteHandle;

/**
 * Packs records into one ledger entry, sent when the batch reaches the batch size or its first record has
 * waited the flush interval: the plainest batching with dlog's batch size and interval (no txids, no metadata;
 * not dlog's group commit nor its flush clock, see docs/writing.md). Appends and
 * flushes synchronize on this object, so entries are added in record order; BookKeeper completes adds in
 * order.
 */
final class BatchingLedgerAppender implements LogAppender {

    private final WriteHandle handle;
    private final ScheduledExecutorService flusher;
    private final int batchBytes;
    private final long flushIntervalMs;

    private List<byte[]> payloads = new ArrayList<>();
    private List<CompletableFuture<Void>> futures = new ArrayList<>();
    private int bytes;
    private long generation;
    private CompletableFuture<?> lastAdd = CompletableFuture.completedFuture(null);

    private final AtomicLong recordCount;
    private final AtomicLong entryCount;

    BatchingLedgerAppender(WriteHandle handle, ScheduledExecutorService flusher, int batchBytes,
                           long flushIntervalMs, AtomicLong recordCount, AtomicLong entryCount) {
        this.recordCount = recordCount;
        this.entryCount = entryCount;
        this.handle = handle;
        this.flusher = flusher;
        this.batchBytes = batchBytes;
        this.flushIntervalMs = flushIntervalMs;
    }

    @Override
    public synchronized CompletableFuture<?> append(byte[] payload) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (payloads.isEmpty()) {
            long gen = generation;
            flusher.schedule(() -> flushIfStill(gen), flushIntervalMs * 1000, TimeUnit.MICROSECONDS);
        }
        payloads.add(payload);
        futures.add(f);
        bytes += RecordBatch.PER_RECORD_BYTES + payload.length;
        if (bytes + RecordBatch.HEADER_BYTES >= batchBytes) {
            send();
        }
        return f;
    }

    private synchronized void flushIfStill(long gen) {
        if (gen == generation && !payloads.isEmpty()) {
            send();
        }
    }

    private void send() {
        List<CompletableFuture<Void>> batchFutures = futures;
        byte[] entry = RecordBatch.encode(payloads);
        payloads = new ArrayList<>();
        futures = new ArrayList<>();
        bytes = 0;
        generation++;
        int n = batchFutures.size();
        lastAdd = handle.appendAsync(entry).whenComplete((id, err) -> {
            if (err == null) {
                recordCount.addAndGet(n);
                entryCount.incrementAndGet();
            }
            for (CompletableFuture<Void> f : batchFutures) {
                if (err == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(err);
                }
            }
        });
    }

    @Override
    public void close() throws Exception {
        CompletableFuture<?> last;
        synchronized (this) {
            if (!payloads.isEmpty()) {
                send();
            }
            last = lastAdd;
        }
        try {
            last.get(30, TimeUnit.SECONDS);
        } finally {
            handle.close();
        }
    }
}
