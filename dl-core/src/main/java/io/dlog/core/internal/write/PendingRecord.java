package io.dlog.core.internal.write;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecord;
import io.dlog.protocol.entry.RecordSetWriter;
import java.util.concurrent.CompletableFuture;

/** A record accepted by the writer and waiting for its entry's acknowledgement. Guarded by the writer's monitor. */
final class PendingRecord {
    final LogRecord record;
    final CompletableFuture<DLSN> future;
    final long startNanos;
    final int bytes;
    DLSN dlsn;

    PendingRecord(LogRecord record, CompletableFuture<DLSN> future, long startNanos) {
        this.record = record;
        this.future = future;
        this.startNanos = startNanos;
        this.bytes = RecordSetWriter.recordBytes(record.payload().length);
    }
}
