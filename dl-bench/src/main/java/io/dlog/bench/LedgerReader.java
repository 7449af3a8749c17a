package io.dlog.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.bookkeeper.client.api.LedgerEntries;
import org.apache.bookkeeper.client.api.LedgerEntry;
import org.apache.bookkeeper.client.api.ReadHandle;

/**
 * Reads a sealed ledger from entry 0 to its last-add-confirmed, with a window of range reads in flight (the
 * raw-BookKeeper equivalent of a read-ahead). Not thread-safe: one reading thread.
 */
final class LedgerReader implements LogReaderHandle {

    private static final int READS_IN_FLIGHT = 4;

    private final ReadHandle handle;
    private final boolean batched;
    private final long lastEntry;
    private final int entriesPerRead;
    private final ArrayDeque<CompletableFuture<List<byte[]>>> inFlight = new ArrayDeque<>();
    private long nextToRequest;

    LedgerReader(ReadHandle handle, boolean batched) {
        this.handle = handle;
        this.batched = batched;
        this.lastEntry = handle.getLastAddConfirmed();
        this.entriesPerRead = batched ? 8 : 512;
        fill();
    }

    private void fill() {
        while (inFlight.size() < READS_IN_FLIGHT && nextToRequest <= lastEntry) {
            long first = nextToRequest;
            long last = Math.min(lastEntry, first + entriesPerRead - 1);
            nextToRequest = last + 1;
            inFlight.add(handle.readAsync(first, last).thenApply(this::decode));
        }
    }

    private List<byte[]> decode(LedgerEntries entries) {
        List<byte[]> out = new ArrayList<>();
        try (entries) {
            for (LedgerEntry e : entries) {
                if (batched) {
                    out.addAll(RecordBatch.decode(e.getEntryNioBuffer()));
                } else {
                    out.add(e.getEntryBytes());
                }
            }
        }
        return out;
    }

    @Override
    public CompletableFuture<List<byte[]>> readBulk(int max) {
        CompletableFuture<List<byte[]>> head = inFlight.poll();
        if (head == null) {
            return CompletableFuture.completedFuture(Collections.emptyList());
        }
        fill();
        return head;   // a whole range: may exceed max, which the catch-up loop tolerates
    }

    @Override
    public void close() throws Exception {
        handle.close();
    }
}
