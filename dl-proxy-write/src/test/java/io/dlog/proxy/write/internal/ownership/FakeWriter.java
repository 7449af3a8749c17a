package io.dlog.proxy.write.internal.ownership;

import io.dlog.core.AsyncLogWriter;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A writer whose futures the test completes by hand; records what it was asked, in order. Not thread-safe. */
final class FakeWriter implements AsyncLogWriter {
    final List<String> calls = new ArrayList<>();
    final List<CompletableFuture<DLSN>> writes = new ArrayList<>();
    final List<CompletableFuture<Void>> flushes = new ArrayList<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    @Override
    public String logName() {
        return "fake";
    }

    @Override
    public CompletableFuture<DLSN> write(LogRecord record) {
        calls.add("write:" + new String(record.payload()));
        CompletableFuture<DLSN> f = new CompletableFuture<>();
        writes.add(f);
        return f;
    }

    @Override
    public List<CompletableFuture<DLSN>> writeBulk(List<LogRecord> records) {
        List<CompletableFuture<DLSN>> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder("bulk:");
        for (LogRecord r : records) {
            sb.append(new String(r.payload())).append(',');
            CompletableFuture<DLSN> f = new CompletableFuture<>();
            writes.add(f);
            out.add(f);
        }
        calls.add(sb.toString());
        return out;
    }

    @Override
    public CompletableFuture<Void> flush() {
        calls.add("flush");
        CompletableFuture<Void> f = new CompletableFuture<>();
        flushes.add(f);
        return f;
    }

    @Override
    public CompletableFuture<Void> markEndOfStream() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> truncate(DLSN dlsn) {
        calls.add("truncate:" + dlsn);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public long getLastTxId() {
        return 0;
    }

    @Override
    public DLSN getLastDLSN() {
        return DLSN.INVALID;
    }

    @Override
    public CompletableFuture<Void> asyncClose() {
        calls.add("close");
        closed.complete(null);
        return closed;
    }

    @Override
    public void close() {
        asyncClose();
    }
}
