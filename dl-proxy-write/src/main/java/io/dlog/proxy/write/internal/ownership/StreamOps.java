package io.dlog.proxy.write.internal.ownership;

import io.dlog.core.AsyncLogWriter;
import io.dlog.protocol.DLException;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.Futures;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.entry.RecordSetWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The requests an owned stream runs: write, bulk write, truncate and heartbeat. */
final class StreamOps {
    private StreamOps() {
    }

    /** One record. */
    record Write(LogRecord record, CompletableFuture<DLSN> result) implements StreamOp {
        @Override
        public long bytes() {
            return RecordSetWriter.recordBytes(record.payload().length);
        }

        @Override
        public boolean needsEmptyWriter() {
            return false;
        }

        @Override
        public CompletableFuture<?> submit(AsyncLogWriter writer) {
            CompletableFuture<DLSN> f = writer.write(record);
            f.whenComplete((d, t) -> complete(result, d, t));
            return f;
        }

        @Override
        public void fail(DLException error) {
            result.completeExceptionally(error);
        }
    }

    /** Records that must land in one entry, all or none. */
    record Bulk(List<LogRecord> records, CompletableFuture<List<DLSN>> result) implements StreamOp {
        @Override
        public long bytes() {
            return bulkBytes(records);
        }

        @Override
        public boolean needsEmptyWriter() {
            return true;
        }

        @Override
        public CompletableFuture<?> submit(AsyncLogWriter writer) {
            List<CompletableFuture<DLSN>> fs = writer.writeBulk(records);
            CompletableFuture<Void> all = CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0]));
            all.whenComplete((v, t) -> {
                if (t != null) {
                    result.completeExceptionally(firstFailure(fs, t));
                    return;
                }
                List<DLSN> out = new ArrayList<>(fs.size());
                for (CompletableFuture<DLSN> f : fs) {
                    out.add(f.join());
                }
                result.complete(out);
            });
            return all;
        }

        @Override
        public void fail(DLException error) {
            result.completeExceptionally(error);
        }
    }

    /** Truncation before a position (only the owner's writer may truncate). */
    record Truncate(DLSN dlsn, CompletableFuture<Void> result) implements StreamOp {
        @Override
        public long bytes() {
            return 0;
        }

        @Override
        public boolean needsEmptyWriter() {
            return false;
        }

        @Override
        public CompletableFuture<?> submit(AsyncLogWriter writer) {
            CompletableFuture<Void> f = writer.truncate(dlsn);
            f.whenComplete((v, t) -> complete(result, v, t));
            return f;
        }

        @Override
        public void fail(DLException error) {
            result.completeExceptionally(error);
        }
    }

    /** Proves ownership and keeps the stream from going idle. */
    record Heartbeat(CompletableFuture<Void> result) implements StreamOp {
        @Override
        public long bytes() {
            return 0;
        }

        @Override
        public boolean needsEmptyWriter() {
            return false;
        }

        @Override
        public CompletableFuture<?> submit(AsyncLogWriter writer) {
            result.complete(null);
            return result;
        }

        @Override
        public void fail(DLException error) {
            result.completeExceptionally(error);
        }
    }

    /** Bytes a list of records takes in a record set. */
    static long bulkBytes(List<LogRecord> records) {
        long n = 0;
        for (LogRecord r : records) {
            n += RecordSetWriter.recordBytes(r.payload().length);
        }
        return n;
    }

    private static Throwable firstFailure(List<CompletableFuture<DLSN>> fs, Throwable fallback) {
        for (CompletableFuture<DLSN> f : fs) {
            if (f.isCompletedExceptionally()) {
                try {
                    f.join();
                } catch (RuntimeException e) {
                    return Futures.unwrap(e);
                }
            }
        }
        return Futures.unwrap(fallback);
    }

    private static <T> void complete(CompletableFuture<T> f, T v, Throwable t) {
        if (t != null) {
            f.completeExceptionally(Futures.unwrap(t));
        } else {
            f.complete(v);
        }
    }
}
